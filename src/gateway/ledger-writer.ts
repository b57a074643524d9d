import type { GatewayDatabase } from '../db/open-database.ts';
import { requests } from '../db/schema/requests.ts';
import type { Logger } from '../logging/logger.ts';
import type { LedgerEntry } from './services.ts';

/**
 * Writes ledger rows in batches, one transaction per batch, off the request path. One SQLite
 * commit per request cost ~0.6 ms of added latency (measured: 781 µs vs 334 µs per request with
 * the ledger off, bun src/… in-process); batching makes it a few µs. Rows wait at most
 * `flushAfterMs` (or until `maxBatch` are queued); `flush()` runs on shutdown, so a clean stop
 * loses nothing — a crash can lose the last `flushAfterMs` of rows, never a response.
 */
export class LedgerWriter {
  private queue: LedgerEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: GatewayDatabase,
    private readonly logger: Logger,
    private readonly flushAfterMs = 50,
    private readonly maxBatch = 500,
  ) {}

  record(entry: LedgerEntry): void {
    this.queue.push(entry);
    if (this.queue.length >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushAfterMs);
  }

  /** Writes everything queued now. Safe to call at any time. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    try {
      this.db.transaction((tx) => {
        for (let i = 0; i < batch.length; i += 100) tx.insert(requests).values(batch.slice(i, i + 100)).run();
      });
    } catch (error) {
      this.logger.error('ledger write failed', { rows: batch.length, error: (error as Error).message });
    }
  }

  get pending(): number {
    return this.queue.length;
  }
}
