import { errorKindForStatus, GatewayError } from '../errors/gateway-error.ts';

/**
 * Turns an upstream error response (any protocol's shape) into a GatewayError that keeps the
 * upstream's status, message and `retry-after`, so the client sees what the provider said, in
 * its own protocol.
 */
export async function readUpstreamError(response: Response, provider: string): Promise<GatewayError> {
  let message = `Upstream ${provider} answered HTTP ${response.status}.`;
  let code: string | null = null;
  try {
    const text = await response.text();
    const body = JSON.parse(text) as { error?: { message?: unknown; code?: unknown; type?: unknown } | string; message?: unknown };
    const inner = typeof body.error === 'object' ? body.error : undefined;
    const found = inner?.message ?? (typeof body.error === 'string' ? body.error : body.message);
    if (typeof found === 'string' && found) message = `${provider}: ${found}`;
    if (typeof inner?.code === 'string') code = inner.code;
  } catch {
    // Not JSON (an HTML error page from a proxy): keep the status-based message.
  }
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  return new GatewayError(errorKindForStatus(response.status), message, {
    status: response.status,
    code,
    provider,
    retryAfterSeconds: retryAfter,
  });
}

/** `retry-after` in seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, (date - Date.now()) / 1000);
  return undefined;
}
