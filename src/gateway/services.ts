import type { NewRequestRow } from '../db/schema/requests.ts';
import type { Classifier } from '../classifier/types.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import type { Logger } from '../logging/logger.ts';
import type { AffinityStore } from '../router/affinity.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';

import type { Principal } from '../auth/authenticate.ts';

export type { Principal };

export interface RateLimitDecision {
  allowed: boolean;
  /** X-RateLimit-* (and Retry-After when refused). */
  headers: Record<string, string>;
  /** The 429 to send when refused. */
  error?: import('../errors/gateway-error.ts').GatewayError;
}

/** One ledger row as the gateway knows it when a request ends. */
export type LedgerEntry = NewRequestRow;

/**
 * Everything the HTTP edge needs, injected so routes can be tested with `app.request()` and the
 * pieces (auth, limits, ledger, classifier) replaced independently.
 */
export interface GatewayServices {
  config: GatewayConfig;
  logger: Logger;
  classifier: Classifier;
  affinity: AffinityStore;
  breaker: CircuitBreaker;
  authenticate(headers: Headers): Principal | Promise<Principal>;
  rateLimit(principal: Principal, now?: number): RateLimitDecision | Promise<RateLimitDecision>;
  /** The user's own provider keys (BYOK), decrypted, by provider id. */
  providerKeysFor(principal: Principal): Map<string, string>;
  recordRequest(entry: LedgerEntry): void;
  /** Writes queued ledger rows now (they are batched; see ledger-writer.ts). */
  flushLedger(): Promise<void>;
  /** Extra info for /healthz. */
  health(): Record<string, unknown>;
}
