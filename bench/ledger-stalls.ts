/**
 * Historical: this measured the ledger written on the event loop, which led to the Worker writer
 * (src/gateway/ledger-writer.ts); its variants patch the old synchronous flush.
 *
 * `bun bench/ledger-stalls.ts [rounds]`: does the ledger's batched SQLite write stall the event
 * loop enough to set the gateway's p99? The gateway runs in this process (so its LedgerWriter can
 * be swapped), the simulator and wrk in their own; one connection of small passthrough requests,
 * 6 s per run, variants interleaved:
 *  - `shipped`: LedgerWriter as it is in src/ (batched insert in a transaction, on the event loop);
 *  - `prepared`: the same rows through one prepared bun:sqlite statement in a transaction;
 *  - `off`: rows dropped — what any off-loop writer (a Worker with its own connection) would give.
 * Reports wrk's latency, the flush durations and the event-loop stalls seen by a 1 ms timer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { startGateway } from '../src/cli/serve-command.ts';
import { requests } from '../src/db/schema/requests.ts';
import { LedgerWriter } from '../src/gateway/ledger-writer.ts';
import { loadSmallOpenAIRequest } from './lib/scenarios.ts';
import { createBenchKeys, gatewayEnvironment, startSimulatorProcess } from './lib/stack.ts';
import { ensureWrk } from './lib/wrk.ts';

type Variant = 'shipped' | 'prepared' | 'off';
type Queue = { queue: Record<string, unknown>[]; timer?: ReturnType<typeof setTimeout>; db: { $client: import('bun:sqlite').Database } };

const rounds = Number(Bun.argv[2] ?? 2);
const wrk = ensureWrk(console.log);
if (!wrk) throw new Error('needs wrk');
const work = mkdtempSync(join(tmpdir(), 'coderouter-ledger-'));
const dbPath = join(work, 'gateway.db');
const keysFile = join(work, 'keys.txt');
createBenchKeys(dbPath, 300, keysFile);
const bodyFile = join(work, 'body.json');
writeFileSync(bodyFile, JSON.stringify({ ...loadSmallOpenAIRequest().body, model: 'deepseek-chat' }));

const shipped = LedgerWriter.prototype.flush;
const columns = getTableConfig(requests).columns;
const fieldOf = columns.map((column) => Object.entries(requests).find(([, value]) => value === column)![0]);
const preparedInserts = new WeakMap<object, (rows: Record<string, unknown>[]) => void>();
function preparedFlush(this: Queue) {
  if (this.timer) clearTimeout(this.timer);
  this.timer = undefined;
  const batch = this.queue;
  this.queue = [];
  if (!batch.length) return;
  let insertAll = preparedInserts.get(this.db);
  if (!insertAll) {
    const statement = this.db.$client.prepare(`INSERT INTO requests (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    insertAll = this.db.$client.transaction((rows: Record<string, unknown>[]) => {
      for (const row of rows) statement.run(...(columns.map((column, index) => (row[fieldOf[index]!] == null ? (column.notNull ? column.default : null) : column.mapToDriverValue(row[fieldOf[index]!]))) as never[]));
    }) as (rows: Record<string, unknown>[]) => void;
    preparedInserts.set(this.db, insertAll);
  }
  insertAll(batch);
}
function dropFlush(this: Queue) {
  if (this.timer) clearTimeout(this.timer);
  this.timer = undefined;
  this.queue = [];
}

async function measure(variant: Variant) {
  const flushes: number[] = [];
  const body = variant === 'shipped' ? shipped : variant === 'prepared' ? preparedFlush : dropFlush;
  LedgerWriter.prototype.flush = function (this: LedgerWriter) {
    const started = performance.now();
    body.call(this as never);
    flushes.push(performance.now() - started);
    return Promise.resolve();
  };
  const simulator = await startSimulatorProcess(work, 0);
  const gateway = await startGateway(['--port', '0', '--db', dbPath], gatewayEnvironment(simulator.url, dbPath));
  const stalls: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last - 1 > 1) stalls.push(now - last - 1);
    last = now;
  }, 1);
  // wrk runs from a child Bun so this event loop stays free to serve.
  const script = `const { runWrk } = await import(${JSON.stringify(join(import.meta.dir, 'lib/wrk.ts'))}); const { summarize } = await import(${JSON.stringify(join(import.meta.dir, 'lib/stats.ts'))});
const r = runWrk(${JSON.stringify(wrk)}, { url: ${JSON.stringify(`${gateway.url}/v1/chat/completions`)}, headers: { 'content-type': 'application/json' }, bodyFile: ${JSON.stringify(bodyFile)}, keysFile: ${JSON.stringify(keysFile)}, keyHeader: 'authorization', keyPrefix: 'Bearer ' }, 1, 6, ${JSON.stringify(work)});
console.log(JSON.stringify(summarize(r)));`;
  const child = Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe' });
  const latency = JSON.parse((await new Response(child.stdout).text()).trim()) as { requests: number; p50Us: number; p99Us: number; p999Us: number };
  clearInterval(timer);
  await gateway.stop();
  await simulator.stop();
  const sorted = [...flushes].sort((a, b) => a - b);
  return {
    variant,
    ...latency,
    flushP50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
    flushMaxMs: sorted.at(-1) ?? 0,
    flushesOver5Ms: sorted.filter((ms) => ms > 5).length,
    stallsOver3Ms: stalls.filter((ms) => ms > 3).length,
    stalledMs: stalls.filter((ms) => ms > 3).reduce((total, ms) => total + ms, 0),
  };
}

const results = [];
for (let round = 0; round < rounds; round++) for (const variant of ['shipped', 'prepared', 'off'] as const) results.push(await measure(variant));
console.log('| variant | requests | p50 ms | p99 ms | p99.9 ms | flush p50 ms | flush max ms | flushes > 5 ms | loop stalls > 3 ms | stalled ms |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.variant} | ${r.requests} | ${(r.p50Us / 1000).toFixed(2)} | ${(r.p99Us / 1000).toFixed(2)} | ${(r.p999Us / 1000).toFixed(2)} | ${r.flushP50Ms.toFixed(2)} | ${r.flushMaxMs.toFixed(1)} | ${r.flushesOver5Ms} | ${r.stallsOver3Ms} | ${r.stalledMs.toFixed(0)} |`);
}
process.exit(0);
