import { sql } from 'drizzle-orm';
import type { GatewayDatabase } from '../db/open-database.ts';
import { requests } from '../db/schema/requests.ts';
import type { LedgerEntry } from './services.ts';

/** Every ledger column, as a named placeholder: the insert is built once and only executed after. */
export function prepareInsert(db: GatewayDatabase) {
  const columns = Object.keys(requests) as Array<keyof typeof requests.$inferInsert>;
  const values = Object.fromEntries(columns.filter((column) => column in requests).map((column) => [column, sql.placeholder(column)]));
  return db.insert(requests).values(values as never).prepare();
}

export const ROW_DEFAULTS = {
  userId: null,
  chosenModel: null,
  provider: null,
  taskType: null,
  complexity: null,
  phase: null,
  strategy: null,
  confidence: null,
  reason: null,
  fallbacksTried: null,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costUsd: 0,
  baselineCostUsd: 0,
  savingsUsd: 0,
  latencyMs: null,
  errorKind: null,
  stream: false,
  prompt: null,
} satisfies Partial<LedgerEntry>;


/** Writes rows in one transaction through the prepared insert. */
export function writeLedgerRows(db: GatewayDatabase, insert: ReturnType<typeof prepareInsert>, rows: readonly LedgerEntry[]): void {
  db.$client.transaction(() => {
    for (const entry of rows) insert.run({ ...ROW_DEFAULTS, ...entry });
  })();
}
