import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { renderErrorResponse } from '../errors/render-error.ts';
import { rateLimitExceededError, rateLimitHeaders } from './rate-limit-headers.ts';
import { createRateLimiter, MemoryRateLimitStore, rateLimitKeys, requestsPerMinute, type RateLimitResult } from './rate-limiter.ts';

const T = 1_700_000_000_250; // a quarter second past a whole second, so rounding is visible

describe('rate limiter', () => {
  test('100 parallel requests against a limit of 60 admit exactly 60', async () => {
    const limiter = createRateLimiter({ now: () => T });
    const results = await Promise.all(Array.from({ length: 100 }, async () => limiter.consume(['key:k1', 'user:u1'], 60)));
    expect(results.filter((r) => r.allowed)).toHaveLength(60);
    expect(results.filter((r) => !r.allowed)).toHaveLength(40);
    expect(results.map((r) => r.remaining).slice(0, 60)).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i));
  });

  test('reset and retry-after are right to the second', () => {
    let now = T;
    const limiter = createRateLimiter({ now: () => now });
    for (let i = 0; i < 60; i++) expect(limiter.consume(['k'], 60)).toMatchObject({ allowed: true });

    now = T + 10_000;
    const refused = limiter.consume(['k'], 60) as RateLimitResult;
    // The 60 admissions at T count until T + 60 s = 1_700_000_060.25 s.
    expect(refused).toEqual({ allowed: false, limit: 60, remaining: 0, resetSeconds: 1_700_000_061, retryAfterSeconds: 50 });

    now = T + 59_999;
    expect(limiter.consume(['k'], 60)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now = T + 60_000;
    expect(limiter.consume(['k'], 60)).toEqual({ allowed: true, limit: 60, remaining: 59, resetSeconds: 1_700_000_121, retryAfterSeconds: 0 });
  });

  test('retry-after points at the oldest counted request, reset at the newest', () => {
    let now = T;
    const limiter = createRateLimiter({ now: () => now });
    limiter.consume(['k'], 2);
    now = T + 30_000;
    limiter.consume(['k'], 2);
    now = T + 31_000;
    expect(limiter.consume(['k'], 2)).toEqual({
      allowed: false,
      limit: 2,
      remaining: 0,
      resetSeconds: Math.ceil((T + 90_000) / 1000),
      retryAfterSeconds: 29,
    });
  });

  test('a user is limited across its keys, and a refusal counts against nobody', () => {
    const limiter = createRateLimiter({ now: () => T });
    const a = rateLimitKeys({ keyId: 'a', userId: 'u' });
    const b = rateLimitKeys({ keyId: 'b', userId: 'u' });
    expect(limiter.consume(a, 2)).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.consume(a, 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.consume(b, 2)).toMatchObject({ allowed: false });
    // Key b alone (another user) still has its whole quota: the refusal above recorded nothing.
    expect(limiter.consume(['key:b'], 2)).toMatchObject({ allowed: true, remaining: 1 });
  });

  test('never more than the limit in any window, and never refuses with room (property)', () => {
    const windowMs = 60_000;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 300_000 }), { maxLength: 200 }), (limit, offsets) => {
        const times = offsets.sort((x, y) => x - y).map((offset) => T + offset);
        const limiter = createRateLimiter({ windowMs });
        const admitted: number[] = [];
        for (const time of times) {
          const inWindow = admitted.filter((t) => time - t < windowMs).length;
          const result = limiter.consume(['k'], limit, time) as RateLimitResult;
          expect(result.allowed).toBe(inWindow < limit);
          if (result.allowed) admitted.push(time);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a clock stepping backwards does not admit extra requests', () => {
    const limiter = createRateLimiter();
    expect(limiter.consume(['k'], 2, T)).toMatchObject({ allowed: true });
    expect(limiter.consume(['k'], 2, T - 5_000)).toMatchObject({ allowed: true });
    expect(limiter.consume(['k'], 2, T - 4_000)).toMatchObject({ allowed: false });
    expect(limiter.consume(['k'], 2, T + 59_999)).toMatchObject({ allowed: false });
  });

  test('a lowered limit (plan change) refuses until enough requests age out', () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 5; i++) limiter.consume(['k'], 10, T + i * 1000);
    expect(limiter.consume(['k'], 3, T + 10_000)).toMatchObject({ allowed: false, retryAfterSeconds: 52 });
    expect(limiter.consume(['k'], 3, T + 62_000)).toMatchObject({ allowed: true, remaining: 0 });
  });

  test('the memory store forgets idle keys', () => {
    const store = new MemoryRateLimitStore();
    const limiter = createRateLimiter({ store });
    for (let i = 0; i < 100; i++) limiter.consume([`idle:${i}`], 60, T);
    for (let i = 0; i < 5000; i++) limiter.consume(['busy'], 1_000_000, T + 120_000);
    expect(store.size).toBe(1);
  });

  test('plans map to the guide limits', () => {
    expect([requestsPerMinute('free'), requestsPerMinute('starter'), requestsPerMinute('solo')]).toEqual([60, 100, 200]);
    expect([requestsPerMinute('pro'), requestsPerMinute('studio'), requestsPerMinute('team')]).toEqual([600, 1200, 2400]);
    expect(rateLimitKeys({ keyId: 'master', userId: null })).toEqual(['key:master']);
  });
});

describe('rate limit headers and the 429', () => {
  const refused: RateLimitResult = { allowed: false, limit: 60, remaining: 0, resetSeconds: 1_700_000_061, retryAfterSeconds: 50 };

  test('headers carry the trio, and Retry-After only on a refusal', () => {
    expect(rateLimitHeaders({ ...refused, allowed: true, remaining: 3, retryAfterSeconds: 0 })).toEqual({
      'X-RateLimit-Limit': '60',
      'X-RateLimit-Remaining': '3',
      'X-RateLimit-Reset': '1700000061',
    });
    expect(rateLimitHeaders(refused)['Retry-After']).toBe('50');
  });

  test('the error renders as a 429 in both protocols with each header once', async () => {
    const error = rateLimitExceededError(refused);
    for (const protocol of ['openai', 'anthropic'] as const) {
      const response = renderErrorResponse(protocol, error);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('50');
      expect(response.headers.get('x-ratelimit-reset')).toBe('1700000061');
      expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(JSON.stringify(await response.json())).toContain('Rate limit exceeded');
    }
  });
});
