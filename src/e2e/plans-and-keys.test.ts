import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import { startStack, type Stack } from '../testing/start-stack.ts';

/**
 * Plans, exact per-minute limits, Free-plan BYOK and key revocation, through the running gateway
 * and the official SDKs' typed errors.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.gatewayUrl}/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function userWithKey(plan: string): Promise<{ userId: string; key: string; keyId: string }> {
  const user = await admin<{ id: string }>('POST', '/users', { name: `user-${plan}-${crypto.randomUUID().slice(0, 6)}`, plan });
  const created = await admin<{ key: string; id: string }>('POST', '/keys', { userId: user.id, name: 'laptop' });
  return { userId: user.id, key: created.key, keyId: created.id };
}

const openai = (key: string) => new OpenAI({ baseURL: `${stack.gatewayUrl}/api/v1`, apiKey: key, maxRetries: 0 });
const anthropic = (key: string) => new Anthropic({ baseURL: `${stack.gatewayUrl}/api/v1`, authToken: key, apiKey: null, maxRetries: 0 });

describe('Free plan', () => {
  test('without its own provider key: 403 in both protocols, as the SDKs typed errors', async () => {
    const { key } = await userWithKey('free');
    const a = await openai(key)
      .chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(a).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((a as Error).message).toContain('Free plan requires your own provider API keys');
    const b = await anthropic(key)
      .messages.create({ model: 'auto', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(b).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((b as Error).message).toContain('Free plan requires your own provider API keys');
  });

  test("with its own key, auto uses only that provider, with the user's key, never the gateway's", async () => {
    const { userId, key } = await userWithKey('free');
    const ownKey = 'sk-ant-user-own-key-000000000000';
    await admin('POST', `/users/${userId}/provider-keys`, { provider: 'anthropic', apiKey: ownKey });
    await stack.resetSim();
    const { response } = await openai(key)
      .chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Write a haiku about tests' }] })
      .withResponse();
    expect(response.headers.get('x-coderouter-provider')).toBe('anthropic');
    const [seen] = await stack.simRequests();
    expect(seen!.headers['x-api-key']).toBe(ownKey);
  });
});

describe('rate limits', () => {
  test('100 parallel requests against the Free limit of 60 admit exactly 60', async () => {
    const { key } = await userWithKey('free');
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${stack.gatewayUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-dry-run': 'true' },
          body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBe(60);
    expect(statuses.filter((s) => s === 429).length).toBe(40);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.headers.get('x-ratelimit-limit')).toBe('60');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(refused.headers.get('x-ratelimit-reset'));
    const now = Date.now() / 1000;
    expect(reset).toBeGreaterThan(now + 55);
    expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 60);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.stringify(await refused.json())).toContain('Rate limit exceeded');
    const admitted = responses.find((r) => r.status === 200)!;
    expect(admitted.headers.get('x-ratelimit-limit')).toBe('60');
  });

  test('the 429 arrives in both protocols and the SDKs raise RateLimitError', async () => {
    const { key } = await userWithKey('free');
    const burn = Array.from({ length: 60 }, () =>
      fetch(`${stack.gatewayUrl}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json', 'x-dry-run': 'true' },
        body: JSON.stringify({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      }).then((r) => r.arrayBuffer()),
    );
    await Promise.all(burn);
    const a = await openai(key)
      .chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(a).toBeInstanceOf(OpenAI.RateLimitError);
    const b = await anthropic(key)
      .messages.create({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(b).toBeInstanceOf(Anthropic.RateLimitError);
    expect((b as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBeTruthy();
  });

  test('the plan sets the limit: Pro is 600', async () => {
    const { key } = await userWithKey('pro');
    const response = await fetch(`${stack.gatewayUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.headers.get('x-ratelimit-limit')).toBe('600');
  });
});

describe('client keys', () => {
  test('revocation takes effect on the next request', async () => {
    const { key, keyId } = await userWithKey('pro');
    const ok = await fetch(`${stack.gatewayUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(ok.status).toBe(200);
    await admin('DELETE', `/keys/${keyId}`);
    const revoked = await fetch(`${stack.gatewayUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(revoked.status).toBe(401);
    expect(JSON.stringify(await revoked.json())).toContain('revoked');
  });

  test('a key with a model allow-list may not use other models', async () => {
    const user = await admin<{ id: string }>('POST', '/users', { name: 'restricted', plan: 'pro' });
    const { key } = await admin<{ key: string }>('POST', '/keys', { userId: user.id, name: 'ci', allowedModels: ['auto'] });
    const error = await openai(key)
      .chat.completions.create({ model: 'claude-opus-4.6', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  test('the admin API refuses anything but the master key', async () => {
    const { key } = await userWithKey('team');
    const response = await fetch(`${stack.gatewayUrl}/admin/users`, { headers: { authorization: `Bearer ${key}` } });
    expect([401, 403]).toContain(response.status);
  });
});
