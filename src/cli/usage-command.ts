import { sql } from 'drizzle-orm';
import { resolve } from 'node:path';
import { openDatabase } from '../db/index.ts';
import { requests } from '../db/schema/requests.ts';
import { parseFlags } from './parse-flags.ts';

const GROUPS = {
  day: sql<string>`strftime('%Y-%m-%d', ${requests.createdAt} / 1000, 'unixepoch')`,
  model: sql<string>`coalesce(${requests.chosenModel}, '(none)')`,
  task: sql<string>`coalesce(${requests.taskType}, '(none)')`,
  key: requests.keyId,
} as const;

/** Totals from the request ledger grouped by one dimension. */
export function summariseUsage(dbPath: string, by: keyof typeof GROUPS, sinceMs = 0) {
  const { db, close } = openDatabase(dbPath);
  try {
    const group = GROUPS[by];
    return db
      .select({
        group,
        requests: sql<number>`count(*)`,
        errors: sql<number>`sum(case when ${requests.status} >= 400 then 1 else 0 end)`,
        inputTokens: sql<number>`sum(${requests.inputTokens} + ${requests.cacheReadTokens} + ${requests.cacheWriteTokens})`,
        outputTokens: sql<number>`sum(${requests.outputTokens})`,
        costUsd: sql<number>`sum(${requests.costUsd})`,
        baselineCostUsd: sql<number>`sum(${requests.baselineCostUsd})`,
      })
      .from(requests)
      .where(sql`${requests.createdAt} >= ${sinceMs}`)
      .groupBy(group)
      .orderBy(group)
      .all();
  } finally {
    close();
  }
}

/** `coderouter usage [--db FILE] [--by day|model|task|key] [--days N] [--json]`. */
export async function runUsageCommand(argv: string[]): Promise<void> {
  const { values } = parseFlags(argv, { db: { type: 'string' }, by: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } });
  const by = (values.by ?? 'day') as keyof typeof GROUPS;
  if (!(by in GROUPS)) {
    console.error(`coderouter usage: --by must be one of ${Object.keys(GROUPS).join(', ')}`);
    process.exit(2);
  }
  const dbPath = values.db ?? process.env.CODEROUTER_DB ?? resolve('coderouter.db');
  const since = values.days ? Date.now() - Number(values.days) * 86_400_000 : 0;
  const rows = summariseUsage(dbPath, by, since);
  if (values.json) return void console.log(JSON.stringify(rows, null, 2));
  const header = [by, 'requests', 'errors', 'input tok', 'output tok', 'cost $', 'if Opus $', 'saved'];
  const lines = rows.map((r) => [
    String(r.group),
    String(r.requests),
    String(r.errors),
    String(r.inputTokens ?? 0),
    String(r.outputTokens ?? 0),
    (r.costUsd ?? 0).toFixed(6),
    (r.baselineCostUsd ?? 0).toFixed(6),
    r.baselineCostUsd ? `${(((r.baselineCostUsd - r.costUsd) / r.baselineCostUsd) * 100).toFixed(1)}%` : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  if (lines.length === 0) console.log('(no requests recorded yet)');
}
