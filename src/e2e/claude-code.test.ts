import { afterAll, beforeAll, expect, test } from 'bun:test';
import { startStack, type Stack } from '../testing/start-stack.ts';
import { runClaudeCode } from './agent-clis.ts';

/** The real Claude Code CLI (npm, 2.1.197) answers through the gateway, tool round trip included. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

for (const model of ['auto', 'claude-sonnet-4.6', 'deepseek-chat']) {
  test(`claude -p answers through the gateway (model ${model})`, async () => {
    const result = await runClaudeCode({ gatewayUrl: stack.gatewayUrl, key: stack.masterKey, prompt: 'Say hello', model });
    expect(result.stderr).not.toContain('issue with the selected model');
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as { result: string; is_error: boolean };
    expect(output.is_error).toBe(false);
    expect(output.result).toContain('Say hello');
  });
}

test('claude -p runs a tool and gets the result back through the gateway (auto)', async () => {
  await stack.resetSim();
  const result = await runClaudeCode({
    gatewayUrl: stack.gatewayUrl,
    key: stack.masterKey,
    prompt: 'run echo sim:tool=Bash {"command":"echo marker-from-tool","description":"Echo a marker"}',
    allowedTools: 'Bash(echo:*)',
  });
  expect(result.exitCode).toBe(0);
  const output = JSON.parse(result.stdout) as { result: string };
  // The simulator only says "Tool result received" when the last message is a tool result, and
  // quotes the command's real output (the prompt alone says "echo marker-from-tool").
  expect(output.result).toMatch(/Tool result received ✓: .*marker-from-tool/);
  expect(output.result).not.toContain('echo marker-from-tool');
});

test('dry-run works through Claude Code: it shows the decision and no model is called', async () => {
  await stack.resetSim();
  const result = await runClaudeCode({
    gatewayUrl: stack.gatewayUrl,
    key: stack.masterKey,
    prompt: 'Refactor the payment module into smaller services',
    headers: 'X-Dry-Run: true',
  });
  expect(result.exitCode).toBe(0);
  const output = JSON.parse(result.stdout) as { result: string };
  expect(output.result).toContain('[CodeRouter dry run]');
  expect((await stack.simStats()).received).toBe(0);
});

test('affinity: every turn of a Claude Code tool loop is served by one model', async () => {
  await stack.resetSim();
  const result = await runClaudeCode({
    gatewayUrl: stack.gatewayUrl,
    key: stack.masterKey,
    prompt: 'Fix the flaky retry logic in our HTTP client; first check the tests. sim:tool=Bash {"command":"echo tests-listed","description":"List tests"}',
    allowedTools: 'Bash(echo:*)',
  });
  expect(result.exitCode).toBe(0);
  // The agent's own turns carry its tools; its housekeeping calls (titles…) do not and may go elsewhere.
  const loop = (await stack.simRequests()).filter((r) => Array.isArray(r.body.tools) && (r.body.tools as unknown[]).length > 0);
  expect(loop.length).toBeGreaterThanOrEqual(2);
  expect(new Set(loop.map((r) => r.model)).size).toBe(1);
});
