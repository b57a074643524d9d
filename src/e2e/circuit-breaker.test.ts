import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../testing/start-stack.ts';

/** A provider that keeps failing is skipped while its breaker is open, so it stops costing latency. */
let stack: Stack;
beforeAll(async () => {
  const configPath = join(mkdtempSync(join(tmpdir(), 'cr-breaker-')), 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      upstream: { circuitBreaker: { failures: 2, openMs: 60_000 } },
      routing: { rules: [{ models: ['claude-sonnet-4.6', 'deepseek-chat'] }] },
    }),
  );
  stack = await startStack({ configPath });
});
afterAll(async () => {
  await stack.stop();
});

async function ask(): Promise<Response> {
  return fetch(`${stack.gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hello' }] }),
  });
}

test('after two failures the open breaker sends requests straight to the fallback', async () => {
  await stack.fault({ model: 'claude-sonnet-4-6', status: 503, times: 2 });
  for (let i = 0; i < 2; i++) expect((await ask()).headers.get('x-coderouter-model')).toBe('deepseek-chat');
  await stack.resetSim();
  const response = await ask();
  expect(response.status).toBe(200);
  expect(response.headers.get('x-coderouter-model')).toBe('deepseek-chat');
  // Anthropic was not even asked: its breaker is open.
  expect((await stack.simRequests()).map((r) => r.model)).toEqual(['deepseek-chat']);
});
