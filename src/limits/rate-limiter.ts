import { PLAN_REQUESTS_PER_MINUTE, type Plan } from '../users/plans.ts';
import {
  createSlidingLog,
  newestAdmission,
  nextFreeSlotAt,
  pruneSlidingLog,
  recordAdmission,
  type SlidingLog,
} from './sliding-log.ts';

/**
 * The outcome of one admission decision, everything the response headers need.
 * @see ../../../shared/DESIGN.md §3 (plans and limits)
 */
export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Requests still admissible in the current window, after this one. */
  remaining: number;
  /**
   * Unix epoch seconds at which the quota is whole again (every counted request has aged out),
   * rounded up. This is the GitHub convention for `X-RateLimit-Reset`: an absolute time cannot go
   * stale in a queue or a log the way a relative one does, and `Retry-After` already carries the
   * relative "wait this long".
   */
  resetSeconds: number;
  /** Seconds until one more request would be admitted, rounded up; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Where limiter state lives. `consume` is the atomic unit: for every key it drops admissions older
 * than the window and, only if every key has room, records `nowMs` in all of them. The in-memory
 * store is synchronous; a Redis store would run the same rule as one Lua script over the keys and
 * return a promise, and callers already `await` the result.
 */
export interface RateLimitStore {
  consume(keys: readonly string[], limit: number, windowMs: number, nowMs: number): RateLimitResult | Promise<RateLimitResult>;
}

/** Every this many decisions, the memory store forgets keys idle for a whole window. */
const SWEEP_EVERY = 4096;

/** The in-process store: a Map from key to sliding log. Atomic because JavaScript is single-threaded. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly logs = new Map<string, SlidingLog>();
  private decisionsSinceSweep = 0;

  /** Number of keys with state, for tests and metrics. */
  get size(): number {
    return this.logs.size;
  }

  consume(keys: readonly string[], limit: number, windowMs: number, nowMs: number): RateLimitResult {
    if (++this.decisionsSinceSweep >= SWEEP_EVERY) this.sweep(nowMs, windowMs);
    const logs: SlidingLog[] = [];
    let busiest = 0;
    let freeAt = nowMs;
    let newest = Number.NEGATIVE_INFINITY;
    for (const key of keys) {
      let log = this.logs.get(key);
      if (!log) {
        log = createSlidingLog();
        this.logs.set(key, log);
      }
      pruneSlidingLog(log, nowMs, windowMs);
      logs.push(log);
      busiest = Math.max(busiest, log.count);
      newest = Math.max(newest, newestAdmission(log) ?? Number.NEGATIVE_INFINITY);
      if (log.count >= limit) freeAt = Math.max(freeAt, nextFreeSlotAt(log, limit, windowMs));
    }
    const allowed = busiest < limit;
    if (allowed) {
      for (const log of logs) recordAdmission(log, nowMs);
      newest = Math.max(newest, nowMs);
    }
    const wholeAgainAt = newest === Number.NEGATIVE_INFINITY ? nowMs : newest + windowMs;
    return {
      allowed,
      limit,
      remaining: allowed ? limit - busiest - 1 : 0,
      resetSeconds: Math.ceil(wholeAgainAt / 1000),
      retryAfterSeconds: allowed ? 0 : Math.ceil((freeAt - nowMs) / 1000),
    };
  }

  private sweep(nowMs: number, windowMs: number): void {
    this.decisionsSinceSweep = 0;
    for (const [key, log] of this.logs) {
      const newest = newestAdmission(log);
      if (newest === undefined || newest <= nowMs - windowMs) this.logs.delete(key);
    }
  }
}

export interface RateLimiterOptions {
  store?: RateLimitStore;
  /** Default 60 000: the plans are per minute. */
  windowMs?: number;
  /** Injected clock (epoch ms), for tests. */
  now?: () => number;
}

/** Admits or refuses requests against per-key and per-user limits. */
export interface RateLimiter {
  /**
   * One decision over all `keys` at once (e.g. the client key and its user): admitted only if
   * every key is under `limit`, and then counted against all of them.
   */
  consume(keys: readonly string[], limit: number, nowMs?: number): RateLimitResult | Promise<RateLimitResult>;
}

/**
 * @example
 * const limiter = createRateLimiter();
 * const result = await limiter.consume(rateLimitKeys(principal), requestsPerMinute(principal.plan));
 * if (!result.allowed) throw rateLimitExceededError(result);
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const store = options.store ?? new MemoryRateLimitStore();
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  return {
    consume: (keys, limit, nowMs = now()) => store.consume(keys, limit, windowMs, nowMs),
  };
}

/** The requests-per-minute limit of a plan. */
export function requestsPerMinute(plan: Plan): number {
  return PLAN_REQUESTS_PER_MINUTE[plan];
}

/** The limiter keys of a caller: its client key, and its user when it has one (not the master key). */
export function rateLimitKeys(caller: { keyId: string; userId: string | null }): string[] {
  return caller.userId === null ? [`key:${caller.keyId}`] : [`key:${caller.keyId}`, `user:${caller.userId}`];
}
