import { assertNever } from '../../protocols/protocol.ts';
import type { NeutralFinish } from '../neutral/neutral-response.ts';

/**
 * Responses has no finish reason: a `completed` response with function calls in its output is a
 * tool-call finish; `incomplete` says why in `incomplete_details.reason`.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function finishFromResponses(status: string | null | undefined, incompleteReason: string | null | undefined, hasToolCalls: boolean): NeutralFinish {
  if (status === 'incomplete') return { reason: incompleteReason === 'content_filter' ? 'content-filter' : 'length' };
  if (status === 'failed') return { reason: 'error' };
  return { reason: hasToolCalls ? 'tool-calls' : 'stop' };
}

export function statusToResponses(finish: NeutralFinish): { status: string; incomplete_details: { reason: string } | null } {
  switch (finish.reason) {
    case 'stop':
    case 'tool-calls':
    case 'other':
      return { status: 'completed', incomplete_details: null };
    case 'length':
      return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
    case 'content-filter':
      return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
    case 'error':
      return { status: 'failed', incomplete_details: null };
    default:
      return assertNever(finish.reason, 'finish reason');
  }
}
