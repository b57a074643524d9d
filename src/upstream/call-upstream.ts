import type { ResolvedProvider } from '../config/load-config.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { Protocol } from '../protocols/protocol.ts';
import { assertNever } from '../protocols/protocol.ts';

/**
 * The one module that talks to upstreams (fetch, timeouts, aborts). Adapters stay pure: they
 * build bodies and read responses; this sends them. A provider key is only ever put on a request
 * to that provider's own base URL, and never logged.
 */
export interface UpstreamRequest {
  provider: ResolvedProvider;
  apiKey: string;
  protocol: Protocol;
  body: Record<string, unknown>;
  /** Count tokens instead of generating (Anthropic only). */
  countTokens?: boolean;
  /** The client's headers: protocol-owned ones (anthropic-version, anthropic-beta) are forwarded. */
  clientHeaders: Headers;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  firstByteTimeoutMs: number;
}

const ANTHROPIC_VERSION = '2023-06-01';
/** Client headers that belong to the Anthropic protocol and are forwarded to Anthropic upstreams. */
const ANTHROPIC_FORWARDED = ['anthropic-version', 'anthropic-beta'];

export function upstreamUrl(provider: ResolvedProvider, protocol: Protocol, countTokens = false): string {
  switch (protocol) {
    case 'anthropic':
      return `${provider.baseUrl}/v1/messages${countTokens ? '/count_tokens' : ''}`;
    case 'openai':
      return `${provider.baseUrl}/chat/completions`;
    case 'responses':
      return `${provider.baseUrl}/responses`;
    default:
      return assertNever(protocol, 'protocol');
  }
}

function upstreamHeaders(request: UpstreamRequest): Headers {
  const headers = new Headers({ 'content-type': 'application/json', 'user-agent': 'coderouter/0.1' });
  for (const [name, value] of Object.entries(request.provider.headers)) headers.set(name, value);
  if (request.protocol === 'anthropic') {
    headers.set('x-api-key', request.apiKey);
    for (const name of ANTHROPIC_FORWARDED) {
      const value = request.clientHeaders.get(name);
      if (value) headers.set(name, value);
    }
    if (!headers.has('anthropic-version')) headers.set('anthropic-version', ANTHROPIC_VERSION);
  } else {
    headers.set('authorization', `Bearer ${request.apiKey}`);
  }
  if (request.body.stream === true) headers.set('accept', 'text/event-stream');
  return headers;
}

/**
 * Sends the request and resolves with the upstream's response once its headers arrive, whatever
 * the status. Connection failures and the first-byte timeout become retryable GatewayErrors; a
 * client abort rejects with the abort reason.
 */
export async function callUpstream(request: UpstreamRequest): Promise<Response> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('first-byte timeout')), request.firstByteTimeoutMs);
  const signal = AbortSignal.any([request.signal, timeout.signal]);
  try {
    return await fetch(upstreamUrl(request.provider, request.protocol, request.countTokens), {
      method: 'POST',
      headers: upstreamHeaders(request),
      body: JSON.stringify(request.body),
      signal,
      // Bun: do not buffer or decompress-then-rechunk differently; we relay the body as it streams.
      redirect: 'manual',
    });
  } catch (error) {
    if (request.signal.aborted) throw error;
    if (timeout.signal.aborted) {
      throw new GatewayError('timeout', `Upstream ${request.provider.id} did not answer within ${request.firstByteTimeoutMs} ms.`, {
        provider: request.provider.id,
        retryable: true,
        cause: error,
      });
    }
    throw new GatewayError('unavailable', `Could not reach upstream ${request.provider.id}: ${describeNetworkError(error)}.`, {
      status: 502,
      provider: request.provider.id,
      retryable: true,
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code) return code;
  return error instanceof Error ? error.message.slice(0, 200) : 'network error';
}
