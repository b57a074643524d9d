import type { RequestFeatures } from '../classifier/types.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { renderErrorEvent } from '../errors/render-error.ts';
import type { Protocol } from '../protocols/protocol.ts';
import type { ParsedRequest } from '../protocols/request-schemas.ts';
import type { TokenUsage } from '../router/cost.ts';
import type { RoutingDecision } from '../router/decide.ts';
import { SseDecoder } from '../sse/decode-sse.ts';
import { collectResponsesToolNames, createStreamTranslator, createUsageTracker } from '../translate/index.ts';
import type { RequestContext } from './handle-model-request.ts';
import { priceUsage } from './handle-model-request.ts';
import type { PeekedStream } from './peek-first-event.ts';
import type { GatewayServices } from './services.ts';
import { type Trace, traceHeaders } from './trace-headers.ts';

const encoder = new TextEncoder();

interface RelayArgs {
  services: GatewayServices;
  ctx: RequestContext;
  parsed: ParsedRequest;
  features: RequestFeatures;
  decision: RoutingDecision;
  trace: Omit<Trace, 'cost' | 'savings' | 'estimated'>;
  /** The upstream body, already peeked past its first event (peek-first-event.ts). */
  upstream: PeekedStream;
  upstreamProtocol: Protocol;
  /** Aborting it aborts the upstream fetch. */
  clientGone: AbortController;
  ledger: (usage: TokenUsage, status: number, errorKind: string | null) => void;
}

/**
 * Relays an upstream SSE stream to the client as it arrives — no buffering: each upstream chunk
 * is forwarded (same protocol: the bytes as received; otherwise translated event by event) in
 * the same pull that read it. Usage is observed on the way for the ledger. A client that goes
 * away cancels the stream, which aborts the upstream request. Headers leave before usage is
 * known, so X-CodeRouter-Cost on a stream is the pre-call estimate (marked by
 * X-CodeRouter-Cost-Basis: estimate); the ledger records the actual cost.
 */
export function relayStream(args: RelayArgs): Response {
  const { ctx, upstreamProtocol } = args;
  const passthrough = upstreamProtocol === ctx.protocol;
  const decoder = new SseDecoder();
  const tracker = passthrough ? createUsageTracker(upstreamProtocol) : undefined;
  const translator = passthrough
    ? undefined
    : createStreamTranslator({
        from: upstreamProtocol,
        to: ctx.protocol,
        clientModel: args.parsed.model,
        includeUsage: wantsUsage(args.parsed),
        provider: args.trace.servedBy.provider,
        clientToolNames: ctx.protocol === 'responses' ? collectResponsesToolNames(args.parsed.body) : undefined,
      });
  const reader = args.upstream.reader;
  const prefix = args.upstream.prefix;
  let finished = false;

  const finish = (status: number, errorKind: string | null) => {
    if (finished) return;
    finished = true;
    const usage = (tracker ? tracker.usage : translator?.usage) ?? { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    args.ledger(usage, status, errorKind);
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        const peeked = prefix.shift();
        chunk = peeked ? { done: false, value: peeked } : await reader.read();
      } catch (error) {
        if (args.clientGone.signal.aborted) return;
        // The upstream broke mid-stream: bytes already reached the client, so no fallback;
        // tell the client in its protocol and end the stream cleanly.
        const failure = new GatewayError('upstream', `Upstream stream failed: ${(error as Error).message}`, { status: 502 });
        controller.enqueue(encoder.encode(renderErrorEvent(ctx.protocol, failure)));
        controller.close();
        finish(502, 'upstream');
        return;
      }
      if (chunk.done) {
        if (translator) {
          for (const message of decoder.end()) for (const frame of translator.push(message)) controller.enqueue(encoder.encode(frame));
          for (const frame of translator.end()) controller.enqueue(encoder.encode(frame));
        } else {
          for (const message of decoder.end()) tracker!.observe(message);
        }
        controller.close();
        finish(200, (translator?.sawError ?? tracker?.sawError) ? 'upstream_stream_error' : null);
        return;
      }
      const messages = decoder.push(chunk.value);
      if (translator) {
        for (const message of messages) for (const frame of translator.push(message)) controller.enqueue(encoder.encode(frame));
      } else {
        for (const message of messages) tracker!.observe(message);
        controller.enqueue(chunk.value);
      }
    },
    cancel() {
      args.clientGone.abort(new Error('client disconnected'));
      reader.cancel().catch(() => {});
      finish(499, 'client_closed');
    },
  });

  args.ctx.request.signal.addEventListener(
    'abort',
    () => {
      reader.cancel().catch(() => {});
      finish(499, 'client_closed');
    },
    { once: true },
  );

  const estimate = args.decision.estimate;
  const { cost, savings } = estimateForServed(args, estimate.inputTokens, estimate.outputTokens);
  const trace: Trace = { ...args.trace, cost, savings, estimated: true };
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...args.ctx.baseHeaders,
      ...traceHeaders(trace),
    },
  });
}

function wantsUsage(parsed: ParsedRequest): boolean {
  const options = parsed.body.stream_options as { include_usage?: unknown } | undefined;
  return options?.include_usage === true;
}

function estimateForServed(args: RelayArgs, inputTokens: number, outputTokens: number) {
  return priceUsage(args.services, args.trace.servedBy, { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 });
}
