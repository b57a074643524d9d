import type { SseMessage } from '../../sse/decode-sse.ts';
import type { NeutralFinish, Usage } from '../neutral/neutral-response.ts';
import type { StreamPart } from '../neutral/stream-part.ts';
import { newToolCallId } from '../shared/ids.ts';
import { upstreamStreamError } from '../shared/upstream-error.ts';
import { finishFromChat } from './map-openai-chat-finish-reason.ts';
import { usageFromChat } from './map-openai-chat-usage.ts';
import { ChatChunk } from './openai-chat-wire.ts';

type ToolState = { id: string; name: string; args: string };

/**
 * Chat Completions SSE → neutral stream parts. Text, reasoning and each tool call (keyed by
 * `tool_calls[].index`) become blocks; a block ends when another kind starts or the choice
 * finishes. The finish part waits for `[DONE]` (or the end of the stream) because the usage chunk
 * asked for with `stream_options.include_usage` comes after the chunk with `finish_reason`.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class OpenAIChatStreamDecoder {
  private started = false;
  private finished = false;
  private blockCount = 0;
  private open: { kind: 'text' | 'reasoning'; id: string } | { kind: 'tool'; index: number } | undefined;
  private readonly tools = new Map<number, ToolState>();
  private finish: NeutralFinish | undefined;
  private usage: Usage | undefined;

  push(message: SseMessage): StreamPart[] {
    if (this.finished) return [];
    if (message.data.trim() === '[DONE]') return this.end();
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return [];
    }
    const parsed = ChatChunk.safeParse(data);
    if (!parsed.success) return [];
    const chunk = parsed.data;
    if (chunk.error !== undefined) {
      this.finished = true;
      return [{ type: 'error', error: upstreamStreamError(chunk.error, 'openai') }];
    }
    const parts: StreamPart[] = [];
    if (!this.started) {
      this.started = true;
      const metadata: StreamPart = { type: 'response-metadata' };
      if (chunk.id) metadata.id = chunk.id;
      if (chunk.model) metadata.model = chunk.model;
      if (chunk.created) metadata.created = chunk.created;
      parts.push(metadata);
    }
    const choice = chunk.choices?.[0];
    const delta = choice?.delta;
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (reasoning) parts.push(...this.appendText('reasoning', reasoning));
    if (delta?.content) parts.push(...this.appendText('text', delta.content));
    delta?.tool_calls?.forEach((call, position) => {
      const index = call.index ?? position;
      let tool = this.tools.get(index);
      if (!tool) {
        parts.push(...this.closeOpen());
        tool = { id: call.id || newToolCallId(), name: call.function?.name ?? '', args: '' };
        this.tools.set(index, tool);
        this.open = { kind: 'tool', index };
        parts.push({ type: 'tool-input-start', id: tool.id, toolName: tool.name });
      }
      const args = call.function?.arguments;
      if (args) {
        tool.args += args;
        parts.push({ type: 'tool-input-delta', id: tool.id, delta: args });
      }
    });
    if (choice?.finish_reason) {
      this.finish = finishFromChat(choice.finish_reason);
      parts.push(...this.closeOpen());
    }
    const usage = usageFromChat(chunk.usage);
    if (usage) {
      this.usage = usage;
      parts.push({ type: 'usage', usage });
    }
    return parts;
  }

  end(): StreamPart[] {
    if (this.finished) return [];
    this.finished = true;
    const parts = this.closeOpen();
    const finish: StreamPart = { type: 'finish', finish: this.finish ?? { reason: this.tools.size ? 'tool-calls' : 'stop' } };
    if (this.usage) finish.usage = this.usage;
    parts.push(finish);
    return parts;
  }

  private appendText(kind: 'text' | 'reasoning', delta: string): StreamPart[] {
    const parts: StreamPart[] = [];
    if (this.open?.kind !== kind) {
      parts.push(...this.closeOpen());
      const id = `${kind}-${this.blockCount++}`;
      this.open = { kind, id };
      parts.push({ type: kind === 'text' ? 'text-start' : 'reasoning-start', id });
    }
    const id = (this.open as { id: string }).id;
    parts.push(kind === 'text' ? { type: 'text-delta', id, delta } : { type: 'reasoning-delta', id, delta });
    return parts;
  }

  private closeOpen(): StreamPart[] {
    const open = this.open;
    this.open = undefined;
    if (!open) return [];
    switch (open.kind) {
      case 'text':
        return [{ type: 'text-end', id: open.id }];
      case 'reasoning':
        return [{ type: 'reasoning-end', id: open.id }];
      case 'tool': {
        const tool = this.tools.get(open.index)!;
        return [
          { type: 'tool-input-end', id: tool.id },
          { type: 'tool-call', toolCallId: tool.id, toolName: tool.name, input: tool.args === '' ? '{}' : tool.args },
        ];
      }
    }
  }
}
