import { renderErrorEvent } from '../../errors/render-error.ts';
import { assertNever } from '../../protocols/protocol.ts';
import { encodeSseMessage } from '../../sse/decode-sse.ts';
import type { StreamPart } from '../neutral/stream-part.ts';
import { ZERO_USAGE, type Usage } from '../neutral/neutral-response.ts';
import { newMessageId, toAnthropicToolId } from '../shared/ids.ts';
import { customInputToArguments, flattenToolName } from '../shared/tool-names.ts';
import { thinkingSignature } from './format-anthropic-response.ts';
import { finishToAnthropic } from './map-anthropic-stop-reason.ts';
import { usageToAnthropic } from './map-anthropic-usage.ts';

type OpenBlock = { index: number; partId: string; kind: 'text' | 'thinking' | 'redacted' | 'tool'; itemId?: string; customInput?: string };

/**
 * Neutral stream parts → Anthropic Messages SSE frames, in the order Anthropic sends them:
 * `message_start` (with a `msg_` id) and a `ping` first, then one `content_block_start` / `_delta` /
 * `_stop` run per block with indices counting from 0 (blocks never interleave: starting a block
 * closes the open one), then `message_delta` with the stop reason and usage, then `message_stop`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicStreamEncoder {
  private started = false;
  private done = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  private usage: Usage = ZERO_USAGE;

  constructor(
    private readonly clientModel: string,
    /** The provider whose reasoning this stream carries; wrapped into the thinking signature. */
    private readonly issuer: string,
  ) {}

  encode(part: StreamPart): string[] {
    if (this.done) return [];
    if (part.type === 'error') {
      this.done = true;
      return [renderErrorEvent('anthropic', part.error)];
    }
    const frames = this.started ? [] : this.start(part.type === 'response-metadata' ? part.id : undefined);
    switch (part.type) {
      case 'response-metadata':
        break;
      case 'text-start':
        frames.push(...this.openBlock({ partId: part.id, kind: 'text' }, { type: 'text', text: '' }));
        break;
      case 'text-delta':
        if (this.open?.partId !== part.id) frames.push(...this.openBlock({ partId: part.id, kind: 'text' }, { type: 'text', text: '' }));
        frames.push(this.delta({ type: 'text_delta', text: part.delta }));
        break;
      case 'text-end':
        frames.push(...this.closeBlock(part.id));
        break;
      case 'reasoning-start':
        frames.push(
          ...(part.redactedData !== undefined
            ? this.openBlock({ partId: part.id, kind: 'redacted' }, { type: 'redacted_thinking', data: part.redactedData })
            : this.openBlock({ partId: part.id, kind: 'thinking', ...(part.itemId ? { itemId: part.itemId } : {}) }, { type: 'thinking', thinking: '', signature: '' })),
        );
        break;
      case 'reasoning-delta':
        if (this.open?.partId !== part.id) frames.push(...this.openBlock({ partId: part.id, kind: 'thinking' }, { type: 'thinking', thinking: '', signature: '' }));
        frames.push(this.delta({ type: 'thinking_delta', thinking: part.delta }));
        break;
      case 'reasoning-end':
        if (this.open?.partId === part.id && this.open.kind === 'thinking') {
          const provenance: Parameters<typeof thinkingSignature>[0] = { issuer: this.issuer };
          if (part.signature) provenance.signature = part.signature;
          if (this.open.itemId) provenance.itemId = this.open.itemId;
          if (part.encryptedContent) provenance.encryptedContent = part.encryptedContent;
          frames.push(this.delta({ type: 'signature_delta', signature: thinkingSignature(provenance) }));
        }
        frames.push(...this.closeBlock(part.id));
        break;
      case 'tool-input-start':
        frames.push(
          ...this.openBlock(
            { partId: part.id, kind: 'tool', ...(part.kind === 'custom' ? { customInput: '' } : {}) },
            { type: 'tool_use', id: toAnthropicToolId(part.id), name: flattenToolName(part.toolName, part.namespace), input: {} },
          ),
        );
        break;
      case 'tool-input-delta':
        if (this.open?.partId !== part.id) break; // a delta for a closed block cannot be expressed in Anthropic's stream
        if (this.open.customInput !== undefined) this.open.customInput += part.delta;
        else frames.push(this.delta({ type: 'input_json_delta', partial_json: part.delta }));
        break;
      case 'tool-input-end':
        if (this.open?.partId === part.id && this.open.customInput !== undefined) {
          frames.push(this.delta({ type: 'input_json_delta', partial_json: customInputToArguments(this.open.customInput) }));
        }
        frames.push(...this.closeBlock(part.id));
        break;
      case 'tool-call':
        break; // already streamed through tool-input-*
      case 'usage':
        this.usage = part.usage;
        break;
      case 'finish': {
        if (part.usage) this.usage = part.usage;
        frames.push(...this.closeOpen());
        frames.push(this.event('message_delta', { type: 'message_delta', delta: finishToAnthropic(part.finish), usage: usageToAnthropic(this.usage) }));
        frames.push(this.event('message_stop', { type: 'message_stop' }));
        this.done = true;
        break;
      }
      default:
        assertNever(part, 'stream part');
    }
    return frames;
  }

  /** The upstream ended without a finish: close what is open and end the message as Anthropic would. */
  end(): string[] {
    if (this.done) return [];
    return this.encode({ type: 'finish', finish: { reason: 'stop' } });
  }

  private start(upstreamId: string | undefined): string[] {
    this.started = true;
    const id = upstreamId?.startsWith('msg_') ? upstreamId : newMessageId();
    const message = {
      id,
      type: 'message',
      role: 'assistant',
      model: this.clientModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usageToAnthropic(this.usage),
    };
    return [this.event('message_start', { type: 'message_start', message }), this.event('ping', { type: 'ping' })];
  }

  private openBlock(block: Omit<OpenBlock, 'index'>, contentBlock: Record<string, unknown>): string[] {
    const frames = this.closeOpen();
    this.open = { ...block, index: this.nextIndex++ };
    frames.push(this.event('content_block_start', { type: 'content_block_start', index: this.open.index, content_block: contentBlock }));
    return frames;
  }

  private closeBlock(partId: string): string[] {
    return this.open?.partId === partId ? this.closeOpen() : [];
  }

  private closeOpen(): string[] {
    if (!this.open) return [];
    const index = this.open.index;
    this.open = undefined;
    return [this.event('content_block_stop', { type: 'content_block_stop', index })];
  }

  private delta(delta: Record<string, unknown>): string {
    return this.event('content_block_delta', { type: 'content_block_delta', index: this.open!.index, delta });
  }

  private event(name: string, data: unknown): string {
    return encodeSseMessage(JSON.stringify(data), name);
  }
}
