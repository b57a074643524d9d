import { expect, test } from 'bun:test';
import { CircuitBreaker } from './circuit-breaker.ts';

test('opens after N consecutive failures, lets one trial through after the pause, closes on success', () => {
  const breaker = new CircuitBreaker(3, 1000);
  for (let i = 0; i < 2; i++) breaker.failure('p', 0);
  expect(breaker.allow('p', 10)).toBe(true);
  breaker.failure('p', 10);
  expect(breaker.isOpen('p', 20)).toBe(true);
  expect(breaker.allow('p', 500)).toBe(false);
  expect(breaker.allow('p', 1011)).toBe(true); // the half-open trial
  expect(breaker.allow('p', 1012)).toBe(false); // only one at a time
  breaker.success('p');
  expect(breaker.allow('p', 1013)).toBe(true);
  expect(breaker.isOpen('p', 1013)).toBe(false);
});

test('a failed trial re-opens it; providers are independent', () => {
  const breaker = new CircuitBreaker(1, 1000);
  breaker.failure('a', 0);
  expect(breaker.allow('b', 1)).toBe(true);
  expect(breaker.allow('a', 1001)).toBe(true);
  breaker.failure('a', 1001);
  expect(breaker.allow('a', 1500)).toBe(false);
});
