import type { NeutralAssistantPart, NeutralThinkingPart, NeutralToolCallPart } from '../neutral/neutral-request.ts';
import { functionCallItemId, randomToken } from '../shared/ids.ts';
import { encodeProvenance } from '../shared/reasoning-provenance.ts';
import { argumentsToCustomInput, flattenToolName, resolveClientToolName, type ClientToolNames } from '../shared/tool-names.ts';

/**
 * Neutral parts → Responses output items, shared by the response formatter and the stream encoder
 * (whose `output_item.done` events carry the same items).
 */
type ReasoningFields = Pick<NeutralThinkingPart, 'text' | 'issuer' | 'signature' | 'itemId' | 'encryptedContent' | 'redactedData'>;

export function reasoningItem(part: ReasoningFields, id = part.itemId ?? `rs_${randomToken()}`): Record<string, unknown> {
  return { type: 'reasoning', id, summary: part.text ? [{ type: 'summary_text', text: part.text }] : [], encrypted_content: reasoningToken(part) };
}

/** OpenAI's own encrypted content as is; another provider's reasoning wrapped with its issuer. */
function reasoningToken(part: ReasoningFields): string | null {
  if (part.issuer === 'openai') return part.encryptedContent ?? null;
  const provenance: Parameters<typeof encodeProvenance>[0] = { issuer: part.issuer };
  if (part.signature) provenance.signature = part.signature;
  if (part.redactedData !== undefined) provenance.redactedData = part.redactedData;
  return encodeProvenance(provenance);
}

export function messageItem(id: string, text: string): Record<string, unknown> {
  return { type: 'message', id, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] };
}

/** A flat tool name from another protocol goes back to the client's namespace / custom tool. */
export function toolCallItem(part: Pick<NeutralToolCallPart, 'id' | 'name' | 'namespace' | 'arguments' | 'kind'>, names: ClientToolNames, status = 'completed'): Record<string, unknown> {
  const client = resolveClientToolName(names, flattenToolName(part.name, part.namespace));
  const namespace = client.namespace ? { namespace: client.namespace } : {};
  if (client.kind === 'custom') {
    const input = part.kind === 'custom' ? part.arguments : argumentsToCustomInput(part.arguments);
    return { type: 'custom_tool_call', id: `ctc_${part.id}`, status, call_id: part.id, name: client.name, ...namespace, input };
  }
  return { type: 'function_call', id: functionCallItemId(part.id), status, call_id: part.id, name: client.name, ...namespace, arguments: part.arguments };
}

export function outputItems(parts: NeutralAssistantPart[], names: ClientToolNames): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  let text: string | undefined;
  const flush = () => {
    if (text !== undefined) items.push(messageItem(`msg_${randomToken()}`, text));
    text = undefined;
  };
  for (const part of parts) {
    if (part.type === 'text') {
      text = (text ?? '') + part.text;
      continue;
    }
    flush();
    items.push(part.type === 'thinking' ? reasoningItem(part) : toolCallItem(part, names));
  }
  flush();
  return items;
}
