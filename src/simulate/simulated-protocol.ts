import type { z } from 'zod';
import type { Protocol } from '../protocols/protocol.ts';
import type { CacheMeasurement, PromptCache } from './prompt-cache.ts';
import type { ReplyScript, SimulatedTurn } from './reply-script.ts';
import type { SseFrame } from './sse-stream.ts';

/**
 * What each simulated endpoint provides to the server: a narrow request schema (validated at the
 * edge; unknown fields pass), a reader into the neutral turn, the prompt measurement for usage,
 * and writers for the JSON body and the SSE frames. The server owns all I/O; these are pure.
 */
export interface SimulatedProtocol<Body extends { model: string }> {
  readonly protocol: Protocol;
  readonly schema: z.ZodType<Body>;
  /** Response header carrying the request id, as the provider names it. */
  readonly requestIdHeader: string;
  isStreaming(body: Body): boolean;
  readTurn(body: Body): SimulatedTurn;
  measurePrompt(body: Body, cache: PromptCache): CacheMeasurement;
  /** Prompt tokens without touching the cache (count_tokens). */
  countPromptTokens(body: Body): number;
  formatResponse(script: ReplyScript, body: Body, usage: CacheMeasurement): unknown;
  formatStream(script: ReplyScript, body: Body, usage: CacheMeasurement): SseFrame[];
}

/** Where a mid-stream error cuts in: after about half of the streamed deltas, at least one. */
export function countDeltasBeforeMidstreamError(script: ReplyScript): number {
  const deltas =
    (script.thinking?.deltas.length ?? 0) +
    (script.text?.deltas.length ?? 0) +
    script.toolCalls.reduce((sum, call) => sum + call.argumentDeltas.length, 0);
  return Math.max(1, Math.floor(deltas / 2));
}

/** Collects text from content that is a string or an array of `{ type, text }` parts. */
export function collectText(content: unknown, textTypes: readonly string[]): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') texts.push(part);
    else if (part && typeof part === 'object' && textTypes.includes((part as { type?: string }).type ?? '')) {
      const text = (part as { text?: unknown }).text;
      if (typeof text === 'string') texts.push(text);
    }
  }
  return texts;
}

/**
 * The user's own words: agents put `<system-reminder>` / `<environment_context>` wrappers in user
 * text parts, and quoting those instead of the prompt would make replies useless to read.
 */
export function selectUserText(texts: string[]): string {
  const own = texts.filter((text) => !/^\s*<(system-reminder|environment_context|user_instructions)/.test(text));
  return (own.length > 0 ? own : texts).join('\n');
}

/** Seconds since the epoch, as `created` / `created_at` fields carry them. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
