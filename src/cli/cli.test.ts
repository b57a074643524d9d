import { describe, expect, test } from 'bun:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The `coderouter` command line, run as a user would: `bun src/main.ts …` in a subprocess. */
const MAIN = resolve(import.meta.dir, '../main.ts');

async function coderouter(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const proc = Bun.spawn([process.execPath, MAIN, ...args], {
    stdin: options.stdin === undefined ? 'ignore' : new TextEncoder().encode(options.stdin),
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...options.env },
  });
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  return { code: await proc.exited, stdout, stderr };
}

describe('coderouter CLI', () => {
  test('route prints the decision for an OpenAI request on stdin', async () => {
    const result = await coderouter(['route'], { stdin: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Refactor this Python function' }] }) });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { protocol: string; dryRun: boolean; routing: Record<string, unknown> };
    expect(output.protocol).toBe('openai');
    expect(output.dryRun).toBe(true);
    expect(output.routing).toHaveProperty('modelSelected');
    expect(output.routing).toHaveProperty('fallbackChain');
  });

  test('route reads an Anthropic request (the captured Claude Code body) too', async () => {
    const captured = await Bun.file(resolve(import.meta.dir, '../../fixtures/captured/claude-code-2.1.197-messages-tool-roundtrip.json')).json();
    const result = await coderouter(['route'], { stdin: JSON.stringify((captured as { request: { body: unknown } }).request.body) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).protocol).toBe('anthropic');
  });

  test('route with bad JSON exits non-zero with a message', async () => {
    const result = await coderouter(['route'], { stdin: '{nope' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('not JSON');
  });

  test('keys create / list / revoke, and usage on an empty ledger', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cr-cli-')), 'cli.db');
    const env = { CODEROUTER_DB: db };
    const user = await coderouter(['users', 'create', '--name', 'ada', '--plan', 'pro'], { env });
    expect(user.code).toBe(0);
    const userId = /usr_[A-Za-z0-9]+/.exec(user.stdout)![0];
    const created = await coderouter(['keys', 'create', '--user', userId, '--name', 'laptop'], { env });
    expect(created.code).toBe(0);
    const key = /cr_[A-Za-z0-9]{20,}/.exec(created.stdout)?.[0];
    expect(key).toBeTruthy();
    const listed = await coderouter(['keys', 'list'], { env });
    expect(listed.stdout).toContain('laptop');
    expect(listed.stdout).not.toContain(key!);
    const keyId = /key_[A-Za-z0-9]+/.exec(listed.stdout)![0];
    expect((await coderouter(['keys', 'revoke', keyId], { env })).code).toBe(0);
    expect((await coderouter(['keys', 'list'], { env })).stdout).not.toContain('laptop');
    const usage = await coderouter(['usage', '--by', 'model'], { env });
    expect(usage.code).toBe(0);
    expect(usage.stdout).toContain('no requests recorded yet');
  });

  test('an unknown command exits 2 with help', async () => {
    const result = await coderouter(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command');
  });

  test('serve refuses an invalid config file with the field named, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-cli-'));
    await Bun.write(join(dir, 'bad.json'), JSON.stringify({ server: { port: -1 } }));
    const result = await coderouter(['serve', '--config', join(dir, 'bad.json'), '--db', join(dir, 'x.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('server.port');
  });
});

test('serve: a request answered just before SIGTERM is in the ledger after the stop (nothing lost)', async () => {
  const { startSimulator } = await import('../simulate/index.ts');
  const { summariseUsage } = await import('./usage-command.ts');
  const simulator = await startSimulator({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'cr-stop-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const proc = Bun.spawn([process.execPath, MAIN, 'serve', '--port', String(port), '--db', join(dir, 'g.db')], {
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmpdir(),
      CODEROUTER_MASTER_KEY: 'cr_stoptestmasterkey000000000000',
      CODEROUTER_DEEPSEEK_BASE_URL: `${simulator.url}/v1`,
      CODEROUTER_DEEPSEEK_API_KEY: 'sk-test',
    },
  });
  try {
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (!up) await Bun.sleep(50);
    }
    expect(up).toBe(true);
    const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer cr_stoptestmasterkey000000000000', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-chat', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    await response.text();
    proc.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    const rows = summariseUsage(join(dir, 'g.db'), 'model');
    expect(rows.reduce((sum, row) => sum + row.requests, 0)).toBe(1);
  } finally {
    proc.kill();
    await simulator.stop();
  }
});
