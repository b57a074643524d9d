import { afterAll, beforeAll, expect, test } from 'bun:test';
import { startStack, type Stack } from '../testing/start-stack.ts';
import { runCodex } from './agent-clis.ts';

/** The real Codex CLI (npm, 0.169) over the Responses API through the gateway. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

for (const model of ['auto', 'gpt-5-mini', 'claude-sonnet-4.6', 'deepseek-chat']) {
  test(`codex exec answers through the gateway (model ${model})`, async () => {
    const result = await runCodex({ gatewayUrl: stack.gatewayUrl, key: stack.masterKey, prompt: 'Say hello', model });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Say hello');
  });
}

test('codex exec runs a tool and gets the result back through the gateway', async () => {
  const result = await runCodex({
    gatewayUrl: stack.gatewayUrl,
    key: stack.masterKey,
    prompt: 'run echo sim:tool=exec_command {"cmd":"echo codex-marker"}',
  });
  expect(result.exitCode).toBe(0);
  // Only a tool-result turn makes the simulator say this, quoting the command's real output.
  expect(result.stdout).toMatch(/Tool result received ✓: [\s\S]*codex-marker/);
});
