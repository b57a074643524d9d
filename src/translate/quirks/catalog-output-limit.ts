import type { Protocol } from '../../protocols/protocol.ts';
import { assertNever } from '../../protocols/protocol.ts';
import type { TargetModel } from '../target-model.ts';

/**
 * Clamps the client's output limit to the catalog model's `maxOutputTokens`. Routing picks the
 * model, not the client: Claude Code asks for 64,000 tokens whatever serves it, and a provider
 * answers a limit above its model's maximum with a 400 instead of just stopping there.
 */
export function outputLimitFields(protocol: Protocol): readonly string[] {
  switch (protocol) {
    case 'anthropic':
      return ['max_tokens'];
    case 'openai':
      return ['max_tokens', 'max_completion_tokens'];
    case 'responses':
      return ['max_output_tokens'];
    default:
      return assertNever(protocol, 'protocol');
  }
}

export function clampToCatalogOutputLimit(protocol: Protocol, body: Record<string, unknown>, target: TargetModel): Record<string, unknown> {
  let out = body;
  for (const field of outputLimitFields(protocol)) {
    const value = body[field];
    if (typeof value === 'number' && value > target.maxOutputTokens) {
      if (out === body) out = { ...body };
      out[field] = target.maxOutputTokens;
    }
  }
  return out;
}
