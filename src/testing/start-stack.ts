import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../cli/serve-command.ts';
import { startSimulator } from '../simulate/index.ts';

export const TEST_MASTER_KEY = 'cr_testmasterkey000000000000000000000';

/** Provider keys the stack gives the gateway: canaries, so tests can assert they never leak. */
export const CANARY_KEYS = {
  anthropic: 'sk-ant-canary-anthropic-0000000000',
  openai: 'sk-canary-openai-00000000000000000',
  deepseek: 'sk-canary-deepseek-000000000000000',
  gemini: 'AIzaCanaryGemini000000000000000000000',
  openrouter: 'sk-or-canary-openrouter-0000000000',
} as const;

export interface Stack {
  gatewayUrl: string;
  simulatorUrl: string;
  masterKey: string;
  gateway: Awaited<ReturnType<typeof startGateway>>;
  simulator: Awaited<ReturnType<typeof startSimulator>>;
  dir: string;
  /** Simulator control: queue a fault for an upstream model id. */
  fault(fault: { model: string; status?: number; times?: number; retryAfter?: number; mode?: string; delayMs?: number }): Promise<void>;
  simRequests(): Promise<Array<{ path: string; model: string; headers: Record<string, string>; body: Record<string, unknown> }>>;
  simStats(): Promise<{ received: number; completed: number; aborted: number; active: number }>;
  resetSim(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the upstream simulator and a gateway whose every provider points at it, in-process on
 * free ports, with a fresh SQLite database in a temp directory. Real sockets, real HTTP.
 */
export async function startStack(options: { env?: Record<string, string>; configPath?: string; providers?: Array<keyof typeof CANARY_KEYS> } = {}): Promise<Stack> {
  const simulator = await startSimulator({ port: 0, quiet: true });
  const dir = mkdtempSync(join(tmpdir(), 'coderouter-test-'));
  const providers = options.providers ?? (Object.keys(CANARY_KEYS) as Array<keyof typeof CANARY_KEYS>);
  const env: Record<string, string> = {
    CODEROUTER_MASTER_KEY: TEST_MASTER_KEY,
    // CI runs the suites with debug logging into one file and then searches it for keys.
    CODEROUTER_LOG_LEVEL: process.env.CODEROUTER_LOG_LEVEL ?? 'silent',
    ...(process.env.CODEROUTER_LOG_FILE ? { CODEROUTER_LOG_FILE: process.env.CODEROUTER_LOG_FILE } : {}),
    CODEROUTER_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  };
  for (const provider of providers) {
    const name = provider.toUpperCase();
    env[`CODEROUTER_${name}_API_KEY`] = CANARY_KEYS[provider];
    env[`CODEROUTER_${name}_BASE_URL`] = provider === 'anthropic' ? simulator.url : `${simulator.url}/v1`;
  }
  Object.assign(env, options.env);
  const args = ['--port', '0', '--db', join(dir, 'gateway.db')];
  if (options.configPath) args.push('--config', options.configPath);
  const gateway = await startGateway(args, env);
  const sim = (path: string, init?: RequestInit) => fetch(`${simulator.url}${path}`, init);
  return {
    gatewayUrl: gateway.url,
    simulatorUrl: simulator.url,
    masterKey: TEST_MASTER_KEY,
    gateway,
    simulator,
    dir,
    async fault(fault) {
      await sim('/_sim/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ times: 1, ...fault }) });
    },
    simRequests: async () => (await (await sim('/_sim/requests')).json()) as never,
    simStats: async () => (await (await sim('/_sim/stats')).json()) as never,
    async resetSim() {
      await sim('/_sim/reset', { method: 'POST' });
    },
    async stop() {
      await gateway.stop();
      await simulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
