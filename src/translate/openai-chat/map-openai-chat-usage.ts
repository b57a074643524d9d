import type { Usage } from '../neutral/neutral-response.ts';
import type { ChatUsage } from './openai-chat-wire.ts';

/** OpenAI's `prompt_tokens` INCLUDES cached tokens; neutral input excludes them. */
export function usageFromChat(usage: ChatUsage | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const prompt = usage.prompt_tokens ?? 0;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0;
  return { inputTokens: Math.max(0, prompt - cached), outputTokens: usage.completion_tokens ?? 0, cacheReadTokens: cached, cacheWriteTokens: 0 };
}

/** Cache writes count as prompt tokens on the OpenAI side, which has no field of its own for them. */
export function usageToChat(usage: Usage): Record<string, unknown> {
  const prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: usage.outputTokens,
    total_tokens: prompt + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens },
  };
}
