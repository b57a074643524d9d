import { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error.ts';
import type { SseMessage } from '../../sse/decode-sse.ts';
import type { Usage } from '../neutral/neutral-response.ts';
import type { StreamPart } from '../neutral/stream-part.ts';
import { upstreamStreamError } from '../shared/upstream-error.ts';
import { finishFromResponses } from './map-responses-status.ts';
import { usageFromResponses } from './map-responses-usage.ts';
import { ResponsesOutputItem, ResponsesUsage } from './responses-wire.ts';

/**
 * Responses API SSE → neutral stream parts. Output items are keyed by `output_index`; a message's
 * text parts by `content_index`; reasoning uses the summary text (summary parts joined by a blank
 * line, as parse-responses-response does). The finish part comes from `response.completed` /
 * `response.incomplete`; `response.failed` and `error` become an error part.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
const ResponseEnvelope = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  created_at: z.number().optional(),
  status: z.string().nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  usage: ResponsesUsage.nullish(),
  error: z.unknown().optional(),
});

const Event = z.looseObject({
  type: z.string(),
  response: ResponseEnvelope.optional(),
  output_index: z.number().optional(),
  content_index: z.number().optional(),
  summary_index: z.number().optional(),
  item: ResponsesOutputItem.optional(),
  delta: z.string().optional(),
  code: z.string().nullish(),
  message: z.string().optional(),
});

type Item =
  | { kind: 'message'; id: string; openText: string | undefined }
  | { kind: 'reasoning'; id: string; summaryIndex: number | undefined }
  | { kind: 'tool'; id: string; name: string; args: string; namespace?: string; custom: boolean }
  | { kind: 'ignored' };

export class ResponsesStreamDecoder {
  private readonly items = new Map<number, Item>();
  private started = false;
  private finished = false;
  private usage: Usage | undefined;
  private sawToolCall = false;

  push(message: SseMessage): StreamPart[] {
    if (this.finished) return [];
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return [];
    }
    const parsed = Event.safeParse(data);
    if (!parsed.success) return [];
    const event = parsed.data;
    const index = event.output_index ?? -1;
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
        return this.metadata(event.response);
      case 'response.output_item.added':
        return event.item ? this.addItem(index, event.item) : [];
      case 'response.content_part.added':
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        return this.text(index, event.content_index ?? 0, event.delta);
      case 'response.content_part.done':
        return this.closeText(index);
      case 'response.reasoning_summary_text.delta':
        return this.reasoning(index, event.summary_index ?? 0, event.delta ?? '');
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        return this.toolDelta(index, event.delta ?? '');
      case 'response.output_item.done':
        return event.item ? this.doneItem(index, event.item) : [];
      case 'response.completed':
      case 'response.incomplete':
        return this.complete(event.response);
      case 'response.failed':
        this.finished = true;
        return [{ type: 'error', error: upstreamStreamError(event.response?.error ?? { message: 'The upstream response failed' }, 'openai') }];
      case 'error':
        this.finished = true;
        return [{ type: 'error', error: upstreamStreamError({ code: event.code, message: event.message }, 'openai') }];
      default:
        // response.queued, *.done duplicates of data we already have, reasoning_text (raw
        // reasoning, not sent by OpenAI models), annotations, hosted-tool progress: ignored.
        return [];
    }
  }

  end(): StreamPart[] {
    if (this.finished) return [];
    this.finished = true;
    // No response.completed: the upstream cut the stream short.
    return [{ type: 'error', error: new GatewayError('upstream', 'The upstream stream ended before the response completed') }];
  }

  private metadata(response: z.infer<typeof ResponseEnvelope> | undefined): StreamPart[] {
    if (this.started) return [];
    this.started = true;
    const part: StreamPart = { type: 'response-metadata' };
    if (response?.id) part.id = response.id;
    if (response?.model) part.model = response.model;
    if (response?.created_at) part.created = response.created_at;
    return [part];
  }

  private addItem(index: number, item: ResponsesOutputItem): StreamPart[] {
    switch (item.type) {
      case 'message':
        this.items.set(index, { kind: 'message', id: item.id ?? `msg_${index}`, openText: undefined });
        return [];
      case 'reasoning': {
        const id = item.id ?? `rs_${index}`;
        this.items.set(index, { kind: 'reasoning', id, summaryIndex: undefined });
        return [{ type: 'reasoning-start', id, itemId: id }];
      }
      case 'function_call':
      case 'custom_tool_call': {
        const custom = item.type === 'custom_tool_call';
        const tool: Item = { kind: 'tool', id: item.call_id ?? item.id ?? `call_${index}`, name: item.name ?? '', args: '', custom };
        if (item.namespace) tool.namespace = item.namespace;
        this.items.set(index, tool);
        this.sawToolCall = true;
        const part: StreamPart = { type: 'tool-input-start', id: tool.id, toolName: tool.name };
        if (tool.namespace) part.namespace = tool.namespace;
        if (custom) part.kind = 'custom';
        return [part];
      }
      default:
        this.items.set(index, { kind: 'ignored' });
        return [];
    }
  }

  private text(index: number, contentIndex: number, delta: string | undefined): StreamPart[] {
    const item = this.items.get(index);
    if (item?.kind !== 'message') return [];
    const id = `${item.id}:${contentIndex}`;
    const parts: StreamPart[] = [];
    if (item.openText !== id) {
      parts.push(...this.closeText(index));
      item.openText = id;
      parts.push({ type: 'text-start', id });
    }
    if (delta) parts.push({ type: 'text-delta', id, delta });
    return parts;
  }

  private closeText(index: number): StreamPart[] {
    const item = this.items.get(index);
    if (item?.kind !== 'message' || item.openText === undefined) return [];
    const id = item.openText;
    item.openText = undefined;
    return [{ type: 'text-end', id }];
  }

  private reasoning(index: number, summaryIndex: number, delta: string): StreamPart[] {
    const item = this.items.get(index);
    if (item?.kind !== 'reasoning') return [];
    const separator = item.summaryIndex !== undefined && item.summaryIndex !== summaryIndex ? '\n\n' : '';
    item.summaryIndex = summaryIndex;
    return separator + delta ? [{ type: 'reasoning-delta', id: item.id, delta: separator + delta }] : [];
  }

  private toolDelta(index: number, delta: string): StreamPart[] {
    const item = this.items.get(index);
    if (item?.kind !== 'tool' || delta === '') return [];
    item.args += delta;
    return [{ type: 'tool-input-delta', id: item.id, delta }];
  }

  private doneItem(index: number, done: ResponsesOutputItem): StreamPart[] {
    const item = this.items.get(index);
    this.items.delete(index);
    if (!item) return [];
    switch (item.kind) {
      case 'message':
        return this.closeTextOf(item);
      case 'reasoning':
        return [done.encrypted_content ? { type: 'reasoning-end', id: item.id, encryptedContent: done.encrypted_content } : { type: 'reasoning-end', id: item.id }];
      case 'tool': {
        const input = (item.custom ? done.input : done.arguments) ?? item.args;
        const call: StreamPart = { type: 'tool-call', toolCallId: item.id, toolName: item.name, input: input === '' && !item.custom ? '{}' : input };
        if (item.namespace) call.namespace = item.namespace;
        if (item.custom) call.kind = 'custom';
        // Arguments that arrived only in the done item (no deltas) still reach the client.
        const missing: StreamPart[] = item.args === '' && input !== '' ? [{ type: 'tool-input-delta', id: item.id, delta: input }] : [];
        return [...missing, { type: 'tool-input-end', id: item.id }, call];
      }
      case 'ignored':
        return [];
    }
  }

  private closeTextOf(item: Extract<Item, { kind: 'message' }>): StreamPart[] {
    if (item.openText === undefined) return [];
    const id = item.openText;
    item.openText = undefined;
    return [{ type: 'text-end', id }];
  }

  private complete(response: z.infer<typeof ResponseEnvelope> | undefined): StreamPart[] {
    this.finished = true;
    const parts: StreamPart[] = [];
    for (const [index] of this.items) parts.push(...this.doneItem(index, { type: 'unknown' }));
    this.usage = usageFromResponses(response?.usage) ?? this.usage;
    const finish: StreamPart = { type: 'finish', finish: finishFromResponses(response?.status, response?.incomplete_details?.reason, this.sawToolCall) };
    if (this.usage) finish.usage = this.usage;
    parts.push(finish);
    return parts;
  }
}
