import { afterAll, beforeAll, expect, test } from 'bun:test';
import { startStack, type Stack } from '../testing/start-stack.ts';

/** A client that hangs up mid-stream makes the gateway abort its upstream request. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

async function waitFor(check: () => Promise<boolean>, attempts = 200): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return true;
    await Bun.sleep(25);
  }
  return false;
}

for (const [path, body] of [
  ['/v1/chat/completions', { model: 'deepseek-chat', stream: true, messages: [{ role: 'user', content: 'sim:slow=100 sim:long=400 tell me a story' }] }],
  ['/v1/messages', { model: 'claude-sonnet-4.6', stream: true, max_tokens: 1000, messages: [{ role: 'user', content: 'sim:slow=100 sim:long=400 tell me a story' }] }],
  // Cross-protocol: an Anthropic client served by an OpenAI-protocol upstream.
  ['/v1/messages', { model: 'deepseek-chat', stream: true, max_tokens: 1000, messages: [{ role: 'user', content: 'sim:slow=100 sim:long=400 tell me a story' }] }],
] as const) {
  test(`hang-up mid-stream on ${path} → ${body.model} aborts the upstream`, async () => {
    await stack.resetSim();
    const controller = new AbortController();
    const response = await fetch(`${stack.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();
    await reader.cancel().catch(() => {});
    const aborted = await waitFor(async () => (await stack.simStats()).aborted >= 1);
    expect(aborted).toBe(true);
    const stats = await stack.simStats();
    expect(stats.completed).toBe(0);
  });
}
