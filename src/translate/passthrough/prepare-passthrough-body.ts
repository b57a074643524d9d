import type { Protocol } from '../../protocols/protocol.ts';
import { assertNever } from '../../protocols/protocol.ts';
import { fitThinkingToLimit, lastToolTurnLacksThinking } from '../anthropic/thinking-history.ts';
import { applyProviderQuirks } from '../quirks/apply-quirks.ts';
import { isRecord } from '../shared/parse-wire.ts';
import { isGatewayProvenance } from '../shared/reasoning-provenance.ts';
import type { TargetModel } from '../target-model.ts';

/**
 * Same protocol on both sides: the body as received, unknown fields and all, except `model`, the
 * clamped limits and the provider quirks. One more thing changes: reasoning the gateway minted
 * while another provider served an earlier turn (a `cr1.` provenance token, see
 * reasoning-provenance.ts) is removed, because this provider did not issue it and would reject it.
 * @see ../../../shared/DESIGN.md §1 "Passthrough first"
 */
export function preparePassthroughBody(protocol: Protocol, body: Record<string, unknown>, target: TargetModel): Record<string, unknown> {
  let out: Record<string, unknown> = { ...body, model: target.upstreamId };
  switch (protocol) {
    case 'anthropic':
      out = withoutForeignThinking(out);
      break;
    case 'responses':
      if (Array.isArray(out.input)) out.input = out.input.filter((item: unknown) => !(isRecord(item) && item.type === 'reasoning' && isGatewayProvenance(stringOr(item.encrypted_content))));
      break;
    case 'openai':
      break;
    default:
      assertNever(protocol, 'protocol');
  }
  out = applyProviderQuirks(protocol, out, target);
  return protocol === 'anthropic' ? fitThinkingToLimit(out) : out;
}

function withoutForeignThinking(body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.messages)) return body;
  let changed = false;
  const messages = body.messages.map((message: unknown) => {
    if (!isRecord(message) || message.role !== 'assistant' || !Array.isArray(message.content)) return message;
    const content = message.content.filter((block: unknown) => !(isRecord(block) && block.type === 'thinking' && isGatewayProvenance(stringOr(block.signature))));
    if (content.length === message.content.length) return message;
    changed = true;
    return { ...message, content };
  });
  if (!changed) return body;
  const out: Record<string, unknown> = { ...body, messages };
  if (out.thinking !== undefined && lastToolTurnLacksThinking(messages)) delete out.thinking;
  return out;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
