/**
 * Response and call ids in each provider's own style (`chatcmpl-…`, `resp_…`, `msg_…`, `toolu_…`,
 * `call_…`, `fc_…`, `rs_…`, `req_…`). Unique per call: gateways key logs, tool-call pairing and
 * idempotency on them, so two responses must never share one.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function createId(prefix: string, length = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = prefix;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
