import { assertNever } from '../../protocols/protocol.ts';
import type { NeutralAssistantPart } from '../neutral/neutral-request.ts';
import type { NeutralResponse } from '../neutral/neutral-response.ts';
import { toAnthropicToolId } from '../shared/ids.ts';
import { parseToolArguments } from '../shared/parse-wire.ts';
import { encodeProvenance } from '../shared/reasoning-provenance.ts';
import { flattenToolName, functionArgumentsOf } from '../shared/tool-names.ts';
import { finishToAnthropic } from './map-anthropic-stop-reason.ts';
import { usageToAnthropic } from './map-anthropic-usage.ts';

/**
 * Neutral → Anthropic Messages response body, as the client's SDK expects it (`msg_` id).
 * @see https://docs.anthropic.com/en/api/messages
 */
export function formatAnthropicResponse(response: NeutralResponse, clientModel: string): Record<string, unknown> {
  const id = response.id.startsWith('msg_') ? response.id : `msg_${response.id.replace(/^[a-z]+[-_]/, '')}`;
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: clientModel,
    content: response.content.flatMap(formatPart),
    ...finishToAnthropic(response.finish),
    usage: usageToAnthropic(response.usage),
  };
}

export function formatPart(part: NeutralAssistantPart): Record<string, unknown>[] {
  switch (part.type) {
    case 'text':
      return [{ type: 'text', text: part.text }];
    case 'tool-call':
      return [{ type: 'tool_use', id: toAnthropicToolId(part.id), name: flattenToolName(part.name, part.namespace), input: parseToolArguments(functionArgumentsOf(part)) }];
    case 'thinking':
      if (part.redactedData !== undefined) return [{ type: 'redacted_thinking', data: part.redactedData }];
      return [{ type: 'thinking', thinking: part.text, signature: thinkingSignature(part) }];
    default:
      return assertNever(part, 'assistant part');
  }
}

/** Anthropic's own signature as is; anything else wrapped so it can only go back to its issuer. */
export function thinkingSignature(part: { issuer: string; signature?: string; itemId?: string; encryptedContent?: string }): string {
  if (part.issuer === 'anthropic' && part.signature) return part.signature;
  const provenance: Parameters<typeof encodeProvenance>[0] = { issuer: part.issuer };
  if (part.itemId) provenance.itemId = part.itemId;
  if (part.encryptedContent) provenance.encryptedContent = part.encryptedContent;
  return encodeProvenance(provenance);
}
