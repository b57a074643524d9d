import { afterEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../auth/authenticate.ts';
import { createClientKey } from '../auth/client-keys.ts';
import { openDatabase, type OpenedDatabase } from '../db/open-database.ts';
import { providerKeys } from '../db/schema/index.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { requireByokForFreePlan, resolveUpstreamKeys } from './byok.ts';
import { DataKey, loadDataKey } from './data-key.ts';
import { addProviderKey, getProviderKeys, listProviderKeys, removeProviderKey, rotateDataKey } from './provider-keys.ts';
import { createUser } from './users.ts';

// Canary keys: if any of these strings shows up in the raw database file, the test fails.
const OPENAI_KEY = 'sk-proj-CANARYopenai0123456789abcdefWXYZ';
const ANTHROPIC_KEY = 'sk-ant-api03-CANARYanthropic9876543210zyxw';

const opened: OpenedDatabase[] = [];
const directories: string[] = [];
function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'coderouter-byok-'));
  directories.push(directory);
  return directory;
}
function open(path = ':memory:'): OpenedDatabase {
  const database = openDatabase(path);
  opened.push(database);
  return database;
}
afterEach(() => {
  for (const database of opened.splice(0)) database.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function thrown(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected a GatewayError');
}

describe('provider keys (BYOK)', () => {
  test('round trip, masked listing, replace and remove', () => {
    const { db } = open();
    const dataKey = DataKey.generate();
    const user = createUser(db, { name: 'Ada' });
    addProviderKey(db, dataKey, user.id, 'openai', 'sk-old-key-0000000000');
    addProviderKey(db, dataKey, user.id, 'openai', OPENAI_KEY);
    addProviderKey(db, dataKey, user.id, 'anthropic', ANTHROPIC_KEY);
    expect(getProviderKeys(db, dataKey, user.id)).toEqual(new Map([['openai', OPENAI_KEY], ['anthropic', ANTHROPIC_KEY]]));
    const listed = listProviderKeys(db, user.id);
    expect(listed.map((key) => [key.provider, key.masked])).toEqual([['anthropic', '…zyxw'], ['openai', '…WXYZ']]);
    expect(JSON.stringify(listed)).not.toContain('CANARY');
    removeProviderKey(db, user.id, 'openai');
    expect([...getProviderKeys(db, dataKey, user.id).keys()]).toEqual(['anthropic']);
    expect(thrown(() => removeProviderKey(db, user.id, 'openai')).status).toBe(404);
  });

  test('the raw database file holds no plaintext provider key and no plaintext client key', () => {
    const path = join(temporaryDirectory(), 'coderouter.db');
    const { db, sqlite, close } = openDatabase(path);
    const dataKey = loadDataKey({ env: {}, dbPath: path });
    const user = createUser(db, { name: 'Ada' });
    addProviderKey(db, dataKey, user.id, 'openai', OPENAI_KEY);
    addProviderKey(db, dataKey, user.id, 'anthropic', ANTHROPIC_KEY);
    const { key: clientKey } = createClientKey(db, { userId: user.id, name: 'laptop' });
    sqlite.run('PRAGMA wal_checkpoint(TRUNCATE)');
    close();
    const directory = join(path, '..');
    const dump = readdirSync(directory)
      .filter((name) => name.startsWith('coderouter.db') && !name.endsWith('.key'))
      .map((name) => readFileSync(join(directory, name)).toString('latin1'))
      .join('');
    expect(dump).toContain('provider_keys'); // the dump is the real file
    for (const secret of [OPENAI_KEY, ANTHROPIC_KEY, clientKey, clientKey.slice(8)]) expect(dump).not.toContain(secret);
    expect(dump).not.toContain('CANARY');
  });

  test('a tampered ciphertext, a moved ciphertext and a wrong data key all fail closed, clearly', () => {
    const { db } = open();
    const dataKey = DataKey.generate();
    const ada = createUser(db, { name: 'Ada' });
    const bob = createUser(db, { name: 'Bob' });
    addProviderKey(db, dataKey, ada.id, 'openai', OPENAI_KEY);
    addProviderKey(db, dataKey, bob.id, 'openai', 'sk-bob-00000000000000000000');

    const expectUndecryptable = (userId: string, key = dataKey) => {
      const error = thrown(() => getProviderKeys(db, key, userId));
      expect(error.message).toContain('could not be decrypted');
      expect(error.message).toContain('add it again');
      expect(error.message).not.toContain('CANARY');
      expect(error.code).toBe('provider_key_undecryptable');
    };
    expectUndecryptable(ada.id, DataKey.generate());

    const row = db.select().from(providerKeys).where(eq(providerKeys.userId, ada.id)).get()!;
    const bytes = Buffer.from(row.ciphertext, 'base64');
    bytes[3]! ^= 0x01;
    db.update(providerKeys).set({ ciphertext: bytes.toString('base64') }).where(eq(providerKeys.id, row.id)).run();
    expectUndecryptable(ada.id);

    // Bob's ciphertext copied onto Ada's row: the associated data (user, provider) no longer matches.
    const bobRow = db.select().from(providerKeys).where(eq(providerKeys.userId, bob.id)).get()!;
    db.update(providerKeys).set({ ciphertext: bobRow.ciphertext, nonce: bobRow.nonce }).where(eq(providerKeys.id, row.id)).run();
    expectUndecryptable(ada.id);
  });

  test('rotation re-encrypts every row; every key stays readable under the new key only', () => {
    const { db } = open();
    const oldKey = DataKey.generate();
    const newKey = DataKey.generate();
    const expected = new Map<string, Map<string, string>>();
    for (let i = 0; i < 5; i++) {
      const user = createUser(db, { name: `user ${i}` });
      const keys = new Map([['openai', `${OPENAI_KEY}${i}`], ['deepseek', `sk-deepseek-000000000000${i}`]]);
      for (const [provider, apiKey] of keys) addProviderKey(db, oldKey, user.id, provider, apiKey);
      expected.set(user.id, keys);
    }
    const before = db.select().from(providerKeys).all();
    expect(rotateDataKey(db, oldKey, newKey)).toBe(10);
    for (const [userId, keys] of expected) expect(getProviderKeys(db, newKey, userId)).toEqual(keys);
    const after = db.select().from(providerKeys).all();
    expect(after.every((row) => row.keyVersion === 2)).toBe(true);
    expect(after.some((row, i) => row.nonce === before[i]!.nonce)).toBe(false);
    expect(() => getProviderKeys(db, oldKey, [...expected.keys()][0]!)).toThrow('could not be decrypted');
    // Re-running after a crash (some rows already rotated) is harmless.
    expect(rotateDataKey(db, oldKey, newKey)).toBe(10);
  });

  test('rotation changes nothing when a row opens under neither key', () => {
    const { db } = open();
    const oldKey = DataKey.generate();
    const user = createUser(db, { name: 'Ada' });
    addProviderKey(db, oldKey, user.id, 'openai', OPENAI_KEY);
    addProviderKey(db, DataKey.generate(), user.id, 'anthropic', ANTHROPIC_KEY);
    const before = db.select().from(providerKeys).all();
    expect(() => rotateDataKey(db, oldKey, DataKey.generate())).toThrow('could not be decrypted');
    expect(db.select().from(providerKeys).all()).toEqual(before);
  });

  test('bad input is refused with a message naming the field', () => {
    const { db } = open();
    const dataKey = DataKey.generate();
    const user = createUser(db, { name: 'Ada' });
    expect(thrown(() => addProviderKey(db, dataKey, user.id, 'Open AI', OPENAI_KEY)).param).toBe('provider');
    expect(thrown(() => addProviderKey(db, dataKey, user.id, 'openai', 'sk a b')).message).toContain('whitespace');
    expect(thrown(() => addProviderKey(db, dataKey, 'usr_nobody', 'openai', OPENAI_KEY)).status).toBe(404);
  });
});

describe('data key', () => {
  test('created at first start as a 0600 file beside the database, then reused', () => {
    const dbPath = join(temporaryDirectory(), 'sub', 'coderouter.db');
    const first = loadDataKey({ env: {}, dbPath });
    expect(first.source).toBe('file');
    expect(statSync(`${dbPath}.key`).mode & 0o777).toBe(0o600);
    expect(loadDataKey({ env: {}, dbPath }).fingerprint).toBe(first.fingerprint);
    expect(JSON.stringify({ first })).not.toContain(readFileSync(`${dbPath}.key`, 'utf8').trim());
  });

  test('CODEROUTER_DATA_KEY wins; a bad one or a world-readable file is refused with the fix', () => {
    const dbPath = join(temporaryDirectory(), 'coderouter.db');
    const env = { CODEROUTER_DATA_KEY: Buffer.alloc(32, 7).toString('base64') };
    expect(loadDataKey({ env, dbPath }).source).toBe('env');
    expect(() => loadDataKey({ env: { CODEROUTER_DATA_KEY: 'short' }, dbPath })).toThrow('openssl rand -base64 32');
    writeFileSync(`${dbPath}.key`, Buffer.alloc(32, 1).toString('base64'), { mode: 0o644 });
    expect(() => loadDataKey({ env: {}, dbPath })).toThrow('chmod 600');
  });
});

describe('BYOK policy', () => {
  const principal = (plan: Principal['plan'], isMaster = false): Principal => ({
    keyId: 'key_1',
    userId: isMaster ? null : 'usr_1',
    plan,
    isMaster,
    defaultStrategy: null,
    allowedModels: null,
  });

  test('a Free user without their own key gets the 403 of the guide', () => {
    const error = thrown(() => requireByokForFreePlan(principal('free'), new Map()));
    expect([error.status, error.kind, error.message]).toEqual([403, 'permission', 'Free plan requires your own provider API keys']);
    expect(() => requireByokForFreePlan(principal('free'), new Map([['openai', 'sk']]))).not.toThrow();
    expect(() => requireByokForFreePlan(principal('pro'), new Set())).not.toThrow();
  });

  test('own keys win; Free users never get the gateway keys', () => {
    const gateway = new Map([['openai', 'gw-openai'], ['anthropic', 'gw-anthropic'], ['gemini', undefined]]);
    const own = new Map([['openai', 'own-openai']]);
    expect(resolveUpstreamKeys(principal('pro'), own, gateway)).toEqual(
      new Map([['openai', { apiKey: 'own-openai', source: 'user' }], ['anthropic', { apiKey: 'gw-anthropic', source: 'gateway' }]]),
    );
    expect([...resolveUpstreamKeys(principal('free'), own, gateway).keys()]).toEqual(['openai']);
  });
});
