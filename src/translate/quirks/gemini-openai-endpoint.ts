import type { TargetModel } from '../target-model.ts';
import { isRecord } from '../shared/parse-wire.ts';

/**
 * Gemini's OpenAI-compatible endpoint differs from OpenAI in ways that fail requests:
 * - Gemini 3 requires the thought signature it attached to a function call to come back with it
 *   (`extra_content.google.thought_signature`), else 400 "Function call is missing a
 *   thought_signature". History from another provider (or a client that dropped it) has none;
 *   Google documents the `skip_thought_signature_validator` sentinel for exactly that case.
 * - Its schema converter rejects JSON Schema's `$schema` keyword in tool parameters.
 * - It does not know OpenAI's `store`, `metadata` and `service_tier` request fields.
 * `stream_options.include_usage` IS supported, so it is kept.
 * @see https://ai.google.dev/gemini-api/docs/openai
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const UNSUPPORTED_FIELDS = ['store', 'metadata', 'service_tier'];

export function applyGeminiOpenAIEndpoint(body: Record<string, unknown>, target: TargetModel): Record<string, unknown> {
  if (target.provider !== 'gemini') return body;
  const out = { ...body };
  for (const field of UNSUPPORTED_FIELDS) delete out[field];
  if (Array.isArray(out.messages)) out.messages = out.messages.map(addThoughtSignature);
  if (Array.isArray(out.tools)) {
    out.tools = out.tools.map((tool: unknown) => {
      if (!isRecord(tool) || !isRecord(tool.function) || !isRecord(tool.function.parameters)) return tool;
      return { ...tool, function: { ...tool.function, parameters: withoutSchemaKeyword(tool.function.parameters) } };
    });
  }
  return out;
}

/** Gemini checks the signature on the first function call of each model turn. */
function addThoughtSignature(message: unknown): unknown {
  if (!isRecord(message) || message.role !== 'assistant' || !Array.isArray(message.tool_calls) || message.tool_calls.length === 0) return message;
  const [first, ...rest] = message.tool_calls as unknown[];
  if (!isRecord(first) || isRecord(first.extra_content)) return message;
  return { ...message, tool_calls: [{ ...first, extra_content: { google: { thought_signature: SKIP_THOUGHT_SIGNATURE } } }, ...rest] };
}

function withoutSchemaKeyword(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    out[key] = isRecord(value) ? withoutSchemaKeyword(value) : Array.isArray(value) ? value.map((item) => (isRecord(item) ? withoutSchemaKeyword(item) : item)) : value;
  }
  return out;
}
