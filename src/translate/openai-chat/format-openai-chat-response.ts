import type { NeutralResponse } from '../neutral/neutral-response.ts';
import { newChatCompletionId } from '../shared/ids.ts';
import { flattenToolName, functionArgumentsOf } from '../shared/tool-names.ts';
import { finishToChat } from './map-openai-chat-finish-reason.ts';
import { usageToChat } from './map-openai-chat-usage.ts';

/**
 * Neutral → Chat Completions response body. Reasoning goes out as `reasoning_content`, the field
 * DeepSeek introduced and OpenAI-protocol clients (Cline, Continue, the AI SDK) read.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function formatOpenAIChatResponse(response: NeutralResponse, clientModel: string): Record<string, unknown> {
  const text = response.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  const reasoning = response.content.flatMap((part) => (part.type === 'thinking' ? [part.text] : [])).join('');
  const calls = response.content.flatMap((part) =>
    part.type === 'tool-call' ? [{ id: part.id, type: 'function', function: { name: flattenToolName(part.name, part.namespace), arguments: functionArgumentsOf(part) } }] : [],
  );
  const message: Record<string, unknown> = { role: 'assistant', content: text === '' && calls.length ? null : text, refusal: null };
  if (reasoning) message.reasoning_content = reasoning;
  if (calls.length) message.tool_calls = calls;
  return {
    id: response.id.startsWith('chatcmpl') ? response.id : newChatCompletionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: clientModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishToChat(response.finish) }],
    usage: usageToChat(response.usage),
  };
}
