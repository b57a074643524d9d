import type { TargetModel } from '../target-model.ts';

/**
 * DeepSeek answers `max_tokens` outside [1, 8192] on deepseek-chat with 400 "Invalid max_tokens
 * value", and the integration guide promises we clamp instead ("we clamp max_tokens to 8192").
 * So this never fails: too large → 8192 (the reasoner's own documented cap is 64K, left to the
 * catalog limit), below 1 → 1, fractions rounded down. DeepSeek documents only `max_tokens`, so
 * `max_completion_tokens` is folded into it; `reasoning_effort` is dropped because DeepSeek picks
 * reasoning by model, not by parameter.
 * @see https://api-docs.deepseek.com/quick_start/pricing
 */
export const DEEPSEEK_MAX_TOKENS = 8192;

export function applyDeepSeekMaxTokens(body: Record<string, unknown>, target: TargetModel): Record<string, unknown> {
  if (target.provider !== 'deepseek') return body;
  const { max_completion_tokens: completion, reasoning_effort: _effort, ...out } = body;
  const requested = typeof completion === 'number' ? completion : out.max_tokens;
  if (typeof requested === 'number' && Number.isFinite(requested)) {
    const cap = /reasoner/.test(target.upstreamId) ? target.maxOutputTokens : DEEPSEEK_MAX_TOKENS;
    out.max_tokens = Math.min(cap, Math.max(1, Math.floor(requested)));
  } else if (requested !== undefined) {
    delete out.max_tokens;
  }
  return out;
}
