import type { Strategy } from '../config/config-schema.ts';

/**
 * Model names that mean "route for me". `auto` is balanced; `auto:cost` and `auto:quality` pick a
 * strategy; `claude-auto…` exist because some Claude clients only accept names starting with
 * `claude-`; prefixes that clients add (`openai/auto` from Aider's litellm, `coderouter/auto` from
 * OpenClaw) are tolerated.
 */
const AUTO_NAME = /^(?:[a-z0-9_-]+\/)?(?:claude-)?auto(?:[:-](balanced|cost|quality))?$/i;

export type ModelRequest = { kind: 'auto'; strategy: Strategy | undefined } | { kind: 'direct'; name: string };

export function resolveModelName(name: string): ModelRequest {
  const match = AUTO_NAME.exec(name.trim());
  if (match) return { kind: 'auto', strategy: match[1]?.toLowerCase() as Strategy | undefined };
  return { kind: 'direct', name: name.trim() };
}

export const AUTO_MODEL_IDS = ['auto', 'auto:cost', 'auto:quality', 'claude-auto', 'claude-auto:cost', 'claude-auto:quality'];
