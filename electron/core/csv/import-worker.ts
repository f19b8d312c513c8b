/**
 * The import's worker thread (see import-thread.ts): opens its own connection to the salon's
 * database and runs the whole import there. Before it applies the file it asks the main thread
 * (`{ applying }`) and waits for its go, so that the main thread stops waiting on the write lock
 * first. The COMMIT and the WAL checkpoint after it run here too. It posts `{ progress }`
 * messages as it goes, then `{ report }` or `{ error }`.
 */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { Salon } from '../salon.js';
import { importCsv } from './import.js';
import type { ImportThreadData, ImportWorkerMessage } from './import-thread.js';

// A Buffer arrives as a plain Uint8Array.
const { path, nativeBinding, settings, now, input: file, options } = workerData as ImportThreadData;
const port = parentPort!;
const post = (message: ImportWorkerMessage) => port.postMessage(message);
let salon: Salon | null = null;
try {
  // One instant for the whole import, and the main thread's settings (its overrides included).
  salon = new Salon(path, { ...(nativeBinding ? { nativeBinding } : {}), overrides: settings, clock: { now: () => now } });
  const input = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const report = await importCsv(salon, input, { ...options, onProgress: (progress) => post({ progress }) }, async () => {
    const go = once(port, 'message');
    post({ applying: true });
    await go;
  });
  post({ report });
} catch (err) {
  const e = err as { name?: string; message?: string; code?: unknown; field?: unknown };
  post({ error: { name: e.name, message: e.message ?? String(err), code: e.code, field: e.field } });
} finally {
  salon?.close();
}
