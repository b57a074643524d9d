import { z } from 'zod';

/**
 * Narrow schemas of the OpenAI Chat Completions wire format (also spoken by DeepSeek, Gemini's
 * OpenAI endpoint and OpenRouter): only the fields translation reads; objects stay loose.
 * @see https://platform.openai.com/docs/api-reference/chat
 */
const TextPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const ImagePart = z.looseObject({ type: z.literal('image_url'), image_url: z.union([z.string(), z.looseObject({ url: z.string(), detail: z.string().optional() })]) });
const OtherPart = z.looseObject({ type: z.string() });
export const ChatContentPart = z.union([TextPart, ImagePart, OtherPart]);
export type ChatContentPart = z.infer<typeof ChatContentPart>;

const Content = z.union([z.string(), z.array(ChatContentPart)]).nullish();

export const ChatToolCall = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }),
});

export const ChatMessage = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: Content }),
  z.looseObject({ role: z.literal('developer'), content: Content }),
  z.looseObject({ role: z.literal('user'), content: Content }),
  z.looseObject({
    role: z.literal('assistant'),
    content: Content,
    tool_calls: z.array(ChatToolCall).nullish(),
    reasoning_content: z.string().nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content: Content }),
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatRequest = z.looseObject({
  model: z.string(),
  messages: z.array(ChatMessage),
  tools: z
    .array(
      z.looseObject({
        type: z.string(),
        function: z.looseObject({ name: z.string(), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() }).optional(),
      }),
    )
    .optional(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }).optional() })]).optional(),
  parallel_tool_calls: z.boolean().optional(),
  max_tokens: z.number().nullish(),
  max_completion_tokens: z.number().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  reasoning_effort: z.string().nullish(),
  response_format: z.looseObject({ type: z.string(), json_schema: z.looseObject({ name: z.string(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() }).optional() }).optional(),
  user: z.string().optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

export const ChatUsage = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  /** DeepSeek reports its cache hits here instead. */
  prompt_cache_hit_tokens: z.number().nullish(),
});
export type ChatUsage = z.infer<typeof ChatUsage>;

export const ChatResponse = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  created: z.number().optional(),
  choices: z.array(
    z.looseObject({
      message: z.looseObject({
        content: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        /** OpenRouter's name for the same thing. */
        reasoning: z.string().nullish(),
        refusal: z.string().nullish(),
        tool_calls: z.array(ChatToolCall).nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: ChatUsage.nullish(),
});
export type ChatResponse = z.infer<typeof ChatResponse>;

export const ChatChunk = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  created: z.number().optional(),
  choices: z
    .array(
      z.looseObject({
        delta: z
          .looseObject({
            content: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z
              .array(z.looseObject({ index: z.number().optional(), id: z.string().nullish(), function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish() }))
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: ChatUsage.nullish(),
  error: z.unknown().optional(),
});
export type ChatChunk = z.infer<typeof ChatChunk>;
