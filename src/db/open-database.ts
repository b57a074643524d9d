import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { drizzle, type BunSQLiteDatabase } from 'drizzle-orm/bun-sqlite';
import embeddedMigrations from './migrations/migrations.js';
import { runMigrations } from './run-migrations.ts';
import * as schema from './schema/index.ts';

/** The drizzle database every module of the gateway takes as its first argument. */
export type GatewayDatabase = BunSQLiteDatabase<typeof schema> & { $client: Database };

export interface OpenedDatabase {
  db: GatewayDatabase;
  /** The raw bun:sqlite handle, for pragmas and hand-prepared hot-path statements. */
  sqlite: Database;
  /** Tags of the migrations this open applied (empty when the file was up to date). */
  appliedMigrations: string[];
  close(): void;
}

/** How long a writer waits for another connection's lock (CLI and gateway share the file). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the SQLite database at `path` and brings its schema up to date from
 * the migrations embedded at build time. `':memory:'` gives a private in-memory database.
 *
 * @example
 * const { db, close } = openDatabase(config.dbPath);
 * @see ../../../shared/RUNTIME-NOTES.md (drizzle on bun:sqlite)
 */
export function openDatabase(path: string): OpenedDatabase {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  try {
    // busy_timeout first: switching to WAL itself needs a lock another process may hold.
    sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL lets the CLI write while the gateway reads; NORMAL sync is durable enough under WAL
    // (a power cut can lose the last commits, never corrupt) and keeps ledger writes cheap.
    if (!inMemory) sqlite.run('PRAGMA journal_mode = WAL');
    sqlite.run('PRAGMA synchronous = NORMAL');
    sqlite.run('PRAGMA foreign_keys = ON');
    const appliedMigrations = runMigrations(sqlite, embeddedMigrations);
    const db = drizzle({ client: sqlite, schema });
    return { db, sqlite, appliedMigrations, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
