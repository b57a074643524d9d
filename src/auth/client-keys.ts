import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Strategy } from '../config/config-schema.ts';
import { newId } from '../db/ids.ts';
import type { GatewayDatabase } from '../db/open-database.ts';
import { clientKeys, type ClientKeyRow } from '../db/schema/client-keys.ts';
import { users } from '../db/schema/users.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { displayPrefix, generateClientKey, hashClientKey } from './client-key.ts';

/** A client key as listings show it: everything but the hash. */
export type ClientKeyInfo = Omit<ClientKeyRow, 'keyHash'>;

export interface CreateClientKeyInput {
  userId: string;
  name: string;
  defaultStrategy?: Strategy | null;
  /** Catalog ids or aliases the key may request; omitted or null means any model. */
  allowedModels?: string[] | null;
}

export interface CreatedClientKey {
  /** The plaintext key. Shown to the user once, never stored, never logged. */
  key: string;
  info: ClientKeyInfo;
}

function withoutHash(row: ClientKeyRow): ClientKeyInfo {
  const { keyHash: _keyHash, ...info } = row;
  return info;
}

/**
 * Creates a client key for an existing user and returns its plaintext once, with the stored row.
 * @throws GatewayError `not_found` when the user does not exist
 */
export function createClientKey(db: GatewayDatabase, input: CreateClientKeyInput): CreatedClientKey {
  const user = db.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).get();
  if (!user) throw new GatewayError('not_found', `User ${input.userId} does not exist`, { code: 'user_not_found' });
  if (input.allowedModels && input.allowedModels.length === 0) {
    throw new GatewayError('invalid_request', 'allowedModels must list at least one model, or be omitted to allow all', {
      param: 'allowedModels',
    });
  }
  const key = generateClientKey();
  const row = db
    .insert(clientKeys)
    .values({
      id: newId('key'),
      userId: input.userId,
      name: input.name,
      keyHash: hashClientKey(key),
      prefix: displayPrefix(key),
      defaultStrategy: input.defaultStrategy ?? null,
      allowedModels: input.allowedModels ?? null,
      createdAt: new Date(),
    })
    .returning()
    .get();
  return { key, info: withoutHash(row) };
}

/** Client keys, newest first, optionally of one user and without revoked ones. */
export function listClientKeys(db: GatewayDatabase, options: { userId?: string; includeRevoked?: boolean } = {}): ClientKeyInfo[] {
  const conditions = [];
  if (options.userId !== undefined) conditions.push(eq(clientKeys.userId, options.userId));
  if (options.includeRevoked === false) conditions.push(isNull(clientKeys.revokedAt));
  return db
    .select()
    .from(clientKeys)
    .where(and(...conditions))
    .orderBy(desc(clientKeys.createdAt))
    .all()
    .map(withoutHash);
}

/**
 * Revokes a key; the next request with it fails with "API key has been revoked", whichever process
 * serves it (the revocation bumps `auth_epoch`, which every authenticator checks per request).
 * Revoking twice keeps the first revocation time.
 * @throws GatewayError `not_found` for an unknown key id
 */
export function revokeClientKey(db: GatewayDatabase, keyId: string, now: Date = new Date()): ClientKeyInfo {
  const row =
    db
      .update(clientKeys)
      .set({ revokedAt: now })
      .where(and(eq(clientKeys.id, keyId), isNull(clientKeys.revokedAt)))
      .returning()
      .get() ?? db.select().from(clientKeys).where(eq(clientKeys.id, keyId)).get();
  if (!row) throw new GatewayError('not_found', `Client key ${keyId} does not exist`, { code: 'key_not_found' });
  return withoutHash(row);
}
