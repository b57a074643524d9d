import { defineConfig } from 'drizzle-kit';

/**
 * `driver: 'durable-sqlite'` makes drizzle-kit also write `migrations.js`, which imports each `.sql`
 * file as text: the migrations are then embedded by `bun build --compile` and nothing reads the
 * source tree at run time (RUNTIME-NOTES.md, drizzle section). The database itself is bun:sqlite.
 */
export default defineConfig({
  dialect: 'sqlite',
  driver: 'durable-sqlite',
  schema: './src/db/schema/index.ts',
  out: './src/db/migrations',
});
