/**
 * A thinking signature is only ever sent back to the provider that issued it. When reasoning from
 * one provider reaches a client of another protocol (DeepSeek `reasoning_content` shown to Claude
 * Code as a thinking block, Claude's thinking shown to Codex as a reasoning item), the client
 * needs an opaque field to hold and send back. We fill it with a token that says who issued the
 * reasoning and carries what that issuer needs to accept it again:
 *
 *   cr1.<issuer>.<base64url(JSON payload)>
 *
 * Builders drop reasoning whose issuer is not the target, so a signature never crosses providers.
 */
const PREFIX = 'cr1.';

export interface ReasoningProvenance {
  issuer: string;
  /** Anthropic signature, when Anthropic issued the reasoning. */
  signature?: string;
  /** OpenAI Responses reasoning item id + encrypted content. */
  itemId?: string;
  encryptedContent?: string;
  /** Anthropic `redacted_thinking` data. */
  redactedData?: string;
}

export function encodeProvenance(provenance: ReasoningProvenance): string {
  const { issuer, ...payload } = provenance;
  return `${PREFIX}${issuer}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
}

/** Undefined when `token` is not one of ours (then it is a provider's own signature). */
export function decodeProvenance(token: string | undefined): ReasoningProvenance | undefined {
  if (!token?.startsWith(PREFIX)) return undefined;
  const dot = token.indexOf('.', PREFIX.length);
  if (dot < 0) return undefined;
  const issuer = token.slice(PREFIX.length, dot);
  try {
    const payload = JSON.parse(Buffer.from(token.slice(dot + 1), 'base64url').toString('utf8')) as Record<string, unknown>;
    const provenance: ReasoningProvenance = { issuer };
    if (typeof payload.signature === 'string') provenance.signature = payload.signature;
    if (typeof payload.itemId === 'string') provenance.itemId = payload.itemId;
    if (typeof payload.encryptedContent === 'string') provenance.encryptedContent = payload.encryptedContent;
    if (typeof payload.redactedData === 'string') provenance.redactedData = payload.redactedData;
    return provenance;
  } catch {
    return { issuer };
  }
}

export function isGatewayProvenance(token: string | undefined): boolean {
  return token?.startsWith(PREFIX) ?? false;
}
