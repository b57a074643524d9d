import { renderErrorEvent } from '../../errors/render-error.ts';
import { assertNever } from '../../protocols/protocol.ts';
import { encodeSseMessage } from '../../sse/decode-sse.ts';
import { ZERO_USAGE, type Usage } from '../neutral/neutral-response.ts';
import type { StreamPart } from '../neutral/stream-part.ts';
import { newChatCompletionId } from '../shared/ids.ts';
import { customInputToArguments, flattenToolName } from '../shared/tool-names.ts';
import { finishToChat } from './map-openai-chat-finish-reason.ts';
import { usageToChat } from './map-openai-chat-usage.ts';

/**
 * Neutral stream parts → Chat Completions SSE chunks: a first chunk with the assistant role, then
 * content / `reasoning_content` / `tool_calls[]` deltas (each call keeps its `index`, counted from
 * 0 in start order; id, type and name only on its first delta), a chunk with `finish_reason`, the
 * usage chunk (empty `choices`) when the client asked `stream_options.include_usage`, and `[DONE]`.
 * After an error nothing follows the error chunk: `[DONE]` would read as a normal end.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class OpenAIChatStreamEncoder {
  private id = newChatCompletionId();
  private created = Math.floor(Date.now() / 1000);
  private started = false;
  private done = false;
  private readonly toolIndex = new Map<string, number>();
  private readonly customInput = new Map<string, string>();
  private usage: Usage = ZERO_USAGE;

  constructor(
    private readonly clientModel: string,
    private readonly includeUsage: boolean,
  ) {}

  encode(part: StreamPart): string[] {
    if (this.done) return [];
    if (part.type === 'error') {
      this.done = true;
      return [renderErrorEvent('openai', part.error)];
    }
    const frames: string[] = [];
    if (!this.started) {
      this.started = true;
      if (part.type === 'response-metadata') {
        if (part.id?.startsWith('chatcmpl')) this.id = part.id;
        if (part.created) this.created = part.created;
      }
      frames.push(this.chunk({ role: 'assistant', content: '' }));
    }
    switch (part.type) {
      case 'response-metadata':
      case 'text-start':
      case 'text-end':
      case 'reasoning-start':
      case 'reasoning-end':
      case 'tool-call':
        break; // a Chat Completions stream has no block boundaries
      case 'text-delta':
        frames.push(this.chunk({ content: part.delta }));
        break;
      case 'reasoning-delta':
        frames.push(this.chunk({ reasoning_content: part.delta }));
        break;
      case 'tool-input-start': {
        const index = this.toolIndex.size;
        this.toolIndex.set(part.id, index);
        if (part.kind === 'custom') this.customInput.set(part.id, '');
        frames.push(this.chunk({ tool_calls: [{ index, id: part.id, type: 'function', function: { name: flattenToolName(part.toolName, part.namespace), arguments: '' } }] }));
        break;
      }
      case 'tool-input-delta': {
        const index = this.toolIndex.get(part.id);
        if (index === undefined) break;
        const custom = this.customInput.get(part.id);
        if (custom !== undefined) this.customInput.set(part.id, custom + part.delta);
        else frames.push(this.chunk({ tool_calls: [{ index, function: { arguments: part.delta } }] }));
        break;
      }
      case 'tool-input-end': {
        const index = this.toolIndex.get(part.id);
        const custom = this.customInput.get(part.id);
        if (index !== undefined && custom !== undefined) frames.push(this.chunk({ tool_calls: [{ index, function: { arguments: customInputToArguments(custom) } }] }));
        break;
      }
      case 'usage':
        this.usage = part.usage;
        break;
      case 'finish':
        if (part.usage) this.usage = part.usage;
        frames.push(this.chunk({}, finishToChat(part.finish)));
        if (this.includeUsage) frames.push(this.data({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.clientModel, choices: [], usage: usageToChat(this.usage) }));
        frames.push(encodeSseMessage('[DONE]'));
        this.done = true;
        break;
      default:
        assertNever(part, 'stream part');
    }
    return frames;
  }

  end(): string[] {
    if (this.done) return [];
    return this.encode({ type: 'finish', finish: { reason: this.toolIndex.size ? 'tool-calls' : 'stop' } });
  }

  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    return this.data({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.clientModel,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
  }

  private data(value: unknown): string {
    return encodeSseMessage(JSON.stringify(value));
  }
}
