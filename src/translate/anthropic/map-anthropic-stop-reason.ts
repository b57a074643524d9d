import { assertNever } from '../../protocols/protocol.ts';
import type { FinishReason, NeutralFinish } from '../neutral/neutral-response.ts';

/** @see https://docs.anthropic.com/en/api/handling-stop-reasons */
export function finishFromAnthropic(stopReason: string | null | undefined, stopSequence?: string | null): NeutralFinish {
  switch (stopReason) {
    case 'end_turn':
    case 'pause_turn':
      return { reason: 'stop' };
    case 'stop_sequence':
      return stopSequence ? { reason: 'stop', stopSequence } : { reason: 'stop' };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { reason: 'length' };
    case 'tool_use':
      return { reason: 'tool-calls' };
    case 'refusal':
      return { reason: 'content-filter' };
    default:
      return { reason: 'other' };
  }
}

export function finishToAnthropic(finish: NeutralFinish): { stop_reason: string; stop_sequence: string | null } {
  const reason: FinishReason = finish.reason;
  switch (reason) {
    case 'stop':
      return finish.stopSequence
        ? { stop_reason: 'stop_sequence', stop_sequence: finish.stopSequence }
        : { stop_reason: 'end_turn', stop_sequence: null };
    case 'length':
      return { stop_reason: 'max_tokens', stop_sequence: null };
    case 'tool-calls':
      return { stop_reason: 'tool_use', stop_sequence: null };
    case 'content-filter':
      return { stop_reason: 'refusal', stop_sequence: null };
    case 'error':
    case 'other':
      return { stop_reason: 'end_turn', stop_sequence: null };
    default:
      return assertNever(reason, 'finish reason');
  }
}
