import { existsSync, unlinkSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase, type OpenedDatabase } from '../db/open-database.ts';
import { processIo, formatDate, formatTable, resolveDbPath, runWithExitCode, UsageError, type CommandIo } from './command-support.ts';
import { DataKey, loadDataKey } from './data-key.ts';
import { PLANS, isPlan, type Plan } from './plans.ts';
import { addProviderKey, listProviderKeys, removeProviderKey, rotateDataKey } from './provider-keys.ts';
import { createUser, getUser, listUsers, setUserPlan } from './users.ts';

export const USERS_HELP = `Usage: coderouter users <command> [--db FILE] [--config FILE]

  create --name NAME [--plan PLAN]            add a user (plan: ${PLANS.join(', ')}; default free)
  list [--json]                               list users
  set-plan USER_ID PLAN                       change a user's plan (takes effect on the next request)
  add-provider-key USER_ID PROVIDER           store the user's own key for PROVIDER, read from stdin
      [--api-key-env VAR]                     ...or from environment variable VAR
  list-provider-keys USER_ID [--json]         the user's provider keys, masked
  remove-provider-key USER_ID PROVIDER        delete one
  rotate-data-key [--new-key-env VAR]         re-encrypt every provider key under a new data key

The database is --db, else CODEROUTER_DB, else the config file's server.db, else ./coderouter.db.
Provider keys are encrypted with CODEROUTER_DATA_KEY (base64 of 32 bytes) or, when unset, the key
file <db>.key created beside the database with mode 0600.`;

const OPTIONS = {
  db: { type: 'string' },
  config: { type: 'string' },
  name: { type: 'string' },
  plan: { type: 'string' },
  'api-key-env': { type: 'string' },
  'new-key-env': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parsePlan(value: string | undefined): Plan {
  if (value === undefined) throw new UsageError(`a plan is required (${PLANS.join(', ')})`);
  if (!isPlan(value)) throw new UsageError(`unknown plan "${value}": use one of ${PLANS.join(', ')}`);
  return value;
}

function positional(values: string[], index: number, what: string): string {
  const value = values[index];
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

/**
 * Replaces the data key. From a key file: a new key is written to `<key>.next` first, the rows are
 * re-encrypted in one transaction, then `.next` replaces the key file; a crash in between is
 * resumed by running the command again (it reuses `.next`). From CODEROUTER_DATA_KEY: the new key
 * comes from `--new-key-env`, and the operator swaps the variables afterwards. Either way running
 * gateways hold the old key in memory and must be restarted.
 */
function rotate(dbPath: string, database: OpenedDatabase, env: Record<string, string | undefined>, newKeyEnv: string | undefined, io: CommandIo): void {
  const oldKey = loadDataKey({ env, dbPath });
  if (oldKey.source === 'env') {
    if (!newKeyEnv) throw new UsageError('the data key comes from CODEROUTER_DATA_KEY: name the variable holding the new one with --new-key-env VAR');
    const value = env[newKeyEnv];
    if (!value) throw new UsageError(`environment variable ${newKeyEnv} is not set`);
    const newKey = DataKey.fromBase64(value, 'env', newKeyEnv);
    const count = rotateDataKey(database.db, oldKey, newKey);
    io.out(`Re-encrypted ${count} provider key(s) under data key ${newKey.fingerprint}.`);
    io.out(`Now set CODEROUTER_DATA_KEY to the value of ${newKeyEnv} and restart every gateway using ${dbPath}.`);
    return;
  }
  if (!oldKey.keyFile) throw new Error('an in-memory database has no stored keys to rotate');
  const keyFile = oldKey.keyFile;
  const nextFile = `${keyFile}.next`;
  const newKey = existsSync(nextFile) ? loadDataKey({ env: {}, dbPath, keyFile: nextFile }) : DataKey.generate();
  if (!existsSync(nextFile)) newKey.writeKeyFile(nextFile, { exclusive: true });
  const count = rotateDataKey(database.db, oldKey, newKey);
  newKey.writeKeyFile(keyFile);
  unlinkSync(nextFile);
  io.out(`Re-encrypted ${count} provider key(s); ${keyFile} now holds data key ${newKey.fingerprint}. Restart gateways using ${dbPath}.`);
}

/**
 * `coderouter users …`: users, plans and their own provider keys (BYOK).
 * Exit code (through `io`): 0 done, 1 failed (e.g. unknown user), 2 bad usage.
 * @see ../../../shared/DESIGN.md §2
 */
export async function runUsersCommand(argv: string[], env: Record<string, string | undefined>, io: CommandIo = processIo): Promise<void> {
  return runWithExitCode('coderouter users', USERS_HELP, io, async () => {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [subcommand, ...args] = positionals;
    if (values.help || !subcommand) return void io.out(USERS_HELP);
    const dbPath = resolveDbPath(values, env);
    const database = openDatabase(dbPath);
    const { db } = database;
    try {
      switch (subcommand) {
        case 'create': {
          if (!values.name) throw new UsageError('--name is required');
          const user = createUser(db, { name: values.name, plan: values.plan === undefined ? undefined : parsePlan(values.plan) });
          return void io.out(values.json ? JSON.stringify(user) : `Created user ${user.id} (${user.name}, plan ${user.plan}).`);
        }
        case 'list': {
          const users = listUsers(db);
          if (values.json) return void io.out(JSON.stringify(users));
          return void io.out(formatTable(['ID', 'NAME', 'PLAN', 'CREATED'], users.map((u) => [u.id, u.name, u.plan, formatDate(u.createdAt)])));
        }
        case 'set-plan': {
          const user = setUserPlan(db, positional(args, 0, 'USER_ID'), parsePlan(args[1] ?? values.plan));
          return void io.out(`User ${user.id} is now on plan ${user.plan}.`);
        }
        case 'add-provider-key': {
          const userId = positional(args, 0, 'USER_ID');
          const provider = positional(args, 1, 'PROVIDER');
          if (args.length > 2) {
            throw new UsageError('the API key is not taken as an argument (it would stay in shell history and ps): pipe it on stdin or use --api-key-env VAR');
          }
          const envName = values['api-key-env'];
          const apiKey = envName ? env[envName] : await io.readStdin();
          if (!apiKey?.trim()) throw new UsageError(envName ? `environment variable ${envName} is empty or not set` : 'no API key on stdin');
          const masked = addProviderKey(db, loadDataKey({ env, dbPath }), getUser(db, userId).id, provider, apiKey);
          return void io.out(`Stored ${masked.provider} key ${masked.masked} for user ${userId} (encrypted).`);
        }
        case 'list-provider-keys': {
          const keys = listProviderKeys(db, getUser(db, positional(args, 0, 'USER_ID')).id);
          if (values.json) return void io.out(JSON.stringify(keys));
          return void io.out(formatTable(['PROVIDER', 'KEY', 'ADDED'], keys.map((k) => [k.provider, k.masked, formatDate(k.createdAt)])));
        }
        case 'remove-provider-key': {
          const userId = positional(args, 0, 'USER_ID');
          const provider = positional(args, 1, 'PROVIDER');
          removeProviderKey(db, userId, provider);
          return void io.out(`Removed the ${provider} key of user ${userId}.`);
        }
        case 'rotate-data-key':
          return rotate(dbPath, database, env, values['new-key-env'], io);
        default:
          throw new UsageError(`unknown command "${subcommand}"`);
      }
    } finally {
      database.close();
    }
  });
}
