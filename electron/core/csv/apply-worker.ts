/**
 * The import's worker thread: opens its own connection, applies the job in one transaction,
 * commits, then checkpoints the WAL, all away from the event loop that answers webhooks (a
 * 20 MB file's COMMIT alone holds its thread 150–400 ms, its checkpoint as long again). It
 * answers `{ progress }` messages as it goes, then `{ done }` or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Salon } from '../salon.js';
import { applyImport } from './apply.js';
import type { ApplyThreadData } from './apply-thread.js';

const { path, nativeBinding, overrides, now, job } = workerData as ApplyThreadData;
const port = parentPort!;
let salon: Salon | null = null;
try {
  // One instant for the whole import: its events were received when it was applied.
  salon = new Salon(path, { ...(nativeBinding ? { nativeBinding } : {}), overrides, clock: { now: () => now } });
  const db = salon.db;
  db.pragma('wal_autocheckpoint = 0');
  db.exec('BEGIN IMMEDIATE');
  try {
    applyImport(salon, job, (done) => port.postMessage({ progress: done }));
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  port.postMessage({ done: true });
  // The event loop's connection checkpoints no more than a few MB at a time once this is done.
  db.pragma('wal_checkpoint(PASSIVE)');
} catch (err) {
  const e = err as { name?: string; message?: string; code?: unknown; field?: unknown };
  port.postMessage({ error: { name: e.name, message: e.message ?? String(err), code: e.code, field: e.field } });
} finally {
  salon?.close();
}
