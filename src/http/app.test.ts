import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startStack, type Stack } from '../testing/start-stack.ts';
import { normalizePath } from './normalize-path.ts';

describe('normalizePath', () => {
  test('every accepted spelling maps to one route', () => {
    expect(normalizePath('/api/v1/chat/completions')).toBe('/v1/chat/completions');
    expect(normalizePath('/v1/v1/messages')).toBe('/v1/messages');
    expect(normalizePath('/api/v1/v1/responses')).toBe('/v1/responses');
    expect(normalizePath('/api/v1')).toBe('/v1');
    expect(normalizePath('/api')).toBe('/');
    expect(normalizePath('/v1/models/')).toBe('/v1/models');
  });
});

describe('HTTP surface', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  test('HEAD and GET on /, /v1 and /api/v1 answer 200 without a key (Claude Code probes with HEAD)', async () => {
    for (const path of ['/', '/v1', '/api/v1']) {
      for (const method of ['HEAD', 'GET']) {
        const response = await fetch(`${stack.gatewayUrl}${path}`, { method });
        expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 200`);
      }
    }
  });

  test('/healthz reports the classifier and the ONNX runtime', async () => {
    const health = (await (await fetch(`${stack.gatewayUrl}/healthz`)).json()) as Record<string, unknown>;
    expect(health.status).toBe('ok');
    expect(health).toHaveProperty('onnxruntime');
    expect(health).toHaveProperty('classifier');
    expect(health.providers).toContain('anthropic');
  });

  test('doubled /v1 and /api/v1 routes serve the same endpoints', async () => {
    for (const path of ['/v1/v1/chat/completions', '/api/v1/v1/chat/completions', '/api/v1/chat/completions']) {
      const response = await fetch(`${stack.gatewayUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json', 'x-dry-run': 'true' },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
    }
  });

  test('an unknown route is a 404 in the protocol its path implies', async () => {
    const anthropic = await fetch(`${stack.gatewayUrl}/v1/messages/batches`, { method: 'POST', headers: { authorization: `Bearer ${stack.masterKey}` } });
    expect(anthropic.status).toBe(404);
    expect(((await anthropic.json()) as { type: string }).type).toBe('error');
    const openai = await fetch(`${stack.gatewayUrl}/v1/embeddings`, { method: 'POST' });
    expect(openai.status).toBe(404);
    expect(((await openai.json()) as { error: { message: string } }).error.message).toContain('/v1/embeddings');
  });

  test('count_tokens answers locally without calling a provider', async () => {
    await stack.resetSim();
    const response = await fetch(`${stack.gatewayUrl}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': stack.masterKey, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Count the tokens in this sentence, please.' }] }),
    });
    expect(response.status).toBe(200);
    const { input_tokens } = (await response.json()) as { input_tokens: number };
    expect(input_tokens).toBeGreaterThan(5);
    expect(input_tokens).toBeLessThan(30);
    expect((await stack.simStats()).received).toBe(0);
  });
});

describe('no provider configured', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ providers: [] });
  });
  afterAll(async () => {
    await stack.stop();
  });

  test('dry-run still works', async () => {
    const response = await fetch(`${stack.gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json', 'x-dry-run': 'true' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Refactor this Python function' }] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { routing: { reason: string } }).routing.reason).toContain('no provider key');
  });

  test('a real call gets a protocol-shaped error naming what to set', async () => {
    const response = await fetch(`${stack.gatewayUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': stack.masterKey, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { type: string; error: { message: string } };
    expect(body.type).toBe('error');
    expect(body.error.message).toContain('_API_KEY');
  });
});
