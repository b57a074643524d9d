import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { DEFAULT_CATALOG } from '../config/catalog.ts';
import { startStack, type Stack } from '../testing/start-stack.ts';

/**
 * `auto` routing through the running gateway: the guide's dry-run shape, fallback on retryable
 * upstream failures (never on a 400), and the hard constraints (vision, tools, context window).
 */
let stack: Stack;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cr-routing-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      // Each test fails the primary on purpose: keep the breaker out of the way here (it has its own tests).
      upstream: { firstByteTimeoutMs: 400, maxRetryAfterMs: 0, circuitBreaker: { failures: 1000, openMs: 1000 } },
      models: [
        {
          id: 'toolless-mini',
          provider: 'deepseek',
          upstreamId: 'toolless-mini',
          tier: 0,
          contextWindow: 64000,
          maxOutputTokens: 4096,
          pricing: { input: 0.01, output: 0.01 },
          capabilities: { tools: false, vision: false, thinking: false },
        },
      ],
      routing: {
        rules: [
          { when: { strategy: ['quality'] }, models: ['claude-sonnet-4.6', 'deepseek-chat', 'gpt-5-mini'], note: 'test rule: a known chain' },
          { when: { strategy: ['cost'] }, models: ['toolless-mini', 'gpt-5-nano'], note: 'test rule: cheapest first' },
        ],
      },
    }),
  );
  stack = await startStack({ configPath });
});
afterAll(async () => {
  await stack.stop();
});

const openai = () => new OpenAI({ baseURL: `${stack.gatewayUrl}/api/v1`, apiKey: stack.masterKey, maxRetries: 0 });
const catalog = new Map(DEFAULT_CATALOG.map((m) => [m.id, m]));
const DOC_REQUEST = 'Write a docstring for this function: def add(a, b): return a + b';

describe('dry-run', () => {
  test("the guide's example returns every field of the guide's response, plus phase, confidence and reason", async () => {
    const response = await fetch(`${stack.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json', 'x-dry-run': 'true' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Refactor this Python function' }] }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { dryRun: boolean; routing: Record<string, unknown> };
    expect(body.dryRun).toBe(true);
    const routing = body.routing;
    for (const field of ['taskType', 'complexity', 'modelSelected', 'strategy', 'fallbackChain', 'estimatedCost', 'phase', 'confidence', 'reason']) {
      expect(routing).toHaveProperty(field);
    }
    expect(routing.strategy).toBe('balanced');
    expect(Array.isArray(routing.fallbackChain)).toBe(true);
    const cost = routing.estimatedCost as Record<string, string>;
    expect(cost.selected).toMatch(/^\$\d/);
    expect(cost.ifOpus).toMatch(/^\$\d/);
    expect(cost.savings).toMatch(/%$/);
    expect(catalog.has(routing.modelSelected as string)).toBe(true);
    expect(routing.taskType).toBe('refactor');
    expect((await stack.simStats()).received).toBe(0);
  });

  test('a streaming request still gets one JSON body; no model is called', async () => {
    await stack.resetSim();
    const response = await fetch(`${stack.gatewayUrl}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json', 'x-dry-run': 'true' },
      body: JSON.stringify({ model: 'auto:quality', stream: true, input: 'Design the sharding scheme for our event store' }),
    });
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { routing: { strategy: string } };
    expect(body.routing.strategy).toBe('quality');
    expect((await stack.simStats()).received).toBe(0);
  });

  test('works through the Anthropic SDK, which parses it as a message', async () => {
    await stack.resetSim();
    const client = new Anthropic({ baseURL: `${stack.gatewayUrl}/api/v1`, authToken: stack.masterKey, apiKey: null, maxRetries: 0 });
    const { data, response } = await client.messages
      .create({ model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: 'hi there!' }] }, { headers: { 'X-Dry-Run': 'true' } })
      .withResponse();
    expect((data.content[0] as Anthropic.TextBlock).text).toContain('[CodeRouter dry run]');
    expect((data as unknown as { routing: { modelSelected: string } }).routing.modelSelected).toBe(response.headers.get('x-coderouter-model')!);
    expect((await stack.simStats()).received).toBe(0);
  });

  test('X-CodeRouter-Strategy picks the strategy per request; a bad one is a 400', async () => {
    const ask = (strategy: string) =>
      fetch(`${stack.gatewayUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json', 'x-dry-run': '1', 'x-coderouter-strategy': strategy },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Fix the off-by-one in my pagination helper' }] }),
      });
    const cost = (await (await ask('cost')).json()) as { routing: { strategy: string } };
    expect(cost.routing.strategy).toBe('cost');
    const bad = await ask('cheapest');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('X-CodeRouter-Strategy');
  });
});

describe('fallback', () => {
  for (const [name, fault] of [
    ['500', { status: 500 }],
    ['529', { status: 529 }],
    ['429', { status: 429, retryAfter: 1 }],
    ['first-byte timeout', { mode: 'slow-first-byte', delayMs: 2000 }],
  ] as const) {
    test(`a primary failing with ${name} falls back; X-CodeRouter-Model names who served`, async () => {
      await stack.resetSim();
      await stack.fault({ model: 'claude-sonnet-4-6', ...fault });
      const { data, response } = await openai().chat.completions.create({ model: 'auto:quality', messages: [{ role: 'user', content: DOC_REQUEST }] }).withResponse();
      expect(data.choices[0]!.message.content).toContain('docstring');
      expect(response.headers.get('x-coderouter-model')).toBe('deepseek-chat');
      expect(response.headers.get('x-coderouter-fallbacks')).toBe('claude-sonnet-4.6');
      const models = (await stack.simRequests()).map((r) => r.model);
      expect(models).toEqual(['claude-sonnet-4-6', 'deepseek-chat']);
    });
  }

  for (const path of ['/v1/messages', '/v1/chat/completions', '/v1/responses'] as const) {
    test(`a stream whose first event is an error (HTTP 200, then overloaded) falls back before any byte reaches the client (${path})`, async () => {
      await stack.resetSim();
      await stack.fault({ model: 'claude-sonnet-4-6', status: 529, mode: 'error-event' });
      const body =
        path === '/v1/responses'
          ? { model: 'auto:quality', stream: true, input: DOC_REQUEST }
          : { model: 'auto:quality', stream: true, max_tokens: 200, messages: [{ role: 'user', content: DOC_REQUEST }] };
      const response = await fetch(`${stack.gatewayUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-coderouter-model')).toBe('deepseek-chat');
      const text = await response.text();
      expect(text).not.toContain('overloaded');
      expect(text).toMatch(/message_stop|\[DONE\]|response\.completed/);
      expect((await stack.simRequests()).map((r) => r.model)).toEqual(['claude-sonnet-4-6', 'deepseek-chat']);
    });
  }

  test('an upstream 400 is not retried and reaches the client as a 400', async () => {
    await stack.resetSim();
    await stack.fault({ model: 'claude-sonnet-4-6', status: 400 });
    const error = await openai()
      .chat.completions.create({ model: 'auto:quality', messages: [{ role: 'user', content: DOC_REQUEST }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((await stack.simRequests()).length).toBe(1);
  });

  test('when every option fails the client gets an honest error, not a 200', async () => {
    await stack.resetSim();
    for (const model of ['claude-sonnet-4-6', 'deepseek-chat', 'gpt-5-mini']) await stack.fault({ model, status: 503 });
    const error = await openai()
      .chat.completions.create({ model: 'auto:quality', messages: [{ role: 'user', content: DOC_REQUEST }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBeGreaterThanOrEqual(500);
    expect((error as Error).message).toContain('All 3 models tried failed');
  });
});

describe('hard constraints come before cost', () => {
  const dryRun = async (body: Record<string, unknown>) => {
    const response = await fetch(`${stack.gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json', 'x-dry-run': 'true' },
      body: JSON.stringify({ model: 'auto', ...body }),
    });
    return ((await response.json()) as { routing: { modelSelected: string; fallbackChain: string[] } }).routing;
  };
  const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

  test('images never go to a text-only model', async () => {
    const routing = await dryRun({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what does this screenshot show?' }, { type: 'image_url', image_url: { url: PNG } }] }],
    });
    for (const id of [routing.modelSelected, ...routing.fallbackChain]) expect(catalog.get(id)?.capabilities.vision).toBe(true);
  });

  test('tools never go to a model without tool use', async () => {
    const tools = [{ type: 'function', function: { name: 'noop', parameters: { type: 'object', properties: {} } } }];
    const plain = await dryRun({ model: 'auto:cost', messages: [{ role: 'user', content: 'thanks!' }] });
    expect(plain.modelSelected).toBe('toolless-mini');
    const withTools = await dryRun({ model: 'auto:cost', messages: [{ role: 'user', content: 'thanks!' }], tools });
    expect(withTools.modelSelected).not.toBe('toolless-mini');
    expect(withTools.fallbackChain).not.toContain('toolless-mini');
  });

  test('a 150k-token request never goes to a 128k-context model', async () => {
    const filler = 'const value = computeSomething(input, options);\n'.repeat(15_000);
    const routing = await dryRun({ messages: [{ role: 'user', content: `Rename this variable:\n${filler}` }] });
    for (const id of [routing.modelSelected, ...routing.fallbackChain]) expect(catalog.get(id)!.contextWindow).toBeGreaterThan(150_000);
  });
});
