import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * One row counting changes that can invalidate a cached authentication: triggers (migration
 * 0001) bump it whenever a client key is revoked, re-pointed or deleted, or a user's plan changes
 * or the user is deleted, from any connection or process. The authenticator caches verified keys
 * and reads this one integer per request (well under a microsecond) instead of re-reading the key
 * row, so a revoke from the CLI is effective on the gateway's next request.
 */
export const authEpoch = sqliteTable('auth_epoch', {
  id: integer('id').primaryKey(),
  value: integer('value').notNull(),
});
