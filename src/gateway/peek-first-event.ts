import { GatewayError } from '../errors/gateway-error.ts';
import type { Protocol } from '../protocols/protocol.ts';
import { SseDecoder, type SseMessage } from '../sse/decode-sse.ts';

/**
 * Reads an upstream stream up to its first SSE event before anything is sent to the client.
 * Providers sometimes answer HTTP 200 and then an error as the very first event (Anthropic when
 * overloaded): since no byte has reached the client yet, that is still a failure we can fall back
 * from. Waiting for one event costs no latency: it arrives with the upstream's first bytes.
 */
/** The two reader methods the relay uses (Bun's and node's reader types differ in extras). */
export interface ByteReader {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array<ArrayBuffer> }>;
  cancel(reason?: unknown): Promise<void>;
}

export interface PeekedStream {
  reader: ByteReader;
  /** The bytes read while peeking, to be relayed first. */
  prefix: Array<Uint8Array<ArrayBuffer>>;
}

export type PeekResult = { ok: true; stream: PeekedStream } | { ok: false; error: GatewayError };

const STATUS_BY_TYPE: Record<string, number> = {
  overloaded_error: 529,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  api_error: 500,
  server_error: 500,
  timeout_error: 504,
};

/** The error a first event reports, if it is one. */
export function errorInFirstEvent(protocol: Protocol, message: SseMessage, provider: string): GatewayError | undefined {
  const isError =
    (protocol !== 'openai' && (message.event === 'error' || message.event === 'response.failed')) ||
    (protocol === 'openai' && message.data.startsWith('{"error"'));
  if (!isError) return undefined;
  let type = 'api_error';
  let text = 'stream failed before any content';
  try {
    const body = JSON.parse(message.data) as { error?: { type?: string; code?: string; message?: string }; code?: string; message?: string; response?: { error?: { type?: string; code?: string; message?: string } } };
    const inner = body.error ?? body.response?.error;
    type = inner?.type ?? inner?.code ?? body.code ?? type;
    text = inner?.message ?? body.message ?? text;
  } catch {
    // keep the defaults
  }
  const status = STATUS_BY_TYPE[type] ?? 502;
  return new GatewayError(status === 529 ? 'overloaded' : status === 429 ? 'rate_limit' : 'upstream', `${provider}: ${text}`, {
    status,
    provider,
    retryable: true,
  });
}

export async function peekFirstEvent(response: Response, protocol: Protocol, provider: string, timeoutMs: number): Promise<PeekResult> {
  const reader = (response.body as ReadableStream<Uint8Array<ArrayBuffer>>).getReader() as unknown as ByteReader;
  const decoder = new SseDecoder();
  const prefix: Array<Uint8Array<ArrayBuffer>> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === 'timeout') {
        reader.cancel().catch(() => {});
        return { ok: false, error: new GatewayError('timeout', `Upstream ${provider} sent no event within ${timeoutMs} ms.`, { provider, retryable: true }) };
      }
      if (next.done) {
        const [first] = decoder.end();
        const error = first && errorInFirstEvent(protocol, first, provider);
        if (error) return { ok: false, error };
        return { ok: true, stream: { reader, prefix } };
      }
      prefix.push(next.value);
      const [first] = decoder.push(next.value);
      if (!first) continue;
      const error = errorInFirstEvent(protocol, first, provider);
      if (error) {
        reader.cancel().catch(() => {});
        return { ok: false, error };
      }
      return { ok: true, stream: { reader, prefix } };
    }
  } catch (error) {
    return { ok: false, error: new GatewayError('upstream', `Upstream ${provider} stream broke before any event: ${(error as Error).message}`, { status: 502, provider, retryable: true }) };
  } finally {
    clearTimeout(timer);
  }
}
