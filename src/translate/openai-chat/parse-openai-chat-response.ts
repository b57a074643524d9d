import type { NeutralAssistantPart } from '../neutral/neutral-request.ts';
import { ZERO_USAGE, type NeutralResponse } from '../neutral/neutral-response.ts';
import { newToolCallId } from '../shared/ids.ts';
import { parseWire } from '../shared/parse-wire.ts';
import { finishFromChat } from './map-openai-chat-finish-reason.ts';
import { usageFromChat } from './map-openai-chat-usage.ts';
import { ChatResponse } from './openai-chat-wire.ts';

/**
 * Chat Completions response → neutral. Only the first choice is read (the gateway never asks for
 * `n` > 1 across protocols). DeepSeek's `reasoning_content` and OpenRouter's `reasoning` become a
 * thinking part issued by `provider`.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function parseOpenAIChatResponse(body: unknown, provider: string): NeutralResponse {
  const wire = parseWire(ChatResponse, body, 'Chat Completions response');
  const choice = wire.choices[0];
  const content: NeutralAssistantPart[] = [];
  const message = choice?.message;
  const reasoning = message?.reasoning_content ?? message?.reasoning;
  if (reasoning) content.push({ type: 'thinking', text: reasoning, issuer: provider });
  const text = message?.content ?? message?.refusal;
  if (text) content.push({ type: 'text', text });
  for (const call of message?.tool_calls ?? []) {
    // Gemini's OpenAI endpoint has been seen to return tool calls without ids; mint one.
    content.push({ type: 'tool-call', id: call.id || newToolCallId(), name: call.function.name, arguments: call.function.arguments ?? '' });
  }
  return {
    id: wire.id ?? '',
    model: wire.model ?? '',
    content,
    finish: finishFromChat(choice?.finish_reason),
    usage: usageFromChat(wire.usage) ?? ZERO_USAGE,
  };
}
