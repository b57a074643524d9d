import { afterAll, beforeAll, expect, test } from 'bun:test';
import { inArray } from 'drizzle-orm';
import { join } from 'node:path';
import { summariseUsage } from '../cli/usage-command.ts';
import { openDatabase } from '../db/index.ts';
import { requests } from '../db/schema/requests.ts';
import { startStack, type Stack } from '../testing/start-stack.ts';

/** The ledger records every request, and its totals equal the X-CodeRouter-Cost headers sent. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

const CALLS: Array<[string, Record<string, unknown>]> = [
  ['/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: 'Write a Go HTTP handler that returns the server time as JSON' }] }],
  ['/v1/chat/completions', { model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hello' }] }],
  ['/v1/messages', { model: 'auto', max_tokens: 300, messages: [{ role: 'user', content: 'Design a multi-region failover plan for our Postgres cluster' }] }],
  ['/v1/messages', { model: 'deepseek-chat', max_tokens: 300, messages: [{ role: 'user', content: 'sim:long=300 explain closures' }] }],
  ['/v1/responses', { model: 'auto', input: 'Add a unit test for the slugify helper' }],
  ['/v1/responses', { model: 'claude-sonnet-4.6', input: 'what is a monad?' }],
];

test('ledger totals equal the sum of X-CodeRouter-Cost headers', async () => {
  let headerTotal = 0;
  const ids: string[] = [];
  for (const [path, body] of CALLS) {
    const response = await fetch(`${stack.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { _clawrouters?: { model_used: string } };
    // Both OpenAI protocols carry the trace in the body; Anthropic's body stays the provider's shape.
    if (path === '/v1/messages') expect(json._clawrouters).toBeUndefined();
    else expect(json._clawrouters!.model_used).toBe(response.headers.get('x-coderouter-model')!);
    const cost = Number(response.headers.get('x-coderouter-cost'));
    expect(cost).toBeGreaterThan(0);
    headerTotal += cost;
    ids.push(response.headers.get('x-coderouter-request-id')!);
  }
  await stack.gateway.services.flushLedger();
  const { db, close } = openDatabase(join(stack.dir, 'gateway.db'));
  try {
    const rows = db.select().from(requests).where(inArray(requests.id, ids)).all();
    expect(rows.length).toBe(CALLS.length);
    const ledgerTotal = rows.reduce((sum, row) => sum + row.costUsd, 0);
    expect(Math.abs(ledgerTotal - headerTotal)).toBeLessThan(1e-9 * CALLS.length);
    for (const row of rows) {
      expect(row.status).toBe(200);
      expect(row.inputTokens + row.outputTokens).toBeGreaterThan(0);
      expect(row.baselineCostUsd).toBeGreaterThanOrEqual(row.costUsd);
      expect(row.prompt).toBeNull();
    }
    const byModel = summariseUsage(join(stack.dir, 'gateway.db'), 'model');
    const summaryTotal = byModel.reduce((sum, r) => sum + r.costUsd, 0);
    expect(Math.abs(summaryTotal - ledgerTotal)).toBeLessThan(1e-12);
  } finally {
    close();
  }
});

test('a failed request is recorded too, with its status and no cost', async () => {
  const response = await fetch(`${stack.gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'sim:error=500' }] }),
  });
  expect(response.status).toBe(500);
  const id = response.headers.get('x-coderouter-request-id')!;
  await stack.gateway.services.flushLedger();
  const { db, close } = openDatabase(join(stack.dir, 'gateway.db'));
  try {
    const [row] = db.select().from(requests).where(inArray(requests.id, [id])).all();
    expect(row!.status).toBe(500);
    expect(row!.costUsd).toBe(0);
  } finally {
    close();
  }
});

test("each provider's key goes only with requests to that provider's models", async () => {
  const { CANARY_KEYS } = await import('../testing/start-stack.ts');
  const expected: Record<string, string> = {
    'claude-sonnet-4-6': CANARY_KEYS.anthropic,
    'gpt-5-mini': CANARY_KEYS.openai,
    'deepseek-chat': CANARY_KEYS.deepseek,
    'gemini-2.5-flash': CANARY_KEYS.gemini,
    'qwen/qwen3-coder': CANARY_KEYS.openrouter,
  };
  await stack.resetSim();
  for (const model of ['claude-sonnet-4.6', 'gpt-5-mini', 'deepseek-chat', 'gemini-2.5-flash', 'qwen3-coder']) {
    const response = await fetch(`${stack.gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
  }
  const seen = await stack.simRequests();
  expect(seen.length).toBe(5);
  for (const request of seen) {
    const sent = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer /, '');
    expect(`${request.model} ${sent}`).toBe(`${request.model} ${expected[request.model]}`);
    expect(JSON.stringify(request.headers)).not.toContain(stack.masterKey);
  }
});
