import type { Usage } from '../neutral/neutral-response.ts';
import type { AnthropicUsage } from './anthropic-wire.ts';

/** Anthropic's `input_tokens` already excludes cache reads and writes: no arithmetic needed. */
export function usageFromAnthropic(usage: AnthropicUsage | undefined, previous?: Usage): Usage {
  return {
    inputTokens: usage?.input_tokens ?? previous?.inputTokens ?? 0,
    outputTokens: usage?.output_tokens ?? previous?.outputTokens ?? 0,
    cacheReadTokens: usage?.cache_read_input_tokens ?? previous?.cacheReadTokens ?? 0,
    cacheWriteTokens: usage?.cache_creation_input_tokens ?? previous?.cacheWriteTokens ?? 0,
  };
}

export function usageToAnthropic(usage: Usage): Record<string, number> {
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    output_tokens: usage.outputTokens,
  };
}
