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
