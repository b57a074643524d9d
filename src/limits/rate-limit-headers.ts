import { GatewayError } from '../errors/gateway-error.ts';
import type { RateLimitResult } from './rate-limiter.ts';

/**
 * The `X-RateLimit-Limit/-Remaining/-Reset` trio every routed response carries, plus `Retry-After`
 * on a refusal. `X-RateLimit-Reset` is Unix epoch seconds (see `RateLimitResult.resetSeconds`).
 * @see ../../../shared/DESIGN.md §3
 */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(result.limit),
    'X-RateLimit-Remaining': String(result.remaining),
    'X-RateLimit-Reset': String(result.resetSeconds),
  };
  if (!result.allowed) headers['Retry-After'] = String(result.retryAfterSeconds);
  return headers;
}

/**
 * The 429 for a refused request, rendered in the caller's protocol by the edge. `Retry-After`
 * travels as `retryAfterSeconds` (the renderer writes it) so it is not sent twice.
 */
export function rateLimitExceededError(result: RateLimitResult): GatewayError {
  const { 'Retry-After': _retryAfter, ...trio } = rateLimitHeaders(result);
  return new GatewayError(
    'rate_limit',
    `Rate limit exceeded: ${result.limit} requests per minute; retry after ${result.retryAfterSeconds} s`,
    { headers: trio, retryAfterSeconds: result.retryAfterSeconds, retryable: true },
  );
}
