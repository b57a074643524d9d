import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Decodes a byte stream of Server-Sent Events into messages, once. eventsource-parser does the line
 * handling (CR/LF variants, multi-line data, comments); TextDecoder in streaming mode keeps a
 * multi-byte UTF-8 character that is split across chunks intact.
 */
export type SseMessage = EventSourceMessage;

export class SseDecoder {
  private readonly decoder = new TextDecoder();
  private pending: SseMessage[] = [];
  private readonly parser = createParser({ onEvent: (message) => this.pending.push(message) });

  /** Feeds raw bytes; returns the messages completed by them. */
  push(chunk: Uint8Array): SseMessage[] {
    this.parser.feed(this.decoder.decode(chunk, { stream: true }));
    return this.take();
  }

  /** Flushes a final event that had no trailing blank line. */
  end(): SseMessage[] {
    const rest = this.decoder.decode();
    if (rest) this.parser.feed(rest);
    this.parser.feed('\n\n');
    return this.take();
  }

  private take(): SseMessage[] {
    if (this.pending.length === 0) return EMPTY;
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

const EMPTY: SseMessage[] = [];

/** Encodes one SSE message. `event` is omitted when undefined (OpenAI chat streams have none). */
export function encodeSseMessage(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
