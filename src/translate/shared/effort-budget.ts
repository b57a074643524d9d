import type { NeutralReasoning, ReasoningEffort } from '../neutral/neutral-request.ts';

/**
 * Between OpenAI's reasoning effort and Anthropic's thinking budget. The budgets follow Anthropic's
 * guidance (1,024 minimum; a few thousand for light work, 16k+ for hard problems).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 */
const BUDGET_FOR_EFFORT: Record<ReasoningEffort, number> = { minimal: 1024, low: 4096, medium: 10_000, high: 24_000 };

export const ANTHROPIC_MIN_THINKING_BUDGET = 1024;

export function budgetForReasoning(reasoning: NeutralReasoning): number {
  return reasoning.budgetTokens ?? BUDGET_FOR_EFFORT[reasoning.effort ?? 'medium'];
}

export function effortForReasoning(reasoning: NeutralReasoning): ReasoningEffort {
  if (reasoning.effort) return reasoning.effort;
  const budget = reasoning.budgetTokens;
  if (budget === undefined) return 'medium';
  if (budget <= 2048) return 'low';
  if (budget <= 16_384) return 'medium';
  return 'high';
}
