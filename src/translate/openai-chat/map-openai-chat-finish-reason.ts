import { assertNever } from '../../protocols/protocol.ts';
import type { NeutralFinish } from '../neutral/neutral-response.ts';

/** @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices */
export function finishFromChat(reason: string | null | undefined): NeutralFinish {
  switch (reason) {
    case 'stop':
      return { reason: 'stop' };
    case 'length':
      return { reason: 'length' };
    case 'tool_calls':
    case 'function_call':
      return { reason: 'tool-calls' };
    case 'content_filter':
      return { reason: 'content-filter' };
    default:
      return { reason: 'other' };
  }
}

export function finishToChat(finish: NeutralFinish): string {
  switch (finish.reason) {
    case 'stop':
    case 'other':
    case 'error':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return assertNever(finish.reason, 'finish reason');
  }
}
