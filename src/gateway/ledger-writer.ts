import type { GatewayDatabase } from '../db/open-database.ts';
import type { Logger } from '../logging/logger.ts';
import { prepareInsert, writeLedgerRows } from './ledger-insert.ts';
import type { LedgerEntry } from './services.ts';

/**
 * Where the worker's code is. From source: beside this file. In the compiled binary it is a second
 * entry point of the build (src/build.ts), embedded under the entry points' common root, `src/`.
 */
function workerEntry(): string {
  if (Bun.main.startsWith('/$bunfs/')) return './gateway/ledger-worker.ts';
  return new URL('./ledger-worker.ts', import.meta.url).href;
}

/**
 * Writes ledger rows in batches, off the request path. Rows queue and leave every `flushAfterMs`
 * (or at `maxBatch`) for a Worker thread that owns its own SQLite connection: a batched write on
 * the event loop still stalled it 1–15 ms per WAL commit or checkpoint and set the p99 of every
 * request caught behind it (bench/reports/ledger-stalls.md: p99 5.5–9 ms on the loop, 2.6–3.2 ms
 * off it). Without a file (':memory:') or if the Worker cannot start, rows are written on the
 * loop instead. `flush()` resolves once everything queued is in the database; `close()` flushes,
 * so a clean stop loses nothing — a crash can lose the last `flushAfterMs` of rows, never a
 * response.
 */
export class LedgerWriter {
  private queue: LedgerEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private worker: Worker | undefined;
  private nextAck = 1;
  private readonly waiting = new Map<number, () => void>();
  private insert: ReturnType<typeof prepareInsert> | undefined;

  constructor(
    private readonly db: GatewayDatabase,
    private readonly logger: Logger,
    options: { dbPath?: string; flushAfterMs?: number; maxBatch?: number } = {},
  ) {
    this.flushAfterMs = options.flushAfterMs ?? 50;
    this.maxBatch = options.maxBatch ?? 500;
    if (options.dbPath && options.dbPath !== ':memory:') this.startWorker(options.dbPath);
  }

  private readonly flushAfterMs: number;
  private readonly maxBatch: number;

  private startWorker(dbPath: string): void {
    try {
      const worker = new Worker(workerEntry());
      worker.onmessage = (event: MessageEvent<{ type: 'ack'; ack: number; error?: string; rows: number }>) => {
        const { ack, error, rows } = event.data;
        if (error) this.logger.error('ledger write failed', { rows, error });
        this.waiting.get(ack)?.();
        this.waiting.delete(ack);
      };
      worker.onerror = (event) => {
        this.logger.error('ledger worker failed; writing on the main thread', { error: event.message });
        this.worker = undefined;
        for (const resolve of this.waiting.values()) resolve();
        this.waiting.clear();
      };
      worker.postMessage({ type: 'open', dbPath });
      // The worker must not keep a stopping process alive; close() drains it first.
      worker.unref();
      this.worker = worker;
    } catch (error) {
      this.logger.warn('ledger worker unavailable; writing on the main thread', { error: (error as Error).message });
    }
  }

  record(entry: LedgerEntry): void {
    this.queue.push(entry);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushAfterMs);
  }

  /** Sends everything queued now; resolves when it is in the database. Never rejects. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (this.worker) {
      const ack = this.nextAck++;
      const done = new Promise<void>((resolve) => this.waiting.set(ack, resolve));
      this.worker.postMessage({ type: 'rows', rows: batch, ack });
      return done;
    }
    if (batch.length) this.writeHere(batch);
    return Promise.resolve();
  }

  private writeHere(batch: LedgerEntry[]): void {
    try {
      this.insert ??= prepareInsert(this.db);
      writeLedgerRows(this.db, this.insert, batch);
    } catch (error) {
      this.logger.error('ledger write failed', { rows: batch.length, error: (error as Error).message });
    }
  }

  /** Flushes, then stops the writer thread. */
  async close(): Promise<void> {
    // The worker is unref'd so it never keeps a process alive; while draining it must, or a
    // stopping process whose server is already closed would exit before the last rows land.
    this.worker?.ref();
    await this.flush();
    this.worker?.terminate();
    this.worker = undefined;
  }

  get pending(): number {
    return this.queue.length;
  }
}
