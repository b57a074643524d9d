import { authenticate } from '../auth/authenticate.ts';
import { listClientKeys } from '../auth/client-keys.ts';
import { loadClassifier } from '../classifier/index.ts';
import { getClassifierInfo } from '../classifier/onnx-runtime.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import { openDatabase } from '../db/index.ts';
import { createRateLimiter, rateLimitExceededError, rateLimitHeaders, rateLimitKeys, requestsPerMinute } from '../limits/index.ts';
import type { Logger } from '../logging/logger.ts';
import { AffinityStore } from '../router/affinity.ts';
import { createAdminRoutes } from '../users/admin-routes.ts';
import { loadDataKey } from '../users/data-key.ts';
import { getProviderKeys } from '../users/provider-keys.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { LedgerWriter } from './ledger-writer.ts';
import type { GatewayServices } from './services.ts';

const VERSION = '0.1.0';

/** Wires the real services: SQLite (ledger, keys), the limiter, BYOK decryption, the classifier. */
export async function createGatewayServices(config: GatewayConfig, logger: Logger, env: Record<string, string | undefined>) {
  const opened = openDatabase(config.dbPath);
  const { db } = opened;
  const dataKey = loadDataKey({ env, dbPath: config.dbPath });
  const limiter = createRateLimiter();
  const classifier = await loadClassifier();
  const masterKey = env.CODEROUTER_MASTER_KEY || undefined;
  if (!masterKey && listClientKeys(db).length === 0) {
    logger.warn(
      'no client key exists yet, so every request will get 401: set CODEROUTER_MASTER_KEY=cr_<anything long> for an admin key, ' +
        'or run `coderouter users create --name me --plan team` and `coderouter keys create --user <id> --name laptop`',
    );
  }
  const startedAt = Date.now();
  const ledger = new LedgerWriter(db, logger, { dbPath: config.dbPath });

  const services: GatewayServices & { admin: ReturnType<typeof createAdminRoutes>; close(): Promise<void> } = {
    config,
    logger,
    classifier,
    affinity: new AffinityStore(),
    breaker: new CircuitBreaker(config.upstream.circuitBreaker.failures, config.upstream.circuitBreaker.openMs),
    authenticate: (headers) => authenticate(db, headers, { masterKey }),
    async rateLimit(principal, now) {
      const result = await limiter.consume(rateLimitKeys(principal), requestsPerMinute(principal.plan), now);
      return { allowed: result.allowed, headers: rateLimitHeaders(result), error: result.allowed ? undefined : rateLimitExceededError(result) };
    },
    providerKeysFor: (principal) => (principal.userId ? getProviderKeys(db, dataKey, principal.userId) : new Map()),
    recordRequest: (entry) => ledger.record(entry),
    flushLedger: () => ledger.flush(),
    health: () => ({
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      providers: [...config.providers.values()].filter((p) => p.apiKey).map((p) => p.id),
      ...getClassifierInfo(),
    }),
    admin: createAdminRoutes({ db, dataKey, masterKey }),
    async close() {
      await ledger.close();
      opened.close();
    },
  };
  return services;
}
