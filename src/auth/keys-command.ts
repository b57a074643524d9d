import { parseArgs } from 'node:util';
import { STRATEGIES, type Strategy } from '../config/config-schema.ts';
import { openDatabase } from '../db/open-database.ts';
import { formatDate, formatTable, processIo, resolveDbPath, runWithExitCode, UsageError, type CommandIo } from '../users/command-support.ts';
import { getUser } from '../users/users.ts';
import { createClientKey, listClientKeys, revokeClientKey } from './client-keys.ts';

export const KEYS_HELP = `Usage: coderouter keys <command> [--db FILE] [--config FILE]

  create --user USER_ID [--name NAME]         create a client key (cr_…) and print it once
      [--strategy balanced|cost|quality]      the key's default routing strategy
      [--models ID,ID,…]                      the only models the key may request
  list [--user USER_ID] [--all] [--json]      list keys (revoked ones with --all)
  revoke KEY_ID                               revoke a key; its next request fails

Create the user first: coderouter users create --name NAME [--plan PLAN].`;

const OPTIONS = {
  db: { type: 'string' },
  config: { type: 'string' },
  user: { type: 'string' },
  name: { type: 'string' },
  strategy: { type: 'string' },
  models: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseStrategy(value: string | undefined): Strategy | null {
  if (value === undefined) return null;
  if (!(STRATEGIES as readonly string[]).includes(value)) throw new UsageError(`unknown strategy "${value}": use one of ${STRATEGIES.join(', ')}`);
  return value as Strategy;
}

function parseModels(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const models = value.split(',').map((model) => model.trim()).filter(Boolean);
  if (models.length === 0) throw new UsageError('--models needs at least one model id');
  return models;
}

/**
 * `coderouter keys …`: create, list and revoke client keys. The plaintext key is printed once, at
 * creation, on stdout alone on its line (so `KEY=$(coderouter keys create … | head -1)` works);
 * nothing else ever prints it.
 * Exit code (through `io`): 0 done, 1 failed (e.g. unknown user or key), 2 bad usage.
 * @see ../../../shared/DESIGN.md §2
 */
export async function runKeysCommand(argv: string[], env: Record<string, string | undefined>, io: CommandIo = processIo): Promise<void> {
  return runWithExitCode('coderouter keys', KEYS_HELP, io, () => {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [subcommand, ...args] = positionals;
    if (values.help || !subcommand) return void io.out(KEYS_HELP);
    const database = openDatabase(resolveDbPath(values, env));
    const { db } = database;
    try {
      switch (subcommand) {
        case 'create': {
          if (!values.user) throw new UsageError('--user USER_ID is required');
          const user = getUser(db, values.user);
          const { key, info } = createClientKey(db, {
            userId: user.id,
            name: values.name ?? 'default',
            defaultStrategy: parseStrategy(values.strategy),
            allowedModels: parseModels(values.models),
          });
          if (values.json) return void io.out(JSON.stringify({ key, ...info }));
          io.out(key);
          return void io.out(`Created key ${info.id} for user ${user.id} (plan ${user.plan}). Store it now: it is not shown again.`);
        }
        case 'list': {
          const keys = listClientKeys(db, { userId: values.user, includeRevoked: values.all ?? false });
          if (values.json) return void io.out(JSON.stringify(keys));
          const rows = keys.map((k) => [
            k.id,
            `${k.prefix}…`,
            k.userId,
            k.name,
            k.defaultStrategy ?? '-',
            k.allowedModels?.join(',') ?? 'any',
            formatDate(k.lastUsedAt),
            k.revokedAt ? `revoked ${formatDate(k.revokedAt)}` : 'active',
          ]);
          return void io.out(formatTable(['ID', 'KEY', 'USER', 'NAME', 'STRATEGY', 'MODELS', 'LAST USED', 'STATUS'], rows));
        }
        case 'revoke': {
          const keyId = args[0];
          if (!keyId) throw new UsageError('missing KEY_ID (see coderouter keys list)');
          const info = revokeClientKey(db, keyId);
          return void io.out(`Revoked key ${info.id} (${info.prefix}…) at ${formatDate(info.revokedAt)}.`);
        }
        default:
          throw new UsageError(`unknown command "${subcommand}"`);
      }
    } finally {
      database.close();
    }
  });
}
