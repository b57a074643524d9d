import type { NeutralAssistantPart } from '../neutral/neutral-request.ts';
import type { NeutralResponse } from '../neutral/neutral-response.ts';
import { parseWire, stringifyToolInput } from '../shared/parse-wire.ts';
import { AnthropicResponse, type AnthropicContentBlock } from './anthropic-wire.ts';
import { finishFromAnthropic } from './map-anthropic-stop-reason.ts';
import { usageFromAnthropic } from './map-anthropic-usage.ts';

/**
 * Anthropic Messages response → neutral. Server-tool blocks (web search results and the like) have
 * no client-side meaning in another protocol and are ignored.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function parseAnthropicResponse(body: unknown): NeutralResponse {
  const wire = parseWire(AnthropicResponse, body, 'Anthropic response');
  return {
    id: wire.id,
    model: wire.model ?? '',
    content: wire.content.flatMap(parseBlock),
    finish: finishFromAnthropic(wire.stop_reason, wire.stop_sequence),
    usage: usageFromAnthropic(wire.usage),
  };
}

function parseBlock(block: AnthropicContentBlock): NeutralAssistantPart[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: (block as { text: string }).text }];
    case 'tool_use': {
      const use = block as Extract<AnthropicContentBlock, { type: 'tool_use' }>;
      return [{ type: 'tool-call', id: use.id, name: use.name, arguments: stringifyToolInput(use.input) }];
    }
    case 'thinking': {
      const thinking = block as Extract<AnthropicContentBlock, { type: 'thinking' }>;
      return [{ type: 'thinking', text: thinking.thinking, issuer: 'anthropic', ...(thinking.signature ? { signature: thinking.signature } : {}) }];
    }
    case 'redacted_thinking':
      return [{ type: 'thinking', text: '', issuer: 'anthropic', redactedData: (block as { data: string }).data }];
    default:
      return [];
  }
}
