// Types for the drizzle-kit generated migrations.js (durable-sqlite driver), which TypeScript does not read.
import type { EmbeddedMigrations } from '../run-migrations.ts';

declare const embedded: EmbeddedMigrations;
export default embedded;
