import { invalidRequest } from '../../errors/gateway-error.ts';
import type {
  NeutralAssistantPart,
  NeutralMessage,
  NeutralReasoning,
  NeutralRequest,
  NeutralResponseFormat,
  NeutralTextPart,
  NeutralTool,
  NeutralToolChoice,
  NeutralUserPart,
  ReasoningEffort,
} from '../neutral/neutral-request.ts';
import { newToolCallId } from '../shared/ids.ts';
import { imageSourceFromUrl } from '../shared/image-source.ts';
import { parseWire } from '../shared/parse-wire.ts';
import { ChatRequest, type ChatContentPart, type ChatMessage } from './openai-chat-wire.ts';

/**
 * OpenAI Chat Completions request → neutral. `system` and `developer` messages before the first
 * other message become the system prompt; later ones stay in place as system messages.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function parseOpenAIChatRequest(body: unknown): NeutralRequest {
  const wire = parseWire(ChatRequest, body, 'Chat Completions request');
  const system: NeutralTextPart[] = [];
  const messages: NeutralMessage[] = [];
  for (const message of wire.messages) {
    const parsed = parseMessage(message);
    if (parsed.role === 'system' && messages.length === 0) system.push(...parsed.content);
    else if (parsed.role === 'tool' && messages.at(-1)?.role === 'tool') (messages.at(-1)!.content as typeof parsed.content).push(...parsed.content);
    else messages.push(parsed);
  }
  const request: NeutralRequest = { model: wire.model, system, messages, tools: (wire.tools ?? []).map(parseTool), stream: wire.stream ?? false };
  const maxTokens = wire.max_completion_tokens ?? wire.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (wire.temperature != null) request.temperature = wire.temperature;
  if (wire.top_p != null) request.topP = wire.top_p;
  if (wire.stop != null) request.stop = typeof wire.stop === 'string' ? [wire.stop] : wire.stop;
  if (wire.stream_options?.include_usage) request.includeUsage = true;
  if (wire.tool_choice !== undefined) request.toolChoice = parseToolChoice(wire.tool_choice);
  if (wire.parallel_tool_calls !== undefined) request.parallelToolCalls = wire.parallel_tool_calls;
  if (wire.reasoning_effort != null) request.reasoning = parseEffort(wire.reasoning_effort);
  if (wire.response_format) request.responseFormat = parseResponseFormat(wire.response_format);
  if (wire.user) request.user = wire.user;
  return request;
}

function parseMessage(message: ChatMessage): NeutralMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textParts(message.content) };
    case 'user':
      return { role: 'user', content: userParts(message.content) };
    case 'tool':
      return { role: 'tool', content: [{ type: 'tool-result', toolCallId: message.tool_call_id, content: userParts(message.content) }] };
    case 'assistant': {
      const content: NeutralAssistantPart[] = [];
      // Plain reasoning text carries no signature: whoever produced it, it is only text.
      if (message.reasoning_content) content.push({ type: 'thinking', text: message.reasoning_content, issuer: 'unknown' });
      content.push(...textParts(message.content));
      for (const call of message.tool_calls ?? []) {
        content.push({ type: 'tool-call', id: call.id || newToolCallId(), name: call.function.name, arguments: call.function.arguments ?? '' });
      }
      return { role: 'assistant', content };
    }
  }
}

function textParts(content: string | ChatContentPart[] | null | undefined): NeutralTextPart[] {
  if (content == null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((part) => {
    if (part.type === 'text' || part.type === 'refusal') return [{ type: 'text' as const, text: String((part as { text?: unknown; refusal?: unknown }).text ?? (part as { refusal?: unknown }).refusal ?? '') }];
    throw invalidRequest(`Content part '${part.type}' is not allowed in this message`, 'messages');
  });
}

function userParts(content: string | ChatContentPart[] | null | undefined): NeutralUserPart[] {
  if (content == null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part): NeutralUserPart => {
    if (part.type === 'text') return { type: 'text', text: (part as { text: string }).text };
    if (part.type === 'image_url') {
      const image = (part as { image_url: string | { url: string; detail?: string | undefined } }).image_url;
      const url = typeof image === 'string' ? image : image.url;
      const out: NeutralUserPart = { type: 'image', source: imageSourceFromUrl(url) };
      if (typeof image !== 'string' && image.detail) out.detail = image.detail;
      return out;
    }
    throw invalidRequest(`Content part '${part.type}' cannot be translated for this model`, 'messages');
  });
}

function parseTool(tool: NonNullable<ChatRequest['tools']>[number]): NeutralTool {
  if (tool.type !== 'function' || !tool.function) throw invalidRequest(`Tool type '${tool.type}' cannot be translated for this model`, 'tools');
  const out: NeutralTool = { name: tool.function.name, parameters: tool.function.parameters ?? { type: 'object', properties: {} } };
  if (tool.function.description !== undefined) out.description = tool.function.description;
  if (tool.function.strict != null) out.strict = tool.function.strict;
  return out;
}

function parseToolChoice(choice: NonNullable<ChatRequest['tool_choice']>): NeutralToolChoice {
  if (typeof choice === 'string') return { type: choice === 'required' ? 'required' : choice };
  if (choice.type === 'function' && choice.function) return { type: 'tool', name: choice.function.name };
  return { type: 'auto' };
}

const EFFORTS: Record<string, ReasoningEffort> = { minimal: 'minimal', low: 'low', medium: 'medium', high: 'high', xhigh: 'high' };

function parseEffort(effort: string): NeutralReasoning {
  const mapped = EFFORTS[effort];
  return mapped ? { enabled: true, effort: mapped } : { enabled: false };
}

function parseResponseFormat(format: NonNullable<ChatRequest['response_format']>): NeutralResponseFormat {
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema' && format.json_schema) {
    const out: NeutralResponseFormat = { type: 'json_schema', name: format.json_schema.name, schema: format.json_schema.schema ?? {} };
    if (format.json_schema.strict != null) out.strict = format.json_schema.strict;
    return out;
  }
  return { type: 'text' };
}
