import { expect, test } from 'bun:test';
import { openDatabase } from '../db/index.ts';
import { requests } from '../db/schema/requests.ts';
import { createLogger } from '../logging/logger.ts';
import { LedgerWriter } from './ledger-writer.ts';
import type { LedgerEntry } from './services.ts';

const entry = (id: string): LedgerEntry => ({ id, createdAt: new Date(), keyId: 'k', requestedModel: 'auto', status: 200, costUsd: 0.001, baselineCostUsd: 0.01 });

test('rows are batched, written on flush, and a full batch flushes by itself', () => {
  const { db, close } = openDatabase(':memory:');
  const writer = new LedgerWriter(db, createLogger('silent'), 60_000, 3);
  writer.record(entry('a'));
  writer.record(entry('b'));
  expect(db.select().from(requests).all()).toHaveLength(0);
  expect(writer.pending).toBe(2);
  writer.record(entry('c'));
  expect(db.select().from(requests).all()).toHaveLength(3);
  writer.record(entry('d'));
  writer.flush();
  expect(db.select().from(requests).all().map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  close();
});

test('a failing batch is logged, not thrown into the request path', () => {
  const { db, close } = openDatabase(':memory:');
  const lines: string[] = [];
  const writer = new LedgerWriter(db, createLogger('error', (line) => lines.push(line)), 60_000, 10);
  writer.record(entry('dup'));
  writer.record(entry('dup'));
  expect(() => writer.flush()).not.toThrow();
  expect(lines.join('')).toContain('ledger write failed');
  close();
});
