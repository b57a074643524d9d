/**
 * The ledger's writer thread: its own SQLite connection, so WAL commits and checkpoints (1–15 ms,
 * bench/reports/ledger-stalls.md) never stall the event loop that serves requests.
 * Messages: { type: 'open', dbPath } then { type: 'rows', rows, ack? }; answers { type: 'ack', ack, error? }.
 */
import { openDatabase, type OpenedDatabase } from '../db/open-database.ts';
import { prepareInsert, writeLedgerRows } from './ledger-insert.ts';
import type { LedgerEntry } from './services.ts';

declare const self: Worker;

type LedgerMessage = { type: 'open'; dbPath: string } | { type: 'rows'; rows: LedgerEntry[]; ack?: number } | { type: 'close'; ack: number };

let opened: OpenedDatabase | undefined;
let insert: ReturnType<typeof prepareInsert> | undefined;

self.onmessage = (event: MessageEvent<LedgerMessage>) => {
  const message = event.data;
  let error: string | undefined;
  try {
    if (message.type === 'open') {
      opened = openDatabase(message.dbPath);
      insert = prepareInsert(opened.db);
    } else if (message.type === 'rows') {
      if (message.rows.length) writeLedgerRows(opened!.db, insert!, message.rows);
    } else {
      opened?.close();
      opened = undefined;
    }
  } catch (caught) {
    error = (caught as Error).message;
  }
  if (message.type === 'open' || error !== undefined || ('ack' in message && message.ack !== undefined)) {
    postMessage({ type: 'ack', ack: 'ack' in message ? message.ack : 0, error, rows: message.type === 'rows' ? message.rows.length : 0 });
  }
};
