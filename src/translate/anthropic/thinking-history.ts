import { isRecord } from '../shared/parse-wire.ts';

/**
 * With thinking on, Anthropic requires the last assistant turn of a tool loop to start with its
 * thinking block ("Expected `thinking` or `redacted_thinking`, but found `tool_use`"). When that
 * turn came from another provider (routing switched models mid-loop) there is no Anthropic
 * thinking to send, so thinking is turned off for this request rather than failing it.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
 */
export function lastToolTurnLacksThinking(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message: unknown = messages[i];
    if (!isRecord(message) || message.role !== 'assistant') continue;
    const content = Array.isArray(message.content) ? message.content : [];
    const types = content.map((block: unknown) => (isRecord(block) ? block.type : undefined));
    return types.includes('tool_use') && !types.includes('thinking') && !types.includes('redacted_thinking');
  }
  return false;
}

/** Keeps the budget below max_tokens (Anthropic's rule) or turns thinking off when it cannot be. */
export function fitThinkingToLimit(body: Record<string, unknown>): Record<string, unknown> {
  const thinking = body.thinking;
  if (!isRecord(thinking) || thinking.type !== 'enabled' || typeof thinking.budget_tokens !== 'number' || typeof body.max_tokens !== 'number') return body;
  if (thinking.budget_tokens < body.max_tokens) return body;
  const budget = body.max_tokens - 1;
  if (budget < 1024) {
    const { thinking: _dropped, ...rest } = body;
    return rest;
  }
  return { ...body, thinking: { ...thinking, budget_tokens: budget } };
}
