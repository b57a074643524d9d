import type { Protocol } from '../../protocols/protocol.ts';
import type { TargetModel } from '../target-model.ts';
import { clampToCatalogOutputLimit } from './catalog-output-limit.ts';
import { applyDeepSeekMaxTokens } from './deepseek-max-tokens.ts';
import { applyGeminiOpenAIEndpoint } from './gemini-openai-endpoint.ts';
import { applyOpenAIReasoningModelRules } from './openai-reasoning-models.ts';

/**
 * Every provider quirk, applied to an upstream body in the upstream's protocol, on both paths
 * (passthrough and translated): routing can send a request to a model its client never chose.
 * Each quirk checks its own provider and returns the body unchanged otherwise.
 */
export function applyProviderQuirks(protocol: Protocol, body: Record<string, unknown>, target: TargetModel): Record<string, unknown> {
  let out = clampToCatalogOutputLimit(protocol, body, target);
  out = applyOpenAIReasoningModelRules(protocol, out, target);
  if (protocol === 'openai') {
    out = applyDeepSeekMaxTokens(out, target);
    out = applyGeminiOpenAIEndpoint(out, target);
  }
  return out;
}
