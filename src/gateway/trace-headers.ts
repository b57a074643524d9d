import type { CatalogModel } from '../config/catalog.ts';
import { formatCostHeader, formatSavings } from '../router/cost.ts';
import type { RoutingDecision } from '../router/decide.ts';

/** What a routed response reports about itself (DESIGN.md §3 headers and `_clawrouters`). */
export interface Trace {
  requestId: string;
  decision: RoutingDecision;
  /** The model that actually served (a fallback when the primary failed). */
  servedBy: CatalogModel;
  cost: number;
  savings: number;
  /** True when cost is the pre-call estimate (streams: headers leave before usage is known). */
  estimated: boolean;
  fallbacksTried: string[];
}

export function traceHeaders(trace: Trace): Record<string, string> {
  const headers: Record<string, string> = {
    'x-coderouter-request-id': trace.requestId,
    'x-coderouter-model': trace.servedBy.id,
    'x-coderouter-provider': trace.servedBy.provider,
    'x-coderouter-task-type': trace.decision.taskType,
    'x-coderouter-complexity': trace.decision.complexity,
    'x-coderouter-phase': trace.decision.phase,
    'x-coderouter-strategy': trace.decision.strategy,
    'x-coderouter-cost': formatCostHeader(trace.cost),
    'x-coderouter-savings': formatSavings(trace.savings),
  };
  if (trace.estimated) headers['x-coderouter-cost-basis'] = 'estimate';
  if (trace.fallbacksTried.length) headers['x-coderouter-fallbacks'] = trace.fallbacksTried.join(',');
  return headers;
}

/** The `_clawrouters` object on OpenAI-protocol JSON responses; `model_used` = X-CodeRouter-Model. */
export function clawroutersField(trace: Trace, usage?: { inputTokens: number; outputTokens: number }): Record<string, unknown> {
  return {
    request_id: trace.requestId,
    model_used: trace.servedBy.id,
    provider: trace.servedBy.provider,
    task_type: trace.decision.taskType,
    complexity: trace.decision.complexity,
    phase: trace.decision.phase,
    strategy: trace.decision.strategy,
    confidence: trace.decision.confidence,
    reason: trace.decision.reason,
    cost: Number(formatCostHeader(trace.cost)),
    savings: formatSavings(trace.savings),
    fallbacks_tried: trace.fallbacksTried,
    ...(usage ? { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens } : {}),
  };
}
