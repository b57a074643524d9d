import type { Protocol } from '../../protocols/protocol.ts';
import type { SseMessage } from '../../sse/decode-sse.ts';
import type { Usage } from '../neutral/neutral-response.ts';
import type { StreamPart } from '../neutral/stream-part.ts';
import { NO_CLIENT_TOOL_NAMES, type ClientToolNames } from '../shared/tool-names.ts';
import { createStreamDecoder, createStreamEncoder } from './stream-codecs.ts';

export interface StreamTranslatorOptions {
  from: Protocol;
  to: Protocol;
  clientModel: string;
  /** OpenAI clients: the request's `stream_options.include_usage`. */
  includeUsage?: boolean;
  /** The upstream provider id (`deepseek`, `openai`, …): who issued the reasoning in this stream. */
  provider?: string;
  /** Responses clients: how their namespace / custom tools are named (collectResponsesToolNames). */
  clientToolNames?: ClientToolNames;
}

export interface StreamTranslator {
  push(message: SseMessage): string[];
  end(): string[];
  readonly usage: Usage | undefined;
  readonly finishReason: string | undefined;
  readonly sawError: boolean;
}

/** Who issued reasoning when the caller did not say: the protocol's home provider. */
export function defaultIssuer(protocol: Protocol): string {
  return protocol === 'anthropic' ? 'anthropic' : protocol === 'responses' ? 'openai' : 'openai-compatible';
}

/**
 * Upstream SSE messages in, client SSE frames out. Different protocols: decoded once into stream
 * parts, encoded once for the client. Same protocol: each message re-encoded as received, still
 * decoded on the side for usage and finish.
 */
export function createStreamTranslator(options: StreamTranslatorOptions): StreamTranslator {
  const decoder = createStreamDecoder(options.from);
  const passthrough = options.from === options.to;
  const encoder = passthrough
    ? undefined
    : createStreamEncoder(options.to, {
        clientModel: options.clientModel,
        issuer: options.provider ?? defaultIssuer(options.from),
        includeUsage: options.includeUsage ?? false,
        clientToolNames: options.clientToolNames ?? NO_CLIENT_TOOL_NAMES,
      });
  let usage: Usage | undefined;
  let finishReason: string | undefined;
  let sawError = false;

  const observe = (parts: StreamPart[]): string[] => {
    const frames: string[] = [];
    for (const part of parts) {
      if (part.type === 'usage') usage = part.usage;
      else if (part.type === 'finish') {
        finishReason = part.finish.reason;
        if (part.usage) usage = part.usage;
      } else if (part.type === 'error') sawError = true;
      if (encoder) frames.push(...encoder.encode(part));
    }
    return frames;
  };

  return {
    push(message) {
      const frames = observe(decoder.push(message));
      return passthrough ? [reencode(message)] : frames;
    },
    end() {
      const frames = observe(decoder.end());
      return encoder ? [...frames, ...encoder.end()] : [];
    },
    get usage() {
      return usage;
    },
    get finishReason() {
      return finishReason;
    },
    get sawError() {
      return sawError;
    },
  };
}

export interface UsageTracker {
  observe(message: SseMessage): void;
  readonly usage: Usage | undefined;
  readonly finishReason: string | undefined;
  readonly sawError: boolean;
}

/** For a passthrough relay of raw bytes: watches the decoded messages for usage, finish and errors. */
export function createUsageTracker(protocol: Protocol): UsageTracker {
  const translator = createStreamTranslator({ from: protocol, to: protocol, clientModel: '' });
  return {
    observe(message) {
      translator.push(message);
    },
    get usage() {
      return translator.usage;
    },
    get finishReason() {
      return translator.finishReason;
    },
    get sawError() {
      return translator.sawError;
    },
  };
}

/** One message as received; a multi-line `data` goes out as several `data:` lines, as SSE requires. */
function reencode(message: SseMessage): string {
  const event = message.event === undefined ? '' : `event: ${message.event}\n`;
  return `${event}${message.data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
}
