import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';

/**
 * A user's own upstream key (BYOK), encrypted with AES-256-GCM under the data key.
 * `ciphertext` is base64 of ciphertext‖tag; `nonce` is base64 of the row's random 96-bit nonce;
 * the additional authenticated data is the row's userId and provider, so a ciphertext copied onto
 * another row fails to decrypt. `keyVersion` counts data-key rotations.
 */
export const providerKeys = sqliteTable(
  'provider_keys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    ciphertext: text('ciphertext').notNull(),
    nonce: text('nonce').notNull(),
    /** The last four characters of the key, for masked listings; not enough to use it. */
    last4: text('last4').notNull(),
    keyVersion: integer('key_version').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [uniqueIndex('provider_keys_user_provider_unique').on(table.userId, table.provider)],
);

export type ProviderKeyRow = typeof providerKeys.$inferSelect;
export type NewProviderKeyRow = typeof providerKeys.$inferInsert;
