import type { Protocol } from '../../protocols/protocol.ts';
import { assertNever } from '../../protocols/protocol.ts';
import type { SseMessage } from '../../sse/decode-sse.ts';
import { AnthropicStreamDecoder } from '../anthropic/decode-anthropic-stream.ts';
import { AnthropicStreamEncoder } from '../anthropic/encode-anthropic-stream.ts';
import type { StreamPart } from '../neutral/stream-part.ts';
import { OpenAIChatStreamDecoder } from '../openai-chat/decode-openai-chat-stream.ts';
import { OpenAIChatStreamEncoder } from '../openai-chat/encode-openai-chat-stream.ts';
import { ResponsesStreamDecoder } from '../responses/decode-responses-stream.ts';
import { ResponsesStreamEncoder } from '../responses/encode-responses-stream.ts';
import type { ClientToolNames } from '../shared/tool-names.ts';

export interface StreamDecoder {
  push(message: SseMessage): StreamPart[];
  end(): StreamPart[];
}

export interface StreamEncoder {
  encode(part: StreamPart): string[];
  end(): string[];
}

export function createStreamDecoder(protocol: Protocol): StreamDecoder {
  switch (protocol) {
    case 'anthropic':
      return new AnthropicStreamDecoder();
    case 'openai':
      return new OpenAIChatStreamDecoder();
    case 'responses':
      return new ResponsesStreamDecoder();
    default:
      return assertNever(protocol, 'protocol');
  }
}

export function createStreamEncoder(
  protocol: Protocol,
  options: { clientModel: string; issuer: string; includeUsage: boolean; clientToolNames: ClientToolNames },
): StreamEncoder {
  switch (protocol) {
    case 'anthropic':
      return new AnthropicStreamEncoder(options.clientModel, options.issuer);
    case 'openai':
      return new OpenAIChatStreamEncoder(options.clientModel, options.includeUsage);
    case 'responses':
      return new ResponsesStreamEncoder(options.clientModel, options.issuer, options.clientToolNames);
    default:
      return assertNever(protocol, 'protocol');
  }
}
