import type { Database, Statement } from 'bun:sqlite';
import { timingSafeEqual } from 'node:crypto';
import type { Strategy } from '../config/config-schema.ts';
import type { GatewayDatabase } from '../db/open-database.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { Plan } from '../users/plans.ts';
import { CLIENT_KEY_PREFIX, hashClientKey } from './client-key.ts';

/** Who is calling, as every later stage (limits, routing, BYOK, ledger) needs it. */
export interface Principal {
  /** The client key's id, or `master` for the master key. */
  keyId: string;
  /** Null only for the master key, which belongs to no user. */
  userId: string | null;
  plan: Plan;
  isMaster: boolean;
  defaultStrategy: Strategy | null;
  /** Frozen: the object is cached and shared by every request made with the key. */
  allowedModels: string[] | null;
}

export const MASTER_KEY_ID = 'master';

export interface AuthenticateOptions {
  /** `CODEROUTER_MASTER_KEY`; when unset no master key is accepted. */
  masterKey?: string;
  /** Injected clock for `lastUsedAt`, for tests. */
  now?: () => number;
}

interface KeyRecord {
  id: string;
  user_id: string;
  key_hash: string;
  plan: Plan;
  default_strategy: Strategy | null;
  allowed_models: string | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** Per-connection state: prepared statements and the cache of verified keys for one auth epoch. */
interface AuthState {
  lookup: Statement<KeyRecord, [string]>;
  readEpoch: Statement<{ value: number }, []>;
  touch: Statement<unknown, [number, string]>;
  epoch: number;
  verified: Map<string, { principal: Principal; lastUsedAt: number }>;
}

/** Keyed by the bun:sqlite handle, so each open database gets its own statements and cache. */
const states = new WeakMap<Database, AuthState>();

/** `lastUsedAt` is written at most this often per key: a write per request would cost more than auth. */
const TOUCH_INTERVAL_MS = 60_000;
/** A bound on the cache so a flood of distinct valid keys cannot grow memory without limit. */
const MAX_CACHED_KEYS = 10_000;

function stateFor(db: GatewayDatabase): AuthState {
  const sqlite = db.$client;
  let state = states.get(sqlite);
  if (!state) {
    state = {
      lookup: sqlite.query(
        `SELECT k.id, k.user_id, k.key_hash, u.plan, k.default_strategy, k.allowed_models, k.revoked_at, k.last_used_at
         FROM client_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = ?`,
      ),
      readEpoch: sqlite.query('SELECT value FROM auth_epoch WHERE id = 1'),
      touch: sqlite.query('UPDATE client_keys SET last_used_at = ? WHERE id = ?'),
      epoch: -1,
      verified: new Map(),
    };
    states.set(sqlite, state);
  }
  return state;
}

/** Constant-time string equality: both sides are hashed first so neither content nor length leaks. */
function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(hashClientKey(a), 'hex'), Buffer.from(hashClientKey(b), 'hex'));
}

/** True when `key` is the configured master key, compared in constant time; false when none is configured. */
export function isMasterKey(key: string | undefined, masterKey: string | undefined): boolean {
  return !!key && !!masterKey && secretsEqual(key, masterKey);
}

/**
 * The key a request carries: `Authorization: Bearer …` or `x-api-key: …`. When both are present
 * (the Anthropic SDK sends both if given both) a `cr_` key wins, so a provider key the user also
 * exported does not shadow theirs.
 */
export function readApiKey(headers: Headers): string | undefined {
  const authorization = headers.get('authorization')?.trim();
  const bearer = authorization && /^bearer\s+/i.test(authorization) ? authorization.replace(/^bearer\s+/i, '').trim() : undefined;
  const apiKey = headers.get('x-api-key')?.trim();
  const candidates = [bearer, apiKey].filter((value): value is string => !!value);
  return candidates.find((value) => value.startsWith(CLIENT_KEY_PREFIX)) ?? candidates[0];
}

function principalFrom(record: KeyRecord): Principal {
  // Frozen because the cached object is shared by every request made with this key.
  return Object.freeze({
    keyId: record.id,
    userId: record.user_id,
    plan: record.plan,
    isMaster: false,
    defaultStrategy: record.default_strategy,
    allowedModels: record.allowed_models === null ? null : (Object.freeze(JSON.parse(record.allowed_models)) as string[]),
  });
}

/** Records use; `lastUsedAt` is advisory, so a busy database must not fail the request. */
function touch(state: AuthState, keyId: string, now: number, previous: number): number {
  try {
    state.touch.run(now, keyId);
    return now;
  } catch {
    return previous;
  }
}

/**
 * Authenticates a request from its headers.
 *
 * Verified keys are cached per database connection; the cache is dropped whenever `auth_epoch`
 * moves (triggers bump it on revoke, plan change or delete, from any process), so revocation is
 * effective on the next request. Cost per request: one SHA-256 and one one-row read (~1 µs);
 * a cache miss adds an indexed lookup by hash (~7 µs). The lookup is by hash, so no
 * secret-dependent comparison happens in JavaScript; the found hash is still compared in constant
 * time, and the master key always is.
 *
 * @throws GatewayError `authentication` (401) naming the problem: missing, invalid or revoked key
 * @see ../../../shared/DESIGN.md §3 (auth)
 */
export function authenticate(db: GatewayDatabase, headers: Headers, options: AuthenticateOptions = {}): Principal {
  const key = readApiKey(headers);
  if (!key) throw new GatewayError('authentication', 'Missing API key: send Authorization: Bearer cr_… or x-api-key');
  if (isMasterKey(key, options.masterKey)) {
    return { keyId: MASTER_KEY_ID, userId: null, plan: 'team', isMaster: true, defaultStrategy: null, allowedModels: null };
  }
  if (!key.startsWith(CLIENT_KEY_PREFIX)) {
    throw new GatewayError('authentication', 'Invalid API key: CodeRouter keys start with cr_ (this looks like another service\'s key)');
  }

  const state = stateFor(db);
  // Read the epoch before any row, so a change committed in between is seen by the next call.
  const epoch = state.readEpoch.get()?.value ?? 0;
  if (epoch !== state.epoch) {
    state.verified.clear();
    state.epoch = epoch;
  }
  const hash = hashClientKey(key);
  const now = options.now?.() ?? Date.now();
  const cached = state.verified.get(hash);
  if (cached) {
    if (now - cached.lastUsedAt >= TOUCH_INTERVAL_MS) cached.lastUsedAt = touch(state, cached.principal.keyId, now, cached.lastUsedAt);
    return cached.principal;
  }

  const record = state.lookup.get(hash);
  if (!record || !timingSafeEqual(Buffer.from(record.key_hash), Buffer.from(hash))) {
    throw new GatewayError('authentication', 'Invalid API key');
  }
  if (record.revoked_at !== null) throw new GatewayError('authentication', 'API key has been revoked');
  const principal = principalFrom(record);
  let lastUsedAt = record.last_used_at ?? 0;
  if (now - lastUsedAt >= TOUCH_INTERVAL_MS) lastUsedAt = touch(state, record.id, now, lastUsedAt);
  if (state.verified.size >= MAX_CACHED_KEYS) state.verified.clear();
  state.verified.set(hash, { principal, lastUsedAt });
  return principal;
}
