import { z } from 'zod';
import type { SseMessage } from '../../sse/decode-sse.ts';
import type { StreamPart } from '../neutral/stream-part.ts';
import type { NeutralFinish, Usage } from '../neutral/neutral-response.ts';
import { AnthropicUsage } from './anthropic-wire.ts';
import { finishFromAnthropic } from './map-anthropic-stop-reason.ts';
import { usageFromAnthropic } from './map-anthropic-usage.ts';
import { upstreamStreamError } from '../shared/upstream-error.ts';

/**
 * Anthropic Messages SSE → neutral stream parts. Blocks are keyed by their `index`; a tool block's
 * part id is its tool_use id. Usage arrives in `message_start` (input, cache) and `message_delta`
 * (output, sometimes input again); the finish part carries the sum at `message_stop`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
const Event = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('message_start'), message: z.looseObject({ id: z.string().optional(), model: z.string().optional(), usage: AnthropicUsage.optional() }) }),
  z.looseObject({ type: z.literal('content_block_start'), index: z.number(), content_block: z.looseObject({ type: z.string(), id: z.string().optional(), name: z.string().optional(), data: z.string().optional() }) }),
  z.looseObject({
    type: z.literal('content_block_delta'),
    index: z.number(),
    delta: z.looseObject({ type: z.string(), text: z.string().optional(), thinking: z.string().optional(), signature: z.string().optional(), partial_json: z.string().optional() }),
  }),
  z.looseObject({ type: z.literal('content_block_stop'), index: z.number() }),
  z.looseObject({ type: z.literal('message_delta'), delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }), usage: AnthropicUsage.optional() }),
  z.looseObject({ type: z.literal('message_stop') }),
  z.looseObject({ type: z.literal('ping') }),
  z.looseObject({ type: z.literal('error'), error: z.unknown() }),
]);

type Block =
  | { kind: 'text'; id: string }
  | { kind: 'reasoning'; id: string; signature?: string }
  | { kind: 'tool'; id: string; name: string; input: string }
  | { kind: 'ignored' };

export class AnthropicStreamDecoder {
  private readonly blocks = new Map<number, Block>();
  private usage: Usage | undefined;
  private finish: NeutralFinish = { reason: 'other' };
  private finished = false;

  push(message: SseMessage): StreamPart[] {
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return [];
    }
    const parsed = Event.safeParse(data);
    if (!parsed.success) return []; // an event type this decoder does not know: ignored by design
    const event = parsed.data;
    switch (event.type) {
      case 'message_start':
        this.usage = usageFromAnthropic(event.message.usage);
        return [{ type: 'response-metadata', ...definedMetadata(event.message.id, event.message.model) }, { type: 'usage', usage: this.usage }];
      case 'content_block_start':
        return this.startBlock(event.index, event.content_block);
      case 'content_block_delta':
        return this.delta(event.index, event.delta);
      case 'content_block_stop':
        return this.stopBlock(event.index);
      case 'message_delta':
        this.finish = finishFromAnthropic(event.delta.stop_reason, event.delta.stop_sequence);
        this.usage = usageFromAnthropic(event.usage, this.usage);
        return [{ type: 'usage', usage: this.usage }];
      case 'message_stop':
        return this.end();
      case 'ping':
        return [];
      case 'error':
        this.finished = true;
        return [{ type: 'error', error: upstreamStreamError(event.error, 'anthropic') }];
    }
  }

  /** A stream that ended without `message_stop` still reports what it saw. */
  end(): StreamPart[] {
    if (this.finished) return [];
    this.finished = true;
    const parts: StreamPart[] = [...this.blocks.keys()].flatMap((index) => this.stopBlock(index));
    const finish: StreamPart = { type: 'finish', finish: this.finish };
    if (this.usage) finish.usage = this.usage;
    parts.push(finish);
    return parts;
  }

  private startBlock(index: number, block: { type: string; id?: string | undefined; name?: string | undefined; data?: string | undefined }): StreamPart[] {
    const id = String(index);
    switch (block.type) {
      case 'text':
        this.blocks.set(index, { kind: 'text', id });
        return [{ type: 'text-start', id }];
      case 'thinking':
        this.blocks.set(index, { kind: 'reasoning', id });
        return [{ type: 'reasoning-start', id }];
      case 'redacted_thinking':
        this.blocks.set(index, { kind: 'reasoning', id });
        return [{ type: 'reasoning-start', id, redactedData: block.data ?? '' }];
      case 'tool_use': {
        const toolId = block.id ?? `toolu_${index}`;
        this.blocks.set(index, { kind: 'tool', id: toolId, name: block.name ?? '', input: '' });
        return [{ type: 'tool-input-start', id: toolId, toolName: block.name ?? '' }];
      }
      default:
        // server_tool_use, web_search_tool_result, …: run by Anthropic, meaningless to other clients
        this.blocks.set(index, { kind: 'ignored' });
        return [];
    }
  }

  private delta(index: number, delta: { type: string; text?: string | undefined; thinking?: string | undefined; signature?: string | undefined; partial_json?: string | undefined }): StreamPart[] {
    const block = this.blocks.get(index);
    if (!block) return [];
    switch (delta.type) {
      case 'text_delta':
        return block.kind === 'text' && delta.text ? [{ type: 'text-delta', id: block.id, delta: delta.text }] : [];
      case 'thinking_delta':
        return block.kind === 'reasoning' && delta.thinking ? [{ type: 'reasoning-delta', id: block.id, delta: delta.thinking }] : [];
      case 'signature_delta':
        if (block.kind === 'reasoning' && delta.signature) block.signature = delta.signature;
        return [];
      case 'input_json_delta':
        if (block.kind !== 'tool' || !delta.partial_json) return [];
        block.input += delta.partial_json;
        return [{ type: 'tool-input-delta', id: block.id, delta: delta.partial_json }];
      default:
        return []; // citations_delta and future delta types: ignored
    }
  }

  private stopBlock(index: number): StreamPart[] {
    const block = this.blocks.get(index);
    this.blocks.delete(index);
    if (!block) return [];
    switch (block.kind) {
      case 'text':
        return [{ type: 'text-end', id: block.id }];
      case 'reasoning':
        return [block.signature ? { type: 'reasoning-end', id: block.id, signature: block.signature } : { type: 'reasoning-end', id: block.id }];
      case 'tool':
        return [
          { type: 'tool-input-end', id: block.id },
          { type: 'tool-call', toolCallId: block.id, toolName: block.name, input: block.input === '' ? '{}' : block.input },
        ];
      case 'ignored':
        return [];
    }
  }
}

function definedMetadata(id: string | undefined, model: string | undefined): { id?: string; model?: string } {
  const out: { id?: string; model?: string } = {};
  if (id) out.id = id;
  if (model) out.model = model;
  return out;
}
