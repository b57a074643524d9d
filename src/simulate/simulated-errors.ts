import { GatewayError, errorKindForStatus, invalidRequest } from '../errors/gateway-error.ts';

/**
 * Errors the simulator answers with, built on the project's one error type so they are rendered
 * by the same code (src/errors/render-error.ts) that renders the gateway's own errors: each
 * protocol's body shape, and `retry-after`. The messages echo the providers' wording closely
 * enough for humans reading test output, and say they are simulated.
 */
const MESSAGES: Record<number, string> = {
  400: 'Simulated invalid request',
  401: 'Simulated authentication failure: invalid API key',
  403: 'Simulated permission denied',
  404: 'Simulated not found',
  408: 'Simulated request timeout',
  413: 'Simulated request too large',
  429: 'Simulated rate limit exceeded, please retry after 1 second',
  500: 'Simulated internal server error',
  502: 'Simulated bad gateway',
  503: 'Simulated service unavailable',
  504: 'Simulated gateway timeout',
  529: 'Overloaded',
};

/** 429 carries `retry-after: 1` unless the fault says otherwise, as the providers' rate limits do. */
export function createSimulatedError(status: number, retryAfterSeconds?: number): GatewayError {
  const retryAfter = retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  return new GatewayError(errorKindForStatus(status), MESSAGES[status] ?? `Simulated error ${status}`, {
    status,
    provider: 'simulator',
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
  });
}

/** A request the simulator refuses, worded as the provider would (`model: Field required`). */
export function createMissingFieldError(field: string): GatewayError {
  return invalidRequest(`${field}: Field required`, field);
}
