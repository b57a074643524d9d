import { afterEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type OpenedDatabase } from '../db/open-database.ts';
import { clientKeys, users } from '../db/schema/index.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { authenticate, readApiKey, type Principal } from './authenticate.ts';
import { generateClientKey, hashClientKey } from './client-key.ts';
import { createClientKey, listClientKeys, revokeClientKey } from './client-keys.ts';

const opened: OpenedDatabase[] = [];
const directories: string[] = [];
function open(path = ':memory:'): OpenedDatabase {
  const database = openDatabase(path);
  opened.push(database);
  return database;
}
function temporaryPath(): string {
  const directory = mkdtempSync(join(tmpdir(), 'coderouter-auth-'));
  directories.push(directory);
  return join(directory, 'coderouter.db');
}
afterEach(() => {
  for (const database of opened.splice(0)) database.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function addUser(database: OpenedDatabase, id = 'usr_1', plan: 'free' | 'pro' = 'pro'): string {
  database.db.insert(users).values({ id, name: 'Ada', plan, createdAt: new Date() }).run();
  return id;
}
const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` });

function authError(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).status).toBe(401);
    return error as GatewayError;
  }
  throw new Error('expected an authentication error');
}

describe('client keys', () => {
  test('generated keys are cr_ + 43 base62 characters and distinct', () => {
    const keys = new Set(Array.from({ length: 200 }, generateClientKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(/^cr_[0-9A-Za-z]{43}$/);
  });

  test('create returns the plaintext once; only its hash and prefix are stored', () => {
    const database = open();
    const userId = addUser(database);
    const { key, info } = createClientKey(database.db, { userId, name: 'laptop', defaultStrategy: 'cost', allowedModels: ['auto'] });
    expect(info).toMatchObject({ userId, name: 'laptop', prefix: key.slice(0, 8), defaultStrategy: 'cost', allowedModels: ['auto'] });
    expect(info).not.toHaveProperty('keyHash');
    const stored = database.db.select().from(clientKeys).where(eq(clientKeys.id, info.id)).get();
    expect(stored?.keyHash).toBe(hashClientKey(key));
    expect(JSON.stringify(listClientKeys(database.db))).not.toContain(key.slice(8));
  });

  test('creating a key for an unknown user is a clear 404', () => {
    const database = open();
    expect(() => createClientKey(database.db, { userId: 'usr_nope', name: 'x' })).toThrow('User usr_nope does not exist');
  });
});

describe('authenticate', () => {
  test('a valid key by Bearer or x-api-key gives its principal', () => {
    const database = open();
    const userId = addUser(database);
    const { key, info } = createClientKey(database.db, { userId, name: 'k', defaultStrategy: 'quality', allowedModels: ['auto', 'gpt-5'] });
    const expected: Principal = { keyId: info.id, userId, plan: 'pro', isMaster: false, defaultStrategy: 'quality', allowedModels: ['auto', 'gpt-5'] };
    expect(authenticate(database.db, bearer(key))).toEqual(expected);
    expect(authenticate(database.db, new Headers({ 'x-api-key': key }))).toEqual(expected);
  });

  test('missing, foreign and unknown keys fail with messages that name the problem', () => {
    const database = open();
    expect(authError(() => authenticate(database.db, new Headers())).message).toBe(
      'Missing API key: send Authorization: Bearer cr_… or x-api-key',
    );
    expect(authError(() => authenticate(database.db, bearer('sk-ant-123'))).message).toStartWith('Invalid API key');
    expect(authError(() => authenticate(database.db, bearer(generateClientKey()))).message).toBe('Invalid API key');
  });

  test('revocation takes effect on the next request', () => {
    const database = open();
    const userId = addUser(database);
    const { key, info } = createClientKey(database.db, { userId, name: 'k' });
    authenticate(database.db, bearer(key)); // now cached
    revokeClientKey(database.db, info.id);
    expect(authError(() => authenticate(database.db, bearer(key))).message).toBe('API key has been revoked');
  });

  test('a revoke or plan change from another connection (the CLI) takes effect on the next request', () => {
    const path = temporaryPath();
    const gateway = open(path);
    const cli = open(path);
    const userId = addUser(cli);
    const { key, info } = createClientKey(cli.db, { userId, name: 'k' });
    expect(authenticate(gateway.db, bearer(key)).plan).toBe('pro');
    cli.db.update(users).set({ plan: 'free' }).where(eq(users.id, userId)).run();
    expect(authenticate(gateway.db, bearer(key)).plan).toBe('free');
    revokeClientKey(cli.db, info.id);
    expect(authError(() => authenticate(gateway.db, bearer(key))).message).toBe('API key has been revoked');
  });

  test('the master key works by either header and belongs to no user', () => {
    const database = open();
    const masterKey = 'cr_master_' + 'x'.repeat(30);
    const master: Principal = { keyId: 'master', userId: null, plan: 'team', isMaster: true, defaultStrategy: null, allowedModels: null };
    expect(authenticate(database.db, bearer(masterKey), { masterKey })).toEqual(master);
    expect(authenticate(database.db, new Headers({ 'x-api-key': masterKey }), { masterKey })).toEqual(master);
    expect(authError(() => authenticate(database.db, bearer(masterKey + 'y'), { masterKey })).message).toBe('Invalid API key');
    expect(authError(() => authenticate(database.db, bearer(masterKey))).message).toBe('Invalid API key');
  });

  test('lastUsedAt is recorded, at most once a minute', () => {
    const database = open();
    const userId = addUser(database);
    const { key, info } = createClientKey(database.db, { userId, name: 'k' });
    let now = 1_700_000_000_000;
    const lastUsed = () => database.db.select().from(clientKeys).where(eq(clientKeys.id, info.id)).get()?.lastUsedAt?.getTime();
    authenticate(database.db, bearer(key), { now: () => now });
    expect(lastUsed()).toBe(now);
    now += 30_000;
    authenticate(database.db, bearer(key), { now: () => now });
    expect(lastUsed()).toBe(now - 30_000);
    now += 30_000;
    authenticate(database.db, bearer(key), { now: () => now });
    expect(lastUsed()).toBe(now);
  });

  test('readApiKey prefers a cr_ key when both headers are sent', () => {
    expect(readApiKey(new Headers({ authorization: 'Bearer sk-ant-x', 'x-api-key': 'cr_abc' }))).toBe('cr_abc');
    expect(readApiKey(new Headers({ authorization: 'bearer  cr_abc ' }))).toBe('cr_abc');
    expect(readApiKey(new Headers({ authorization: 'Basic abc' }))).toBeUndefined();
  });
});
