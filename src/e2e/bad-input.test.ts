import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { startStack, type Stack } from '../testing/start-stack.ts';

/**
 * Bad input always gets the caller's protocol error shape and a message naming the problem; never
 * a 5xx, never a crash.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: {} });
});
afterAll(async () => {
  await stack.stop();
});

const ENDPOINTS = [
  { path: '/v1/chat/completions', protocol: 'openai' },
  { path: '/v1/messages', protocol: 'anthropic' },
  { path: '/v1/responses', protocol: 'responses' },
] as const;

function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return fetch(`${stack.gatewayUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json', ...headers },
    body,
  });
}

function expectProtocolError(protocol: string, json: unknown) {
  const body = json as { type?: unknown; error?: { type?: unknown; message?: unknown } };
  if (protocol === 'anthropic') expect(body.type).toBe('error');
  expect(typeof body.error?.type).toBe('string');
  expect(typeof body.error?.message).toBe('string');
}

describe('bad input', () => {
  for (const { path, protocol } of ENDPOINTS) {
    test(`${protocol}: malformed JSON is a 400 saying so`, async () => {
      const response = await post(path, '{"model": "auto", "messages": [');
      expect(response.status).toBe(400);
      const json = (await response.json()) as never;
      expectProtocolError(protocol, json);
      expect(JSON.stringify(json)).toContain('not valid JSON');
    });

    test(`${protocol}: a missing field is a 400 naming it`, async () => {
      const response = await post(path, JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], input: 'hi', max_tokens: 5 }));
      expect(response.status).toBe(400);
      const json = (await response.json()) as never;
      expectProtocolError(protocol, json);
      expect(JSON.stringify(json)).toContain('model');
    });

    test(`${protocol}: a wrong type is a 400 naming the field`, async () => {
      const response = await post(path, JSON.stringify({ model: 42, messages: 'hi', input: 'hi', max_tokens: 5 }));
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain('model');
    });

    test(`${protocol}: no key is a 401, a wrong key is a 401`, async () => {
      const none = await fetch(`${stack.gatewayUrl}${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(none.status).toBe(401);
      expectProtocolError(protocol, await none.json());
      const wrong = await post(path, '{}', { authorization: 'Bearer cr_thisisnotarealkey00000000000000' });
      expect(wrong.status).toBe(401);
      expect(JSON.stringify(await wrong.json())).toContain('Invalid API key');
    });

    test(`${protocol}: an unknown model is a 404 naming it`, async () => {
      const response = await post(path, JSON.stringify({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }], input: 'hi', max_tokens: 5 }));
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).toContain('no-such-model');
    });

    test(`${protocol}: an oversized body is a 413`, async () => {
      const big = new Uint8Array(33 * 1024 * 1024).fill(0x20);
      const response = await post(path, big);
      expect(response.status).toBe(413);
      expectProtocolError(protocol, await response.json());
    });
  }

  test('x-api-key works as well as Authorization: Bearer', async () => {
    const response = await fetch(`${stack.gatewayUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': stack.masterKey, 'content-type': 'application/json', 'x-dry-run': 'true' },
      body: JSON.stringify({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
  });

  test('several hundred generated malformed bodies: zero 5xx, server alive afterwards', async () => {
    const valid = {
      model: 'auto',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello' }],
      input: 'hello',
    };
    const mutated = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.record({ key: fc.constantFrom('model', 'messages', 'max_tokens', 'input', 'stream', 'tools', 'system'), value: fc.jsonValue() }).map(({ key, value }) =>
        JSON.stringify({ ...valid, [key]: value }),
      ),
      fc.jsonValue().map((value) => JSON.stringify({ ...valid, messages: [value] })),
      fc.jsonValue().map((value) => JSON.stringify({ ...valid, messages: [{ role: 'user', content: value }] })),
    );
    const samples = fc.sample(mutated, { numRuns: 300, seed: 42 });
    const statuses: number[] = [];
    for (const [i, body] of samples.entries()) {
      const { path } = ENDPOINTS[i % ENDPOINTS.length]!;
      const response = await post(path, body, { 'x-dry-run': i % 2 === 0 ? 'true' : 'false' });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    const fiveHundreds = statuses.filter((s) => s >= 500);
    expect(fiveHundreds).toEqual([]);
    expect(statuses.length).toBe(300);
    const health = await fetch(`${stack.gatewayUrl}/healthz`);
    expect(health.status).toBe(200);
  });
});
