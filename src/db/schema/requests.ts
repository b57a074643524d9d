import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { COMPLEXITIES, PHASES, STRATEGIES, TASK_TYPES } from '../../config/config-schema.ts';

/**
 * The request ledger: one row per routed request, written when the response ends.
 * No foreign keys on purpose: the ledger outlives revoked keys and deleted users, and a write on
 * the hot path should not pay for constraint checks. `keyId` is `master` for the master key.
 */
export const requests = sqliteTable(
  'requests',
  {
    /** The request id, also sent as X-CodeRouter-Request-Id. */
    id: text('id').primaryKey(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    keyId: text('key_id').notNull(),
    userId: text('user_id'),
    requestedModel: text('requested_model').notNull(),
    chosenModel: text('chosen_model'),
    provider: text('provider'),
    taskType: text('task_type', { enum: TASK_TYPES }),
    complexity: text('complexity', { enum: COMPLEXITIES }),
    phase: text('phase', { enum: PHASES }),
    strategy: text('strategy', { enum: STRATEGIES }),
    confidence: real('confidence'),
    reason: text('reason'),
    /** Catalog ids tried before `chosenModel`, in order. */
    fallbacksTried: text('fallbacks_tried', { mode: 'json' }).$type<string[]>(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    cacheReadTokens: integer('cache_read_tokens').notNull().default(0),
    cacheWriteTokens: integer('cache_write_tokens').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
    /** What the same tokens would have cost on the baseline model (always-Opus). */
    baselineCostUsd: real('baseline_cost_usd').notNull().default(0),
    savingsUsd: real('savings_usd').notNull().default(0),
    latencyMs: integer('latency_ms'),
    status: integer('status').notNull(),
    errorKind: text('error_kind'),
    stream: integer('stream', { mode: 'boolean' }).notNull().default(false),
    /** Only when `logging.storePrompts` is on. */
    prompt: text('prompt'),
  },
  (table) => [index('requests_created_at_idx').on(table.createdAt), index('requests_user_created_idx').on(table.userId, table.createdAt)],
);

export type RequestRow = typeof requests.$inferSelect;
export type NewRequestRow = typeof requests.$inferInsert;
