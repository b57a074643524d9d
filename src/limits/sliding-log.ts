/**
 * A sliding log of admission times as a growable ring buffer: the exact sliding-window algorithm.
 *
 * Why a log and not GCRA or a two-bucket sliding-window counter: GCRA with a burst of `limit`
 * admits up to about twice the limit within one 60 s window (the full burst, then one more every
 * 60/limit s), and the counter approximates the previous bucket, so neither can promise "never
 * more than the limit in any window". The log can, and with a ring buffer each decision is O(1):
 * a request is admitted iff fewer than `limit` admissions are younger than the window, i.e. iff
 * the `limit`-th most recent admission has aged out. Memory is 8 bytes per admission in the last
 * window (at most 19 KiB for a Team key), grown on demand. A shared store implements the same rule
 * with a sorted set per key (ZREMRANGEBYSCORE, ZCARD, ZADD in one script), so scale-out needs no
 * redesign.
 *
 * All functions are pure over the `SlidingLog` value they are given (they mutate it in place, the
 * store owns it); times are epoch milliseconds.
 */
export interface SlidingLog {
  /** Ring buffer of admission times, oldest at `head`, in non-decreasing order. */
  times: Float64Array;
  head: number;
  count: number;
}

const INITIAL_CAPACITY = 8;

export function createSlidingLog(): SlidingLog {
  return { times: new Float64Array(INITIAL_CAPACITY), head: 0, count: 0 };
}

function at(log: SlidingLog, index: number): number {
  return log.times[(log.head + index) % log.times.length]!;
}

/** Drops admissions that no longer count: an admission at `t` counts while `now - t < windowMs`. */
export function pruneSlidingLog(log: SlidingLog, nowMs: number, windowMs: number): void {
  const cutoff = nowMs - windowMs;
  while (log.count > 0 && log.times[log.head]! <= cutoff) {
    log.head = (log.head + 1) % log.times.length;
    log.count--;
  }
}

/** The most recent admission, or undefined for an empty log. */
export function newestAdmission(log: SlidingLog): number | undefined {
  return log.count === 0 ? undefined : at(log, log.count - 1);
}

/**
 * When the log will next hold fewer than `limit` admissions (epoch ms): the moment the admission
 * that has to age out does. Call after pruning and only when `count >= limit`.
 */
export function nextFreeSlotAt(log: SlidingLog, limit: number, windowMs: number): number {
  return at(log, log.count - limit) + windowMs;
}

/** Records an admission at `nowMs`. The caller has checked `count < limit`. */
export function recordAdmission(log: SlidingLog, nowMs: number): void {
  if (log.count === log.times.length) {
    const grown = new Float64Array(log.times.length * 2);
    for (let index = 0; index < log.count; index++) grown[index] = at(log, index);
    log.times = grown;
    log.head = 0;
  }
  // A clock that steps backwards must not break the ordering pruning relies on; recording the
  // newest time instead errs on the side of counting the admission for longer.
  const newest = newestAdmission(log);
  const time = newest !== undefined && newest > nowMs ? newest : nowMs;
  log.times[(log.head + log.count) % log.times.length] = time;
  log.count++;
}
