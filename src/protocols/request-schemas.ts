import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error.ts';
import type { Protocol } from './protocol.ts';

/**
 * Narrow edge schemas: they check only what the gateway itself reads (model, messages, stream,
 * limits), and pass every other field through untouched (`looseObject`), so a passthrough request
 * reaches the upstream exactly as the client sent it. Deep validation of the conversation is the
 * upstream's job; we only guarantee that what we read is well-formed.
 * @see ../../../shared/DESIGN.md §1 "Passthrough first"
 */
const contentPart = z.looseObject({ type: z.string() });

const openaiMessage = z.looseObject({
  role: z.string().min(1),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
});

export const chatCompletionsRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(openaiMessage).min(1),
  stream: z.boolean().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});

const anthropicMessage = z.looseObject({
  role: z.string().min(1),
  content: z.union([z.string(), z.array(contentPart)]),
});

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(anthropicMessage).min(1),
  max_tokens: z.number().int().positive(),
  stream: z.boolean().nullish(),
  system: z.union([z.string(), z.array(contentPart)]).nullish(),
  tools: z.array(z.looseObject({ name: z.string().optional() })).nullish(),
});

export const countTokensRequestSchema = messagesRequestSchema.omit({ max_tokens: true }).extend({
  max_tokens: z.number().int().positive().optional(),
});

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.looseObject({}))]),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
});

export type ChatCompletionsRequest = z.infer<typeof chatCompletionsRequestSchema>;
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

/** What the gateway reads of any request, whichever protocol it came in. */
export interface ParsedRequest {
  protocol: Protocol;
  model: string;
  stream: boolean;
  body: Record<string, unknown>;
}

const SCHEMAS = {
  openai: chatCompletionsRequestSchema,
  anthropic: messagesRequestSchema,
  responses: responsesRequestSchema,
} as const;

function describeIssue(issue: z.core.$ZodIssue): { message: string; param: string } {
  const param = issue.path.map(String).join('.') || 'body';
  if (issue.code === 'invalid_type') {
    const received = (issue as { input?: unknown }).input;
    if (received === undefined) return { param, message: `Missing required parameter: '${param}'.` };
    return { param, message: `Invalid type for '${param}': expected ${issue.expected}.` };
  }
  if (issue.code === 'too_small') return { param, message: `Invalid value for '${param}': ${issue.message.toLowerCase()}.` };
  return { param, message: `Invalid value for '${param}': ${issue.message}.` };
}

/**
 * Validates a parsed JSON body for `protocol` (or against `schema`, for endpoints such as
 * count_tokens whose body differs from the protocol's main one). A failure becomes a 400 in the caller's protocol
 * naming the first bad field, never zod's raw output.
 */
export function parseRequestBody(protocol: Protocol, json: unknown, schema: z.ZodType<{ model: string; stream?: boolean | null }> = SCHEMAS[protocol]): ParsedRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new GatewayError('invalid_request', 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0];
    const { message, param } = first ? describeIssue(first) : { message: 'Invalid request body.', param: 'body' };
    throw new GatewayError('invalid_request', message, { param });
  }
  const body = json as Record<string, unknown>;
  return { protocol, model: result.data.model, stream: result.data.stream === true, body };
}
