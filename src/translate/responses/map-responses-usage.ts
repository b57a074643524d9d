import type { Usage } from '../neutral/neutral-response.ts';
import type { ResponsesUsage } from './responses-wire.ts';

/** Like Chat Completions, Responses `input_tokens` INCLUDES the cached ones. */
export function usageFromResponses(usage: ResponsesUsage | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const cached = usage.input_tokens_details?.cached_tokens ?? 0;
  return { inputTokens: Math.max(0, (usage.input_tokens ?? 0) - cached), outputTokens: usage.output_tokens ?? 0, cacheReadTokens: cached, cacheWriteTokens: 0 };
}

export function usageToResponses(usage: Usage): Record<string, unknown> {
  const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + usage.outputTokens,
  };
}
