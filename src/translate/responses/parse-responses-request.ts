import { invalidRequest } from '../../errors/gateway-error.ts';
import type {
  NeutralAssistantPart,
  NeutralMessage,
  NeutralRequest,
  NeutralResponseFormat,
  NeutralTextPart,
  NeutralThinkingPart,
  NeutralTool,
  NeutralToolChoice,
  NeutralToolResultPart,
  NeutralUserPart,
  ReasoningEffort,
} from '../neutral/neutral-request.ts';
import { imageSourceFromUrl } from '../shared/image-source.ts';
import { parseWire } from '../shared/parse-wire.ts';
import { decodeProvenance } from '../shared/reasoning-provenance.ts';
import { ResponsesRequest, type ResponsesContentPart, type ResponsesInputItem, type ResponsesTool } from './responses-wire.ts';

/**
 * OpenAI Responses request → neutral. Codex-only fields (`store`, `include`, `prompt_cache_key`,
 * `client_metadata`) mean nothing to other upstreams and are dropped. Hosted tools (`web_search`,
 * `file_search`, …) run inside OpenAI and cannot be offered to another provider: dropped too, so
 * Codex (which always lists `web_search`) still works elsewhere.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function parseResponsesRequest(body: unknown): NeutralRequest {
  const wire = parseWire(ResponsesRequest, body, 'Responses request');
  if (wire.previous_response_id) {
    throw invalidRequest('previous_response_id can only be used with an OpenAI Responses model: send the full input instead', 'previous_response_id');
  }
  const system: NeutralTextPart[] = wire.instructions ? [{ type: 'text', text: wire.instructions }] : [];
  const messages: NeutralMessage[] = [];
  const items = typeof wire.input === 'string' ? [{ type: 'message', role: 'user', content: wire.input }] : (wire.input ?? []);
  for (const item of items) addItem(item, system, messages);

  const request: NeutralRequest = { model: wire.model, system, messages, tools: (wire.tools ?? []).flatMap((tool) => parseTool(tool)), stream: wire.stream ?? false };
  if (wire.max_output_tokens != null) request.maxTokens = wire.max_output_tokens;
  if (wire.temperature != null) request.temperature = wire.temperature;
  if (wire.top_p != null) request.topP = wire.top_p;
  if (wire.parallel_tool_calls != null) request.parallelToolCalls = wire.parallel_tool_calls;
  if (wire.tool_choice !== undefined) request.toolChoice = parseToolChoice(wire.tool_choice);
  const effort = wire.reasoning?.effort;
  if (effort) request.reasoning = EFFORTS[effort] ? { enabled: true, effort: EFFORTS[effort] } : { enabled: false };
  const format = wire.text?.format;
  if (format) request.responseFormat = parseFormat(format);
  const user = wire.user ?? wire.safety_identifier;
  if (user) request.user = user;
  return request;
}

const EFFORTS: Record<string, ReasoningEffort> = { minimal: 'minimal', low: 'low', medium: 'medium', high: 'high', xhigh: 'high' };

function addItem(item: ResponsesInputItem, system: NeutralTextPart[], messages: NeutralMessage[]): void {
  const last = messages.at(-1);
  const assistant = (part: NeutralAssistantPart) => {
    if (last?.role === 'assistant') last.content.push(part);
    else messages.push({ role: 'assistant', content: [part] });
  };
  const type = item.type ?? 'message';
  switch (type) {
    case 'message': {
      const role = item.role ?? 'user';
      if (role === 'system' || role === 'developer') {
        const content = textParts(item.content);
        if (messages.length === 0) system.push(...content);
        else messages.push({ role: 'system', content });
      } else if (role === 'assistant') {
        for (const part of textParts(item.content)) assistant(part);
      } else {
        messages.push({ role: 'user', content: userParts(item.content) });
      }
      return;
    }
    case 'function_call':
    case 'custom_tool_call': {
      const call: NeutralAssistantPart = { type: 'tool-call', id: required(item.call_id, 'call_id'), name: required(item.name, 'name'), arguments: (type === 'function_call' ? item.arguments : item.input) ?? '' };
      if (item.namespace) call.namespace = item.namespace;
      if (type === 'custom_tool_call') call.kind = 'custom';
      assistant(call);
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const result: NeutralToolResultPart = { type: 'tool-result', toolCallId: required(item.call_id, 'call_id'), content: userParts(item.output) };
      if (last?.role === 'tool') last.content.push(result);
      else messages.push({ role: 'tool', content: [result] });
      return;
    }
    case 'reasoning':
      assistant(parseReasoning(item));
      return;
    case 'web_search_call':
    case 'file_search_call':
    case 'item_reference':
      return; // results of OpenAI-hosted tools (or pointers into OpenAI's store): nothing to translate
    default:
      throw invalidRequest(`Responses input item '${type}' cannot be translated for this model`, 'input');
  }
}

function required(value: string | undefined, field: string): string {
  if (value === undefined) throw invalidRequest(`Responses input item is missing '${field}'`, 'input');
  return value;
}

/** OpenAI's reasoning item, or one we minted from another provider's reasoning (provenance token). */
function parseReasoning(item: ResponsesInputItem): NeutralThinkingPart {
  const text = (item.summary ?? []).map((part) => part.text).join('\n\n');
  const provenance = decodeProvenance(item.encrypted_content ?? undefined);
  if (provenance) return { type: 'thinking', text, ...provenance };
  const part: NeutralThinkingPart = { type: 'thinking', text, issuer: 'openai' };
  if (item.id) part.itemId = item.id;
  if (item.encrypted_content) part.encryptedContent = item.encrypted_content;
  return part;
}

function textParts(content: string | ResponsesContentPart[] | null | undefined): NeutralTextPart[] {
  if (content == null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part) => {
    if (part.type === 'input_text' || part.type === 'output_text') return { type: 'text', text: part.text ?? '' };
    if (part.type === 'refusal') return { type: 'text', text: part.refusal ?? '' };
    throw invalidRequest(`Content part '${part.type}' is not allowed in this message`, 'input');
  });
}

function userParts(content: string | ResponsesContentPart[] | null | undefined): NeutralUserPart[] {
  if (content == null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part): NeutralUserPart => {
    if (part.type === 'input_text' || part.type === 'output_text') return { type: 'text', text: part.text ?? '' };
    if (part.type === 'input_image' && part.image_url) {
      const image: NeutralUserPart = { type: 'image', source: imageSourceFromUrl(part.image_url) };
      if (part.detail && part.detail !== 'auto') image.detail = part.detail;
      return image;
    }
    throw invalidRequest(`Content part '${part.type}' cannot be translated for this model`, 'input');
  });
}

const HOSTED_TOOLS = new Set(['web_search', 'web_search_preview', 'file_search', 'code_interpreter', 'image_generation', 'computer_use_preview', 'mcp', 'local_shell']);

function parseTool(tool: ResponsesTool, namespace?: string): NeutralTool[] {
  if (tool.type === 'namespace') return (tool.tools ?? []).flatMap((inner) => parseTool(inner, tool.name));
  if (HOSTED_TOOLS.has(tool.type) || tool.type.startsWith('web_search')) return [];
  if ((tool.type !== 'function' && tool.type !== 'custom') || !tool.name) throw invalidRequest(`Tool type '${tool.type}' cannot be translated for this model`, 'tools');
  const out: NeutralTool = { name: tool.name, parameters: tool.parameters ?? { type: 'object', properties: {} } };
  if (namespace) out.namespace = namespace;
  if (tool.type === 'custom') out.kind = 'custom';
  if (tool.description) out.description = tool.description;
  if (tool.strict != null) out.strict = tool.strict;
  return [out];
}

function parseToolChoice(choice: NonNullable<ResponsesRequest['tool_choice']>): NeutralToolChoice {
  if (typeof choice === 'string') return choice === 'none' || choice === 'required' ? { type: choice } : { type: 'auto' };
  if ((choice.type === 'function' || choice.type === 'custom') && choice.name) return { type: 'tool', name: choice.name };
  return { type: 'auto' };
}

function parseFormat(format: NonNullable<NonNullable<ResponsesRequest['text']>['format']>): NeutralResponseFormat {
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema') {
    const out: NeutralResponseFormat = { type: 'json_schema', name: format.name ?? 'response', schema: format.schema ?? {} };
    if (format.strict != null) out.strict = format.strict;
    return out;
  }
  return { type: 'text' };
}
