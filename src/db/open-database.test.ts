import { afterEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './open-database.ts';
import { users } from './schema/index.ts';

const directories: string[] = [];
function temporaryDbPath(): string {
  const directory = mkdtempSync(join(tmpdir(), 'coderouter-db-'));
  directories.push(directory);
  return join(directory, 'nested', 'coderouter.db');
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('openDatabase', () => {
  test('creates the file in WAL mode and applies the embedded migrations once', () => {
    const path = temporaryDbPath();
    const first = openDatabase(path);
    expect(first.appliedMigrations).toEqual(['0000_init', '0001_auth_epoch_triggers']);
    expect(first.sqlite.query<{ journal_mode: string }, []>('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
    first.db.insert(users).values({ id: 'u1', name: 'Ada', createdAt: new Date(1) }).run();
    first.close();

    const second = openDatabase(path);
    expect(second.appliedMigrations).toEqual([]);
    expect(second.db.select().from(users).all()).toEqual([{ id: 'u1', name: 'Ada', plan: 'free', createdAt: new Date(1) }]);
    const recorded = second.sqlite.query<{ n: number }, []>('SELECT count(*) AS n FROM __drizzle_migrations').get();
    expect(recorded?.n).toBe(2);
    second.close();
  });

  test('two connections opening the same fresh file both succeed', () => {
    const path = temporaryDbPath();
    const a = openDatabase(path);
    const b = openDatabase(path);
    expect([...a.appliedMigrations, ...b.appliedMigrations]).toEqual(['0000_init', '0001_auth_epoch_triggers']);
    a.close();
    b.close();
  });

  test('works in memory', () => {
    const { db, close } = openDatabase(':memory:');
    expect(db.select().from(users).all()).toEqual([]);
    close();
  });
});
