import { expect, test } from 'bun:test';
import { openDatabase } from '../db/index.ts';
import { requests } from '../db/schema/requests.ts';
import { createLogger } from '../logging/logger.ts';
import { LedgerWriter } from './ledger-writer.ts';
import type { LedgerEntry } from './services.ts';

const entry = (id: string): LedgerEntry => ({ id, createdAt: new Date(), keyId: 'k', requestedModel: 'auto', status: 200, costUsd: 0.001, baselineCostUsd: 0.01 });

test('rows are batched, written on flush, and a full batch flushes by itself', async () => {
  const { db, close } = openDatabase(':memory:');
  const writer = new LedgerWriter(db, createLogger('silent'), { flushAfterMs: 60_000, maxBatch: 3 });
  writer.record(entry('a'));
  writer.record(entry('b'));
  expect(db.select().from(requests).all()).toHaveLength(0);
  expect(writer.pending).toBe(2);
  writer.record(entry('c'));
  expect(db.select().from(requests).all()).toHaveLength(3);
  writer.record(entry('d'));
  await writer.flush();
  expect(db.select().from(requests).all().map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  close();
});

test('a failing batch is logged, not thrown into the request path', async () => {
  const { db, close } = openDatabase(':memory:');
  const lines: string[] = [];
  const writer = new LedgerWriter(db, createLogger('error', (line) => lines.push(line)), { flushAfterMs: 60_000, maxBatch: 10 });
  writer.record(entry('dup'));
  writer.record(entry('dup'));
  await writer.flush();
  expect(lines.join('')).toContain('ledger write failed');
  close();
});

test('with a database file, rows are written by the worker thread and are there once flush resolves', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const path = join(mkdtempSync(join(tmpdir(), 'cr-ledger-')), 'ledger.db');
  const { db, close } = openDatabase(path);
  const writer = new LedgerWriter(db, createLogger('silent'), { dbPath: path, flushAfterMs: 60_000 });
  for (let i = 0; i < 250; i++) writer.record(entry(`w${i}`));
  await writer.flush();
  expect(db.select().from(requests).all()).toHaveLength(250);
  writer.record(entry('last'));
  await writer.close();
  expect(db.select().from(requests).all()).toHaveLength(251);
  close();
});
