import type { Protocol } from '../protocols/protocol.ts';
import { assertNever } from '../protocols/protocol.ts';
import { formatDryRun, type RoutingDecision } from '../router/decide.ts';

/**
 * The dry-run answer: the guide's `{ dryRun, routing }` JSON, always one JSON body (even when the
 * request asked to stream). It is also a valid non-stream response of the caller's protocol whose
 * text summarises the decision, so an unmodified SDK or agent that sends `X-Dry-Run: true` gets
 * something it can display instead of a parse error.
 */
export function dryRunBody(protocol: Protocol, decision: RoutingDecision, requestId: string, clientModel: string): Record<string, unknown> {
  const routing = formatDryRun(decision);
  const r = routing.routing as { estimatedCost: { selected: string; ifOpus: string; savings: string } };
  const text =
    `[CodeRouter dry run] ${decision.taskType}/${decision.complexity}/${decision.phase} → ${decision.model.id} ` +
    `(${decision.strategy}; fallback ${decision.fallbackChain.map((m) => m.id).join(', ') || 'none'}); ` +
    `est. ${r.estimatedCost.selected} vs ${r.estimatedCost.ifOpus} on Opus (${r.estimatedCost.savings} saved). ${decision.reason}`;
  const created = Math.floor(Date.now() / 1000);
  switch (protocol) {
    case 'openai':
      return {
        ...routing,
        id: `chatcmpl-dryrun-${requestId}`,
        object: 'chat.completion',
        created,
        model: clientModel,
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      };
    case 'anthropic':
      return {
        ...routing,
        id: `msg_dryrun_${requestId}`,
        type: 'message',
        role: 'assistant',
        model: clientModel,
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      };
    case 'responses':
      return {
        ...routing,
        id: `resp_dryrun_${requestId}`,
        object: 'response',
        created_at: created,
        status: 'completed',
        model: clientModel,
        output: [
          {
            type: 'message',
            id: `msg_dryrun_${requestId}`,
            status: 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text, annotations: [] }],
          },
        ],
        output_text: text,
        usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
      };
    default:
      return assertNever(protocol, 'protocol');
  }
}
