import { afterEach, describe, expect, test } from 'bun:test';
import { Hono } from 'hono';
import { authenticate } from '../auth/authenticate.ts';
import { openDatabase, type OpenedDatabase } from '../db/open-database.ts';
import { createAdminRoutes } from './admin-routes.ts';
import { DataKey } from './data-key.ts';
import { getProviderKeys } from './provider-keys.ts';

const MASTER = 'cr_master_test_0123456789abcdef';
const opened: OpenedDatabase[] = [];
afterEach(() => {
  for (const database of opened.splice(0)) database.close();
});

function setup(masterKey: string | null = MASTER) {
  const database = openDatabase(':memory:');
  opened.push(database);
  const dataKey = DataKey.generate();
  const app = new Hono().route('/admin', createAdminRoutes({ db: database.db, dataKey, masterKey: masterKey ?? undefined }));
  const call = async (method: string, path: string, body?: unknown, key: string | null = MASTER) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await app.request(`/admin${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  return { ...database, dataKey, call };
}

describe('admin API', () => {
  test('users, plans, provider keys and client keys end to end', async () => {
    const { db, dataKey, call } = setup();
    const created = await call('POST', '/users', { name: 'Ada' });
    expect(created).toMatchObject({ status: 201, body: { name: 'Ada', plan: 'free' } });
    const userId: string = created.body.id;
    expect((await call('GET', '/users')).body.data).toHaveLength(1);
    expect(await call('POST', `/users/${userId}/plan`, { plan: 'pro' })).toMatchObject({ status: 200, body: { plan: 'pro' } });

    const added = await call('POST', `/users/${userId}/provider-keys`, { provider: 'openai', apiKey: 'sk-proj-CANARY-0000000000abcd' });
    expect(added).toMatchObject({ status: 201, body: { provider: 'openai', masked: '…abcd' } });
    expect(JSON.stringify(added.body)).not.toContain('CANARY');
    expect((await call('GET', `/users/${userId}/provider-keys`)).body.data).toHaveLength(1);
    expect(getProviderKeys(db, dataKey, userId).get('openai')).toBe('sk-proj-CANARY-0000000000abcd');

    const key = await call('POST', '/keys', { userId, name: 'laptop', defaultStrategy: 'cost', allowedModels: ['auto'] });
    expect(key).toMatchObject({ status: 201, body: { userId, name: 'laptop', defaultStrategy: 'cost', allowedModels: ['auto'] } });
    expect(key.body.key).toMatch(/^cr_/);
    expect(authenticate(db, new Headers({ 'x-api-key': key.body.key })).plan).toBe('pro');
    const listed = await call('GET', `/keys?userId=${userId}`);
    expect(listed.body.data).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(key.body.key);

    expect((await call('DELETE', `/keys/${key.body.id}`)).body.revokedAt).toBeString();
    expect(() => authenticate(db, new Headers({ 'x-api-key': key.body.key }))).toThrow('API key has been revoked');

    expect(await call('DELETE', `/users/${userId}/provider-keys/openai`)).toMatchObject({ status: 200, body: { deleted: true } });
    expect((await call('DELETE', `/users/${userId}/provider-keys?provider=openai`)).status).toBe(404);
  });

  test('only the master key gets in', async () => {
    const { call } = setup();
    const missing = await call('GET', '/users', undefined, null);
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toContain('master key');
    expect((await call('GET', '/users', undefined, 'cr_not_the_master')).status).toBe(401);
    const disabled = await setup(null).call('GET', '/users');
    expect(disabled.status).toBe(403);
    expect(disabled.body.error.message).toContain('CODEROUTER_MASTER_KEY');
  });

  test('bad input gets the OpenAI error shape naming the field', async () => {
    const { call } = setup();
    const badPlan = await call('POST', '/users', { name: 'Ada', plan: 'gold' });
    expect(badPlan.status).toBe(400);
    expect(badPlan.body.error).toMatchObject({ type: 'invalid_request_error', param: 'plan' });
    expect(badPlan.body.error.message).toStartWith('plan:');
    expect((await call('POST', '/users/usr_nobody/plan', { plan: 'pro' })).body.error.message).toBe('User usr_nobody does not exist');
    expect((await call('POST', '/keys', { userId: 'usr_nobody', name: 'x' })).status).toBe(404);
    expect((await call('POST', '/users', 'not an object')).status).toBe(400);
    expect((await call('GET', '/nope')).status).toBe(404);
  });

  test('an internal failure is a 500 that leaks nothing', async () => {
    const { call, sqlite } = setup();
    sqlite.close();
    const response = await call('GET', '/users');
    expect(response.status).toBe(500);
    expect(response.body.error.message).toBe('Internal error in the admin API');
    opened.length = 0;
  });
});
