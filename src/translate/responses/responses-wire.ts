import { z } from 'zod';

/**
 * Narrow schemas of the OpenAI Responses wire format: only the fields translation reads; objects
 * stay loose so Codex's extra fields (`client_metadata`, `prompt_cache_key`, …) never fail parsing.
 * @see https://platform.openai.com/docs/api-reference/responses
 */
export const ResponsesContentPart = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  refusal: z.string().optional(),
  image_url: z.string().nullish(),
  detail: z.string().optional(),
});
export type ResponsesContentPart = z.infer<typeof ResponsesContentPart>;

export const ResponsesInputItem = z.looseObject({
  type: z.string().optional(),
  id: z.string().nullish(),
  role: z.string().optional(),
  content: z.union([z.string(), z.array(ResponsesContentPart)]).nullish(),
  call_id: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  arguments: z.string().optional(),
  input: z.string().optional(),
  output: z.union([z.string(), z.array(ResponsesContentPart)]).optional(),
  summary: z.array(z.looseObject({ text: z.string() })).optional(),
  encrypted_content: z.string().nullish(),
});
export type ResponsesInputItem = z.infer<typeof ResponsesInputItem>;

const FunctionTool = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

export const ResponsesTool = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
  tools: z.array(FunctionTool).optional(),
});
export type ResponsesTool = z.infer<typeof ResponsesTool>;

export const ResponsesRequest = z.looseObject({
  model: z.string(),
  instructions: z.string().nullish(),
  input: z.union([z.string(), z.array(ResponsesInputItem)]).optional(),
  tools: z.array(ResponsesTool).optional(),
  tool_choice: z.union([z.string(), z.looseObject({ type: z.string(), name: z.string().optional() })]).optional(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stream: z.boolean().nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  text: z.looseObject({ format: z.looseObject({ type: z.string(), name: z.string().optional(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() }).optional() }).nullish(),
  previous_response_id: z.string().nullish(),
  user: z.string().optional(),
  safety_identifier: z.string().optional(),
});
export type ResponsesRequest = z.infer<typeof ResponsesRequest>;

export const ResponsesUsage = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
});
export type ResponsesUsage = z.infer<typeof ResponsesUsage>;

export const ResponsesOutputItem = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  role: z.string().optional(),
  content: z.array(ResponsesContentPart).nullish(),
  call_id: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  arguments: z.string().optional(),
  input: z.string().optional(),
  summary: z.array(z.looseObject({ text: z.string() })).optional(),
  encrypted_content: z.string().nullish(),
});
export type ResponsesOutputItem = z.infer<typeof ResponsesOutputItem>;

export const ResponsesResponse = z.looseObject({
  id: z.string(),
  model: z.string().optional(),
  status: z.string().nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  output: z.array(ResponsesOutputItem),
  usage: ResponsesUsage.nullish(),
  error: z.unknown().optional(),
});
export type ResponsesResponse = z.infer<typeof ResponsesResponse>;
