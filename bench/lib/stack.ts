/**
 * The servers of a load run, each its own process on 127.0.0.1: the upstream simulator, our
 * gateway (from source, or the compiled binary), and the peer gateways installed from npm into a
 * scratch directory outside the repo.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClientKey } from '../../src/auth/client-keys.ts';
import { openDatabase } from '../../src/db/index.ts';
import { createUser } from '../../src/users/users.ts';
import { freePort, startChild, type Child } from './processes.ts';

const REPO = join(import.meta.dir, '..', '..');
export const MASTER_KEY = 'cr_benchmaster00000000000000000000000';
const PROVIDERS = ['anthropic', 'openai', 'deepseek', 'gemini', 'openrouter'];

export async function startSimulatorProcess(workDir: string, latencyMs: number): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return startChild({
    name: `simulator (${latencyMs} ms)`,
    command: [process.execPath, join(REPO, 'src/main.ts'), 'simulate', '--host', '127.0.0.1', '--port', String(port), '--latency-ms', String(latencyMs), '--quiet'],
    readyUrl: `${url}/_sim/stats`,
    url,
    logFile: join(workDir, `simulator-${latencyMs}ms.log`),
  });
}

/**
 * Team-plan users with one key each, so the load can rotate keys and stay under every plan limit
 * (2,400 requests a minute a key) while auth, limits and ledger run as they do in production.
 */
export function createBenchKeys(dbPath: string, count: number, keysFile: string): string[] {
  const opened = openDatabase(dbPath);
  const keys: string[] = [];
  opened.db.$client.exec('BEGIN');
  for (let index = 0; index < count; index++) {
    const user = createUser(opened.db, { name: `bench-${index}`, plan: 'team' });
    keys.push(createClientKey(opened.db, { userId: user.id, name: 'bench' }).key);
  }
  opened.db.$client.exec('COMMIT');
  opened.close();
  writeFileSync(keysFile, `${keys.join('\n')}\n`);
  return keys;
}

export function gatewayEnvironment(simulatorUrl: string, dbPath: string): Record<string, string> {
  const env: Record<string, string> = {
    CODEROUTER_MASTER_KEY: MASTER_KEY,
    CODEROUTER_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    CODEROUTER_LOG_LEVEL: 'warn',
    CODEROUTER_DB: dbPath,
    HOME: process.env.HOME ?? '/tmp',
  };
  for (const provider of PROVIDERS) {
    env[`CODEROUTER_${provider.toUpperCase()}_API_KEY`] = `sk-bench-${provider}`;
    env[`CODEROUTER_${provider.toUpperCase()}_BASE_URL`] = provider === 'anthropic' ? simulatorUrl : `${simulatorUrl}/v1`;
  }
  return env;
}

/** `bun src/main.ts serve`, or the compiled binary when `binary` is given; extra runtime flags first. */
export async function startGatewayProcess(options: { workDir: string; simulatorUrl: string; dbPath: string; name?: string; binary?: string; runtimeFlags?: string[]; cwd?: string }): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['serve', '--host', '127.0.0.1', '--port', String(port), '--db', options.dbPath];
  const command = options.binary ? [options.binary, ...args] : [process.execPath, ...(options.runtimeFlags ?? []), join(REPO, 'src/main.ts'), ...args];
  return startChild({
    name: options.name ?? 'coderouter',
    command,
    cwd: options.cwd ?? REPO,
    env: gatewayEnvironment(options.simulatorUrl, options.dbPath),
    readyUrl: `${url}/healthz`,
    url,
    logFile: join(options.workDir, `${options.name ?? 'coderouter'}.log`),
  });
}

export const PEER_VERSIONS = { portkey: '1.15.2', claudeCodeRouter: '2.0.0', honoNodeServer: '1.14.1' };

/**
 * Installs the peers into `dir` (its own package.json, never the repo's). Portkey's
 * `@hono/node-server` is pinned by an npm override: the version npm picks fails every stream.
 */
export function installPeers(dir: string, log: (line: string) => void): { ok: boolean; error?: string } {
  const portkey = join(dir, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  const ccr = join(dir, 'node_modules/@musistudio/claude-code-router/dist/cli.js');
  if (existsSync(portkey) && existsSync(ccr)) return { ok: true };
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'coderouter-bench-peers',
        private: true,
        dependencies: { '@portkey-ai/gateway': PEER_VERSIONS.portkey, '@musistudio/claude-code-router': PEER_VERSIONS.claudeCodeRouter },
        overrides: { '@hono/node-server': PEER_VERSIONS.honoNodeServer },
      },
      null,
      2,
    )}\n`,
  );
  log(`installing peers into ${dir} (npm install)…`);
  const run = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) return { ok: false, error: `npm install failed: ${(run.stderr || run.stdout).slice(-400)}` };
  return existsSync(portkey) && existsSync(ccr) ? { ok: true } : { ok: false, error: 'packages missing after npm install' };
}

/**
 * Portkey binds every interface and has no host flag: a preload pins its listen() to loopback.
 */
export async function startPortkey(peersDir: string, workDir: string): Promise<Child> {
  const port = await freePort();
  const preload = join(workDir, 'force-loopback.mjs');
  writeFileSync(
    preload,
    `import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'object' && args[0] !== null) args[0] = { ...args[0], host: '127.0.0.1' };
  else if (typeof args[1] === 'string') args[1] = '127.0.0.1';
  else args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
`,
  );
  const url = `http://127.0.0.1:${port}`;
  return startChild({
    name: 'portkey',
    command: ['node', '--import', preload, join(peersDir, 'node_modules/@portkey-ai/gateway/build/start-server.js'), `--port=${port}`, '--headless'],
    cwd: peersDir,
    env: { NODE_ENV: 'production', HOME: workDir },
    readyUrl: `${url}/`,
    url,
    logFile: join(workDir, 'portkey.log'),
  });
}

/** claude-code-router 2.0.0 with one OpenAI-protocol provider (the simulator) under a temporary HOME. */
export async function startClaudeCodeRouter(peersDir: string, workDir: string, simulatorUrl: string): Promise<Child> {
  const port = await freePort();
  const home = join(workDir, 'ccr-home');
  mkdirSync(join(home, '.claude-code-router'), { recursive: true });
  writeFileSync(
    join(home, '.claude-code-router', 'config.json'),
    JSON.stringify({
      LOG: false,
      HOST: '127.0.0.1',
      PORT: port,
      API_TIMEOUT_MS: 600000,
      NON_INTERACTIVE_MODE: true,
      Providers: [{ name: 'sim', api_base_url: `${simulatorUrl}/v1/chat/completions`, api_key: 'sk-bench-sim', models: ['deepseek-chat'] }],
      Router: { default: 'sim,deepseek-chat' },
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  return startChild({
    name: 'claude-code-router',
    command: ['node', join(peersDir, 'node_modules/@musistudio/claude-code-router/dist/cli.js'), 'start'],
    cwd: peersDir,
    env: { HOME: home },
    readyUrl: `${url}/`,
    url,
    logFile: join(workDir, 'claude-code-router.log'),
  });
}
