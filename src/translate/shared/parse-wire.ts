import type { z } from 'zod';
import { invalidRequest } from '../../errors/gateway-error.ts';

/**
 * Validates a wire body against a narrow schema and turns a failure into a GatewayError (400) whose
 * message names the field: clients see their protocol's error, never zod's raw output.
 */
export function parseWire<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw invalidRequest(`Invalid ${what}${path ? ` at '${path}'` : ''}: ${issue?.message ?? 'malformed'}`, path || null);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses tool arguments JSON into an object; a model's malformed JSON is kept under `_raw`. */
export function parseToolArguments(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : { _raw: text };
  } catch {
    return { _raw: text };
  }
}

export function stringifyToolInput(input: unknown): string {
  return JSON.stringify(input ?? {});
}
