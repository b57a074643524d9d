import { afterEach, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticate } from '../auth/authenticate.ts';
import { runKeysCommand } from '../auth/keys-command.ts';
import { openDatabase } from '../db/open-database.ts';
import type { CommandIo } from './command-support.ts';
import { DataKey, loadDataKey } from './data-key.ts';
import { getProviderKeys } from './provider-keys.ts';
import { runUsersCommand } from './users-command.ts';

const PROVIDER_KEY = 'sk-proj-CANARYcli0123456789abcdefQRST';
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Runs a command with a silent io and returns its exit code. */
async function exitCodeOf(run: (io: CommandIo) => Promise<void>, stdin = '', out: (text: string) => void = () => {}): Promise<number> {
  let code = -1;
  await run({ out, error: () => {}, readStdin: async () => stdin, setExitCode: (value) => void (code = value) });
  return code;
}

function workspace() {
  const directory = mkdtempSync(join(tmpdir(), 'coderouter-cli-'));
  directories.push(directory);
  const dbPath = join(directory, 'coderouter.db');
  const env = { CODEROUTER_DB: dbPath };
  let stdin = '';
  const output = { out: [] as string[], error: [] as string[] };
  let exitCode = -1;
  const io: CommandIo = {
    out: (text) => void output.out.push(text),
    error: (text) => void output.error.push(text),
    readStdin: async () => stdin,
    setExitCode: (code) => void (exitCode = code),
  };
  const take = () => {
    const taken = { out: output.out.join('\n'), error: output.error.join('\n') };
    output.out.length = 0;
    output.error.length = 0;
    return taken;
  };
  return {
    dbPath,
    env,
    take,
    setStdin: (text: string) => void (stdin = text),
    users: async (...argv: string[]) => (await runUsersCommand(argv, env, io), exitCode),
    keys: async (...argv: string[]) => (await runKeysCommand(argv, env, io), exitCode),
  };
}

describe('coderouter users / keys', () => {
  test('create a user and a key, use it, revoke it', async () => {
    const cli = workspace();
    expect(await cli.users('create', '--name', 'Ada', '--plan', 'solo')).toBe(0);
    const userId = cli.take().out.match(/usr_\w+/)![0];
    expect(await cli.keys('create', '--user', userId, '--name', 'laptop', '--strategy', 'cost', '--models', 'auto,gpt-5')).toBe(0);
    const created = cli.take().out;
    const key = created.split('\n')[0]!;
    expect(key).toMatch(/^cr_[0-9A-Za-z]{43}$/);
    const keyId = created.match(/key_\w+/)![0];

    const { db, close } = openDatabase(cli.dbPath);
    expect(authenticate(db, new Headers({ 'x-api-key': key }))).toMatchObject({ userId, plan: 'solo', defaultStrategy: 'cost', allowedModels: ['auto', 'gpt-5'] });

    expect(await cli.keys('list')).toBe(0);
    const listing = cli.take().out;
    expect(listing).toContain(keyId);
    expect(listing).toContain(key.slice(0, 8));
    expect(listing).not.toContain(key);

    expect(await cli.users('set-plan', userId, 'studio')).toBe(0);
    expect(authenticate(db, new Headers({ 'x-api-key': key })).plan).toBe('studio');
    expect(await cli.keys('revoke', keyId)).toBe(0);
    expect(() => authenticate(db, new Headers({ 'x-api-key': key }))).toThrow('API key has been revoked');
    close();
  });

  test('provider keys from stdin or an env var, masked listing, rotation keeps them readable', async () => {
    const cli = workspace();
    await cli.users('create', '--name', 'Ada');
    const userId = cli.take().out.match(/usr_\w+/)![0];
    cli.setStdin(`${PROVIDER_KEY}\n`);
    expect(await cli.users('add-provider-key', userId, 'openai')).toBe(0);
    const env = { ...cli.env, DS: 'sk-deepseek-0000000000009999' };
    expect(await exitCodeOf((io) => runUsersCommand(['add-provider-key', userId, 'deepseek', '--api-key-env', 'DS'], env, io))).toBe(0);
    expect(await cli.users('list-provider-keys', userId)).toBe(0);
    const listing = cli.take().out;
    expect(listing).toContain('…QRST');
    expect(listing).toContain('…9999');
    expect(listing).not.toContain('CANARY');

    const before = loadDataKey({ env: {}, dbPath: cli.dbPath }).fingerprint;
    expect(await cli.users('rotate-data-key')).toBe(0);
    const after = loadDataKey({ env: {}, dbPath: cli.dbPath });
    expect(after.fingerprint).not.toBe(before);
    expect(existsSync(`${cli.dbPath}.key.next`)).toBe(false);
    const { db, close } = openDatabase(cli.dbPath);
    expect(getProviderKeys(db, after, userId)).toEqual(new Map([['openai', PROVIDER_KEY], ['deepseek', 'sk-deepseek-0000000000009999']]));
    close();

    expect(await cli.users('remove-provider-key', userId, 'openai')).toBe(0);
    expect(cli.take().out).not.toContain('CANARY');
  });

  test('rotation from CODEROUTER_DATA_KEY takes the new key from a named variable', async () => {
    const cli = workspace();
    const oldKey = Buffer.alloc(32, 1).toString('base64');
    const newKey = Buffer.alloc(32, 2).toString('base64');
    const env = { ...cli.env, CODEROUTER_DATA_KEY: oldKey };
    let userId = '';
    await exitCodeOf((io) => runUsersCommand(['create', '--name', 'Ada', '--json'], env, io), '', (text) => void (userId = JSON.parse(text).id));
    expect(await exitCodeOf((io) => runUsersCommand(['add-provider-key', userId, 'openai'], env, io), PROVIDER_KEY)).toBe(0);
    expect(await exitCodeOf((io) => runUsersCommand(['rotate-data-key'], env, io))).toBe(2);
    expect(await exitCodeOf((io) => runUsersCommand(['rotate-data-key', '--new-key-env', 'NEXT'], { ...env, NEXT: newKey }, io))).toBe(0);
    const { db, close } = openDatabase(cli.dbPath);
    expect(getProviderKeys(db, DataKey.fromBase64(newKey), userId).get('openai')).toBe(PROVIDER_KEY);
    close();
  });

  test('mistakes get a clear message and exit code 2; failures exit 1', async () => {
    const cli = workspace();
    expect(await cli.users('create')).toBe(2);
    expect(cli.take().error).toContain('--name is required');
    expect(await cli.users('create', '--name', 'x', '--plan', 'gold')).toBe(2);
    expect(cli.take().error).toContain('unknown plan "gold"');
    expect(await cli.users('frobnicate')).toBe(2);
    expect(await cli.keys('create', '--bogus')).toBe(2);
    expect(cli.take().error).toContain("Unknown option '--bogus'");
    expect(await cli.keys('create', '--user', 'usr_nobody')).toBe(1);
    expect(cli.take().error).toBe('coderouter keys: User usr_nobody does not exist');
    expect(await cli.keys('revoke', 'key_nope')).toBe(1);
    expect(await cli.users('add-provider-key', 'usr_x', 'openai', PROVIDER_KEY)).toBe(2);
    const refused = cli.take().error;
    expect(refused).toContain('stdin');
    expect(refused).not.toContain('CANARY');
    expect(await cli.users('--help')).toBe(0);
    expect(cli.take().out).toContain('rotate-data-key');
  });

  test('the real executable entry point exits non-zero on failure', async () => {
    const cli = workspace();
    const run = Bun.spawnSync([process.execPath, join(import.meta.dir, '..', 'main.ts'), 'keys', 'revoke', 'key_nope'], {
      env: { ...process.env, ...cli.env },
      stderr: 'pipe',
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr.toString()).toContain('Client key key_nope does not exist');
    expect(readFileSync(`${cli.dbPath}`).length).toBeGreaterThan(0);
  });
});
