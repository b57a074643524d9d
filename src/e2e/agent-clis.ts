import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dir, '../../node_modules/.bin');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function run(cmd: string[], env: Record<string, string>, cwd: string, timeoutMs = 120_000): Promise<CliResult> {
  const proc = Bun.spawn(cmd, { env, cwd, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' });
  const timer = setTimeout(() => proc.kill(), timeoutMs);
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  const exitCode = await proc.exited;
  clearTimeout(timer);
  return { exitCode, stdout, stderr };
}

function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'dumb', LANG: 'C.UTF-8' };
}

/**
 * `claude -p` from npm, configured exactly as the integration guide says (ANTHROPIC_AUTH_TOKEN,
 * `/api/v1` base, model `auto`), in a fresh HOME.
 */
export function runClaudeCode(args: { gatewayUrl: string; key: string; prompt: string; model?: string; allowedTools?: string; headers?: string }): Promise<CliResult> {
  const home = mkdtempSync(join(tmpdir(), 'cr-claude-home-'));
  const model = args.model ?? 'auto';
  const env = {
    ...baseEnv(home),
    ANTHROPIC_BASE_URL: `${args.gatewayUrl}/api/v1`,
    ANTHROPIC_AUTH_TOKEN: args.key,
    ANTHROPIC_MODEL: model,
    ANTHROPIC_DEFAULT_OPUS_MODEL: model,
    ANTHROPIC_DEFAULT_SONNET_MODEL: model,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: model,
    CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    ...(args.headers ? { ANTHROPIC_CUSTOM_HEADERS: args.headers } : {}),
  };
  const cmd = [join(BIN, 'claude'), '-p', args.prompt, '--output-format', 'json'];
  if (args.allowedTools) cmd.push('--allowedTools', args.allowedTools);
  return run(cmd, env, home);
}

/** `codex exec` from npm with a custom Responses provider pointing at the gateway. */
export function runCodex(args: { gatewayUrl: string; key: string; prompt: string; model?: string }): Promise<CliResult> {
  const home = mkdtempSync(join(tmpdir(), 'cr-codex-home-'));
  writeFileSync(
    join(home, 'config.toml'),
    [
      `model = "${args.model ?? 'auto'}"`,
      'model_provider = "coderouter"',
      '',
      '[model_providers.coderouter]',
      'name = "CodeRouter"',
      `base_url = "${args.gatewayUrl}/v1"`,
      'env_key = "CODEROUTER_KEY"',
      'wire_api = "responses"',
      '',
    ].join('\n'),
  );
  const env = { ...baseEnv(home), CODEX_HOME: home, CODEROUTER_KEY: args.key };
  return run([join(BIN, 'codex'), 'exec', '--skip-git-repo-check', args.prompt], env, home);
}
