import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { STRATEGIES } from '../../config/config-schema.ts';
import { users } from './users.ts';

/**
 * Client keys (`cr_…`). Only a hash is stored: `keyHash` is the SHA-256 hex of the whole key.
 * A fast unsalted hash is right here, unlike for passwords: the keys are 256-bit random, so there
 * is nothing to brute-force, and the per-request lookup must cost microseconds.
 */
export const clientKeys = sqliteTable(
  'client_keys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The first 8 characters (`cr_` + 5), enough to recognise a key in a list, useless to an attacker. */
    prefix: text('prefix').notNull(),
    defaultStrategy: text('default_strategy', { enum: STRATEGIES }),
    /** Catalog ids or aliases this key may request; null means any. */
    allowedModels: text('allowed_models', { mode: 'json' }).$type<string[]>(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  },
  (table) => [uniqueIndex('client_keys_key_hash_unique').on(table.keyHash), index('client_keys_user_id_idx').on(table.userId)],
);

export type ClientKeyRow = typeof clientKeys.$inferSelect;
export type NewClientKeyRow = typeof clientKeys.$inferInsert;
