import { createHash } from 'node:crypto';
import type { Database } from 'bun:sqlite';

/**
 * The shape of drizzle-kit's `migrations.js` (driver `durable-sqlite`): the journal plus each
 * migration's SQL, imported as text so `bun build --compile` embeds it.
 */
export interface EmbeddedMigrations {
  journal: { entries: ReadonlyArray<{ idx: number; when: number; tag: string; breakpoints: boolean }> };
  migrations: Readonly<Record<string, string>>;
}

const MIGRATIONS_TABLE = '__drizzle_migrations';

/**
 * Applies the embedded migrations that the database has not seen yet, idempotently.
 *
 * Why not drizzle's own migrators: the folder-reading one cannot work in a compiled binary, and
 * both it and the durable-sqlite one read "what is applied" outside a write lock, so a gateway and
 * a CLI opening a fresh file at the same moment could both apply 0000. Here the check and the apply
 * share one `BEGIN IMMEDIATE` transaction (the second opener waits on busy_timeout, then sees the
 * work done). The bookkeeping table and its rows are drizzle's own (`hash` = SHA-256 of the SQL,
 * `created_at` = the journal's `when`), so `drizzle-kit migrate` and this agree on what ran.
 *
 * @returns the tags of the migrations applied by this call
 */
export function runMigrations(sqlite: Database, embedded: EmbeddedMigrations): string[] {
  const applied: string[] = [];
  sqlite.run(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
  sqlite.run('BEGIN IMMEDIATE');
  try {
    const last = sqlite
      .query<{ created_at: number }, []>(`SELECT created_at FROM "${MIGRATIONS_TABLE}" ORDER BY created_at DESC LIMIT 1`)
      .get();
    const lastApplied = last ? Number(last.created_at) : -Infinity;
    for (const entry of embedded.journal.entries) {
      if (entry.when <= lastApplied) continue;
      const key = `m${entry.idx.toString().padStart(4, '0')}`;
      const text = embedded.migrations[key];
      if (text === undefined) throw new Error(`embedded migration ${entry.tag} (${key}) is missing from migrations.js`);
      for (const statement of text.split('--> statement-breakpoint')) {
        if (statement.trim()) sqlite.run(statement);
      }
      const hash = createHash('sha256').update(text).digest('hex');
      sqlite.run(`INSERT INTO "${MIGRATIONS_TABLE}" (hash, created_at) VALUES (?, ?)`, [hash, entry.when]);
      applied.push(entry.tag);
    }
    sqlite.run('COMMIT');
  } catch (error) {
    sqlite.run('ROLLBACK');
    throw error;
  }
  return applied;
}
