/**
 * The one error type of the gateway. Everything that fails — a client's bad input, a missing key,
 * an upstream 529 — becomes a GatewayError, and the HTTP edge renders it in the caller's protocol
 * (see render-error.ts). Keep `message` safe to show a client: never put a secret in it.
 */
export type ErrorKind =
  | 'invalid_request' // 400: the client's request is malformed or unsupported
  | 'authentication' // 401: missing or invalid client key
  | 'permission' // 403: the key may not do this (plan, allow-list)
  | 'not_found' // 404: unknown route or model
  | 'request_too_large' // 413
  | 'rate_limit' // 429
  | 'upstream' // an upstream answered with an error status (kept as its status)
  | 'overloaded' // 529 from Anthropic, 503 elsewhere
  | 'timeout' // connect / first-byte timeout
  | 'unavailable' // no provider configured or every fallback failed
  | 'internal'; // a bug of ours: 500

export interface GatewayErrorOptions {
  status?: number;
  param?: string | null;
  code?: string | null;
  retryable?: boolean;
  provider?: string;
  retryAfterSeconds?: number;
  /** Extra response headers (e.g. rate-limit headers) to send with the error. */
  headers?: Record<string, string>;
  cause?: unknown;
}

const DEFAULT_STATUS: Record<ErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  request_too_large: 413,
  rate_limit: 429,
  upstream: 502,
  overloaded: 529,
  timeout: 504,
  unavailable: 503,
  internal: 500,
};

export class GatewayError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly param: string | null;
  readonly code: string | null;
  readonly retryable: boolean;
  readonly provider: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Record<string, string>;

  constructor(kind: ErrorKind, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.status = options.status ?? DEFAULT_STATUS[kind];
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.retryable = options.retryable ?? (this.status === 429 || this.status >= 500);
    this.provider = options.provider;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers ?? {};
  }

  /** True when the failure is the client's fault: never retried, never falls back. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 429 && this.status !== 408;
  }
}

export function invalidRequest(message: string, param: string | null = null): GatewayError {
  return new GatewayError('invalid_request', message, { param });
}

/** Map an upstream HTTP status onto our error kind. */
export function errorKindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 529 || status === 503) return 'overloaded';
  if (status === 504 || status === 408) return 'timeout';
  return 'upstream';
}
