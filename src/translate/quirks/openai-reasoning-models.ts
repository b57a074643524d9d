import type { Protocol } from '../../protocols/protocol.ts';
import type { TargetModel } from '../target-model.ts';

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, the gpt-5 family except gpt-5-chat) reject
 * `max_tokens` ("use max_completion_tokens"), reject `temperature` / `top_p` other than 1, and
 * take system instructions as the `developer` role. o-series models do not know the `minimal`
 * effort that gpt-5 added. A client routed here from `auto` could not know any of that.
 * @see https://platform.openai.com/docs/guides/reasoning
 */
export function isOpenAIReasoningModel(target: TargetModel): boolean {
  if (target.provider !== 'openai') return false;
  return /^(o\d|gpt-5)(?!.*-chat)/.test(target.upstreamId);
}

export function applyOpenAIReasoningModelRules(protocol: Protocol, body: Record<string, unknown>, target: TargetModel): Record<string, unknown> {
  if (protocol === 'anthropic' || !isOpenAIReasoningModel(target)) return body;
  const out = { ...body };
  for (const field of ['temperature', 'top_p']) if (out[field] !== undefined && out[field] !== 1) delete out[field];
  if (protocol === 'openai') {
    if (out.max_tokens !== undefined) {
      if (out.max_completion_tokens === undefined) out.max_completion_tokens = out.max_tokens;
      delete out.max_tokens;
    }
    if (Array.isArray(out.messages)) {
      out.messages = out.messages.map((message: Record<string, unknown>) => (message.role === 'system' ? { ...message, role: 'developer' } : message));
    }
    if (out.reasoning_effort === 'minimal' && /^o\d/.test(target.upstreamId)) out.reasoning_effort = 'low';
  }
  return out;
}
