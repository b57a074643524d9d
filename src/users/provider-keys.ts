import { and, asc, eq, max, sql } from 'drizzle-orm';
import { newId } from '../db/ids.ts';
import type { GatewayDatabase } from '../db/open-database.ts';
import { providerKeys, type ProviderKeyRow } from '../db/schema/provider-keys.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { DataKey } from './data-key.ts';
import { getUser } from './users.ts';

/** A provider key as listings show it: the provider and the last four characters, never more. */
export interface MaskedProviderKey {
  id: string;
  provider: string;
  /** `…abcd`, or `…` for a key too short to show any of it safely. */
  masked: string;
  keyVersion: number;
  createdAt: Date;
}

const PROVIDER_ID = /^[a-z][a-z0-9_-]*$/;
/** Below this length, even four characters are too large a share of the key to show. */
const MIN_LENGTH_TO_SHOW_LAST4 = 16;

/**
 * The additional authenticated data of a row: binds a ciphertext to its user and provider, so one
 * copied onto another row (another user's, or another provider's) fails to decrypt.
 */
function associatedData(userId: string, provider: string): string {
  return `coderouter/provider-key/v1\u0000${userId}\u0000${provider}`;
}

function mask(row: ProviderKeyRow): MaskedProviderKey {
  return { id: row.id, provider: row.provider, masked: `…${row.last4}`, keyVersion: row.keyVersion, createdAt: row.createdAt };
}

function undecryptable(row: ProviderKeyRow): GatewayError {
  // Fail closed, and say what to do. Never include the ciphertext, and there is no plaintext to leak.
  return new GatewayError(
    'internal',
    `The stored ${row.provider} API key of user ${row.userId} could not be decrypted: it was altered, or the data key ` +
      `(CODEROUTER_DATA_KEY or the key file) is not the one it was stored with. Remove it and add it again.`,
    { code: 'provider_key_undecryptable', retryable: false },
  );
}

function currentKeyVersion(db: GatewayDatabase): number {
  return db.select({ version: max(providerKeys.keyVersion) }).from(providerKeys).get()?.version ?? 1;
}

/**
 * Stores (or replaces) a user's own key for one provider, encrypted under the data key.
 * @throws GatewayError `invalid_request` for a malformed provider id or key, `not_found` for an unknown user
 */
export function addProviderKey(db: GatewayDatabase, dataKey: DataKey, userId: string, provider: string, apiKey: string): MaskedProviderKey {
  if (!PROVIDER_ID.test(provider)) {
    throw new GatewayError('invalid_request', 'provider must be a provider id such as openai, anthropic or deepseek', { param: 'provider' });
  }
  const key = apiKey.trim();
  if (!key) throw new GatewayError('invalid_request', 'apiKey is empty', { param: 'apiKey' });
  if (/\s/.test(key)) throw new GatewayError('invalid_request', 'apiKey contains whitespace: check the copy and paste', { param: 'apiKey' });
  getUser(db, userId);
  const sealed = dataKey.seal(key, associatedData(userId, provider));
  const values = {
    ...sealed,
    last4: key.length >= MIN_LENGTH_TO_SHOW_LAST4 ? key.slice(-4) : '',
    keyVersion: currentKeyVersion(db),
    createdAt: new Date(),
  };
  const row = db
    .insert(providerKeys)
    .values({ id: newId('pk'), userId, provider, ...values })
    .onConflictDoUpdate({ target: [providerKeys.userId, providerKeys.provider], set: values })
    .returning()
    .get();
  return mask(row);
}

/** A user's provider keys, masked. */
export function listProviderKeys(db: GatewayDatabase, userId: string): MaskedProviderKey[] {
  return db.select().from(providerKeys).where(eq(providerKeys.userId, userId)).orderBy(asc(providerKeys.provider)).all().map(mask);
}

/**
 * Deletes a user's key for one provider.
 * @throws GatewayError `not_found` when the user has no key for it
 */
export function removeProviderKey(db: GatewayDatabase, userId: string, provider: string): void {
  const removed = db
    .delete(providerKeys)
    .where(and(eq(providerKeys.userId, userId), eq(providerKeys.provider, provider)))
    .returning({ id: providerKeys.id })
    .get();
  if (!removed) throw new GatewayError('not_found', `User ${userId} has no ${provider} key`, { code: 'provider_key_not_found' });
}

/**
 * This lookup runs on every request of a user: prepared once per database, because building the
 * query each time cost 28 % of the gateway's CPU under load (bench/reports, `bun --cpu-prof`).
 */
const preparedLookups = new WeakMap<GatewayDatabase, ReturnType<typeof prepareKeysLookup>>();
function prepareKeysLookup(db: GatewayDatabase) {
  return db.select().from(providerKeys).where(eq(providerKeys.userId, sql.placeholder('userId'))).prepare();
}
function selectKeysOf(db: GatewayDatabase) {
  let lookup = preparedLookups.get(db);
  if (!lookup) {
    lookup = prepareKeysLookup(db);
    preparedLookups.set(db, lookup);
  }
  return lookup;
}

/**
 * A user's own keys, decrypted, by provider id: used for that user's requests before the
 * gateway's. Fails closed: if any stored key does not authenticate, nothing is returned.
 * @throws GatewayError `internal` (code `provider_key_undecryptable`) telling the user to re-add the key
 */
export function getProviderKeys(db: GatewayDatabase, dataKey: DataKey, userId: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const row of selectKeysOf(db).all({ userId })) {
    const apiKey = dataKey.open(row, associatedData(row.userId, row.provider));
    if (apiKey === undefined) throw undecryptable(row);
    keys.set(row.provider, apiKey);
  }
  return keys;
}

/**
 * Re-encrypts every provider key from `oldKey` to `newKey` in one transaction: either every row
 * moves to the new key (with a fresh nonce and `keyVersion` + 1) or none does. A row that already
 * opens under `newKey` (a rotation re-run after a crash) is counted and left as it is.
 * @returns the number of rows now under `newKey`
 * @throws GatewayError when a row opens under neither key; nothing is changed then
 */
export function rotateDataKey(db: GatewayDatabase, oldKey: DataKey, newKey: DataKey): number {
  return db.transaction(
    (tx) => {
      const rows = tx.select().from(providerKeys).all();
      const nextVersion = Math.max(0, ...rows.map((row) => row.keyVersion)) + 1;
      for (const row of rows) {
        const aad = associatedData(row.userId, row.provider);
        const apiKey = oldKey.open(row, aad);
        if (apiKey === undefined) {
          if (newKey.open(row, aad) !== undefined) continue;
          throw undecryptable(row);
        }
        tx.update(providerKeys)
          .set({ ...newKey.seal(apiKey, aad), keyVersion: nextVersion })
          .where(eq(providerKeys.id, row.id))
          .run();
      }
      return rows.length;
    },
    { behavior: 'immediate' },
  );
}
