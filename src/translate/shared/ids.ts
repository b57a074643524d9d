/**
 * Ids the gateway mints when a target protocol needs one the source did not give. Tool-call ids are
 * otherwise carried verbatim in both directions (toolu_… stays toolu_…, call_… stays call_…), so
 * the ids a client sends back always match the ones it was given; only characters a target rejects
 * are replaced, the same way everywhere, so a call and its result keep matching.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomToken(length = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export function newMessageId(): string {
  return `msg_${randomToken()}`;
}

export function newChatCompletionId(): string {
  return `chatcmpl-${randomToken()}`;
}

export function newResponseId(): string {
  return `resp_${randomToken()}`;
}

export function newToolCallId(): string {
  return `call_${randomToken()}`;
}

/** Anthropic accepts tool ids matching ^[a-zA-Z0-9_-]+$. */
export function toAnthropicToolId(id: string): string {
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return cleaned === '' ? 'toolu_empty' : cleaned;
}

/** A Responses function_call item's `id` derived from its `call_id`, so it is stable across turns. */
export function functionCallItemId(callId: string): string {
  return callId.startsWith('fc_') ? callId : `fc_${callId}`;
}
