import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { CANARY_KEYS, startStack, type Stack } from '../testing/start-stack.ts';

/**
 * No key appears in any log at any level: the gateway runs with debug logging and canary provider
 * keys, traffic exercises success, fallback, upstream errors, bad keys and BYOK, then the log is
 * searched for every key it has seen.
 */
const logFile = join(mkdtempSync(join(tmpdir(), 'cr-logs-')), 'gateway.log');
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { CODEROUTER_LOG_LEVEL: 'debug', CODEROUTER_LOG_FILE: logFile } });
});
afterAll(async () => {
  await stack.stop();
});

test('debug logs carry no client key, master key or provider key', async () => {
  const userOwnKey = 'sk-ant-canary-user-byok-00000000000';
  const adminFetch = (path: string, body: unknown) =>
    fetch(`${stack.gatewayUrl}/admin${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Record<string, string>>);
  const user = await adminFetch('/users', { name: 'canary', plan: 'free' });
  const { key: clientKey } = await adminFetch('/keys', { userId: user.id, name: 'canary' });
  await adminFetch(`/users/${user.id}/provider-keys`, { provider: 'anthropic', apiKey: userOwnKey });

  const client = (key: string) => new OpenAI({ baseURL: `${stack.gatewayUrl}/v1`, apiKey: key, maxRetries: 0 });
  await client(clientKey!).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hello' }] });
  await client(stack.masterKey).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Refactor the parser' }] });
  await client(stack.masterKey).chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'sim:error=500' }] }).catch(() => {});
  await stack.fault({ model: 'claude-opus-4-6', status: 529 });
  await client(stack.masterKey)
    .chat.completions.create({ model: 'auto:quality', messages: [{ role: 'user', content: 'Design our multi-tenant billing architecture' }] })
    .catch(() => {});
  await client('cr_notarealkeybutlookslikeone0000000000').chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'x' }] }).catch(() => {});

  const log = readFileSync(logFile, 'utf8');
  expect(log.split('\n').filter(Boolean).length).toBeGreaterThan(5);
  expect(log).toContain('"level":"debug"');
  for (const secret of [...Object.values(CANARY_KEYS), userOwnKey, stack.masterKey, clientKey!, 'cr_notarealkeybutlookslikeone0000000000']) {
    expect(log).not.toContain(secret);
    expect(log).not.toContain(secret.slice(6, 26));
  }
});
