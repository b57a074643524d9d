import { afterEach, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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

describe('in a compiled binary', () => {
  test('the embedded migrations run from an empty directory (nothing reads the source tree)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'coderouter-compiled-'));
    directories.push(directory);
    const entry = join(directory, 'entry.ts');
    await Bun.write(entry, `import { openDatabase } from ${JSON.stringify(join(import.meta.dir, 'open-database.ts'))};
const first = openDatabase('x.db'); const second = openDatabase('x.db');
console.log(JSON.stringify([first.appliedMigrations, second.appliedMigrations]));`);
    const binary = join(directory, 'probe');
    const build = Bun.spawnSync([process.execPath, 'build', '--compile', '--loader', '.sql:text', entry, '--outfile', binary], { stderr: 'pipe' });
    expect(build.stderr.toString()).not.toContain('error');
    const empty = join(directory, 'empty');
    mkdirSync(empty);
    const run = Bun.spawnSync([binary], { cwd: empty, stderr: 'pipe' });
    expect(run.stderr.toString()).toBe('');
    expect(JSON.parse(run.stdout.toString())).toEqual([['0000_init', '0001_auth_epoch_triggers'], []]);
  });
});
