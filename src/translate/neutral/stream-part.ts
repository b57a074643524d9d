import type { GatewayError } from '../../errors/gateway-error.ts';
import type { NeutralFinish, Usage } from './neutral-response.ts';

/**
 * The typed stream events every upstream stream is decoded into and every client stream is encoded
 * from, named noun-verb like vercel/ai's stream parts. Block ids are opaque strings unique within
 * one response; a tool's id is its tool-call id.
 * @see https://ai-sdk.dev/docs/reference/ai-sdk-core/stream-text#full-stream
 */
export type StreamPart =
  | { type: 'response-metadata'; id?: string; model?: string; created?: number }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'reasoning-start'; id: string; redactedData?: string; itemId?: string }
  | { type: 'reasoning-delta'; id: string; delta: string }
  /** `signature` / `encryptedContent` arrive with the end: they cover the whole block. */
  | { type: 'reasoning-end'; id: string; signature?: string; encryptedContent?: string }
  | { type: 'tool-input-start'; id: string; toolName: string; namespace?: string; kind?: 'function' | 'custom' }
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-end'; id: string }
  | { type: 'tool-call'; toolCallId: string; toolName: string; namespace?: string; kind?: 'function' | 'custom'; input: string }
  /** Usage known so far (cumulative, not a delta). */
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; finish: NeutralFinish; usage?: Usage }
  | { type: 'error'; error: GatewayError };

export type StreamPartType = StreamPart['type'];
