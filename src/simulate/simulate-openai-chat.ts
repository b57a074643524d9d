import { z } from 'zod';
import { renderErrorBody } from '../errors/render-error.ts';
import { createId } from './ids.ts';
import { countTokensOfSegments, type CacheMeasurement, type PromptSegment } from './prompt-cache.ts';
import type { OfferedTool, ReplyScript, SimulatedTurn, StopReason } from './reply-script.ts';
import { createSimulatedError } from './simulated-errors.ts';
import {
  collectText,
  countDeltasBeforeMidstreamError,
  selectUserText,
  unixSeconds,
  type SimulatedProtocol,
} from './simulated-protocol.ts';
import { jsonFrame, type SseFrame } from './sse-stream.ts';

/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`), as openai-node's ChatCompletionStream
 * accumulates it: a first chunk with the role, content / `reasoning_content` / tool-call deltas
 * (a call's id, type and name only in its first chunk, then argument pieces by `index`), a chunk
 * with `finish_reason`, with `stream_options.include_usage` one more chunk with empty `choices`
 * and the usage (every earlier chunk then carries `usage: null`), and `data: [DONE]`. A failure
 * after the start is a `data:` object with `error`, which the SDK throws as an APIError.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */

const messageSchema = z.looseObject({ role: z.string(), content: z.unknown().optional() });
const toolSchema = z.looseObject({
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), parameters: z.unknown().optional() }).optional(),
});

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  tools: z.array(toolSchema).optional(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().nullish(),
  max_completion_tokens: z.number().nullish(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const simulatedOpenAIChat: SimulatedProtocol<ChatRequest> = {
  protocol: 'openai',
  schema: chatRequestSchema,
  requestIdHeader: 'x-request-id',
  isStreaming: (body) => body.stream === true,
  readTurn: readChatTurn,
  measurePrompt: (body, cache) => cache.measureAutomatic(body.model, collectChatSegments(body)),
  countPromptTokens: (body) => countTokensOfSegments(collectChatSegments(body)),
  formatResponse: formatChatCompletion,
  formatStream: formatChatStream,
};

const TEXT_PART_TYPES = ['text'] as const;

function readChatTurn(body: ChatRequest): SimulatedTurn {
  const last = body.messages[body.messages.length - 1];
  const userMessage = body.messages.findLast((message) => message.role === 'user');
  const tools: OfferedTool[] = [];
  for (const tool of body.tools ?? []) {
    if (tool.function) tools.push({ name: tool.function.name, schema: tool.function.parameters });
  }
  const maxOutputTokens = body.max_completion_tokens ?? body.max_tokens;
  return {
    model: body.model,
    lastUserText: selectUserText(collectText(userMessage?.content, TEXT_PART_TYPES)),
    ...(last?.role === 'tool' ? { toolResultText: collectText(last.content, TEXT_PART_TYPES).join('\n') } : {}),
    tools,
    ...(maxOutputTokens == null ? {} : { maxOutputTokens }),
  };
}

function collectChatSegments(body: ChatRequest): PromptSegment[] {
  const segments: PromptSegment[] = [];
  if (body.tools) segments.push({ text: JSON.stringify(body.tools) });
  for (const message of body.messages) segments.push({ text: JSON.stringify(message) });
  return segments;
}

export function mapChatFinishReason(stopReason: StopReason): 'stop' | 'tool_calls' | 'length' {
  switch (stopReason) {
    case 'end_turn':
      return 'stop';
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
      return 'length';
  }
}

function formatChatUsage(script: ReplyScript, usage: CacheMeasurement) {
  return {
    prompt_tokens: usage.totalTokens,
    completion_tokens: script.outputTokens,
    total_tokens: usage.totalTokens + script.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.readTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: script.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const SYSTEM_FINGERPRINT = 'fp_simulator';

function formatChatCompletion(script: ReplyScript, _body: ChatRequest, usage: CacheMeasurement) {
  const toolCalls = script.toolCalls.map((call) => ({
    id: createId('call_'),
    type: 'function',
    function: { name: call.name, arguments: call.argumentsJson },
  }));
  return {
    id: createId('chatcmpl-', 29),
    object: 'chat.completion',
    created: unixSeconds(),
    model: script.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: script.text?.text ?? null,
          refusal: null,
          annotations: [],
          ...(script.thinking ? { reasoning_content: script.thinking.text } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: mapChatFinishReason(script.stopReason),
      },
    ],
    usage: formatChatUsage(script, usage),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

function formatChatStream(script: ReplyScript, body: ChatRequest, usage: CacheMeasurement): SseFrame[] {
  const includeUsage = body.stream_options?.include_usage === true;
  const base = {
    id: createId('chatcmpl-', 29),
    object: 'chat.completion.chunk',
    created: unixSeconds(),
    model: script.model,
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  const frames: SseFrame[] = [];
  const chunk = (delta: object, finishReason: string | null = null) =>
    frames.push(
      jsonFrame({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        ...(includeUsage ? { usage: null } : {}),
      }),
    );

  let deltasLeft = script.midstreamErrorStatus === undefined ? Number.POSITIVE_INFINITY : countDeltasBeforeMidstreamError(script);
  /** Emits a delta chunk; returns false once the mid-stream error is due. */
  const delta = (value: object): boolean => {
    chunk(value);
    deltasLeft -= 1;
    return deltasLeft > 0;
  };

  chunk({ role: 'assistant', content: script.text ? '' : null, refusal: null });
  let complete = true;
  for (const piece of script.thinking?.deltas ?? []) if (complete) complete = delta({ reasoning_content: piece });
  for (const piece of script.text?.deltas ?? []) if (complete) complete = delta({ content: piece });
  for (const [index, call] of script.toolCalls.entries()) {
    if (!complete) break;
    chunk({ tool_calls: [{ index, id: createId('call_'), type: 'function', function: { name: call.name, arguments: '' } }] });
    for (const piece of call.argumentDeltas) {
      if (complete) complete = delta({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  }
  if (!complete) {
    frames.push(jsonFrame(renderErrorBody('openai', createSimulatedError(script.midstreamErrorStatus ?? 500))));
    return frames;
  }
  chunk({}, mapChatFinishReason(script.stopReason));
  if (includeUsage) frames.push(jsonFrame({ ...base, choices: [], usage: formatChatUsage(script, usage) }));
  frames.push({ data: '[DONE]' });
  return frames;
}
