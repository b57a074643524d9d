import type { NeutralAssistantPart } from '../neutral/neutral-request.ts';
import { ZERO_USAGE, type NeutralResponse } from '../neutral/neutral-response.ts';
import { parseWire } from '../shared/parse-wire.ts';
import { finishFromResponses } from './map-responses-status.ts';
import { usageFromResponses } from './map-responses-usage.ts';
import { ResponsesResponse, type ResponsesOutputItem } from './responses-wire.ts';

/**
 * Responses API response → neutral. Hosted-tool items (web search calls) are OpenAI's own business
 * and are ignored.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function parseResponsesResponse(body: unknown): NeutralResponse {
  const wire = parseWire(ResponsesResponse, body, 'Responses response');
  const content = wire.output.flatMap(parseOutputItem);
  return {
    id: wire.id,
    model: wire.model ?? '',
    content,
    finish: finishFromResponses(wire.status, wire.incomplete_details?.reason, content.some((part) => part.type === 'tool-call')),
    usage: usageFromResponses(wire.usage) ?? ZERO_USAGE,
  };
}

export function parseOutputItem(item: ResponsesOutputItem): NeutralAssistantPart[] {
  switch (item.type) {
    case 'message':
      return (item.content ?? []).flatMap((part) =>
        part.type === 'output_text' ? [{ type: 'text' as const, text: part.text ?? '' }] : part.type === 'refusal' ? [{ type: 'text' as const, text: part.refusal ?? '' }] : [],
      );
    case 'reasoning': {
      const part: NeutralAssistantPart = { type: 'thinking', text: (item.summary ?? []).map((summary) => summary.text).join('\n\n'), issuer: 'openai' };
      if (item.id) part.itemId = item.id;
      if (item.encrypted_content) part.encryptedContent = item.encrypted_content;
      return [part];
    }
    case 'function_call':
    case 'custom_tool_call': {
      const custom = item.type === 'custom_tool_call';
      const part: NeutralAssistantPart = { type: 'tool-call', id: item.call_id ?? item.id ?? '', name: item.name ?? '', arguments: (custom ? item.input : item.arguments) ?? '' };
      if (item.namespace) part.namespace = item.namespace;
      if (custom) part.kind = 'custom';
      return [part];
    }
    default:
      return [];
  }
}
