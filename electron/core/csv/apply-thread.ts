/**
 * Runs an import's apply step on a worker thread (apply-worker.ts), which owns a connection
 * and the one transaction the whole file goes in, so that neither the writing nor the COMMIT
 * nor the WAL checkpoint after it holds the event loop. The salon's own connection meanwhile
 * reads what was committed before, and its writes are spooled (see `Salon.writeAside`).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Salon } from '../salon.js';
import type { SalonSettings } from '../settings.js';
import { InputError, NotFoundError } from '../errors.js';
import type { ApplyJob } from './apply.js';

export interface ApplyThreadData {
  path: string;
  nativeBinding: string | undefined;
  overrides: SalonSettings;
  now: number;
  job: ApplyJob;
}

type WorkerMessage = { progress: number } | { done: true } | { error: { name?: string; message: string; code?: unknown; field?: unknown } };

/**
 * The worker: its bundle beside the server's or the app's, or, run from source (tsx, tests), its
 * TypeScript behind tsx's loader, registered in the worker (tsx's `--import` hook skips workers).
 */
function startWorker(workerData: ApplyThreadData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./apply-worker.js', import.meta.url), { workerData });
  // tsx's ESM API (the resolver here answers its CommonJS twin, beside it).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = new URL('./apply-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, { eval: true, workerData });
}

/** The error the worker reported, as the type the rest of the app answers for (a 400, 404, 503 or 500). */
function rebuild(error: { name?: string; message: string; code?: unknown; field?: unknown }): Error {
  if (error.name === 'InputError' && typeof error.field === 'string') return new InputError(error.field, error.message.slice(error.field.length + 2));
  if (error.name === 'NotFoundError' && error.message.endsWith(' not found')) return new NotFoundError(error.message.slice(0, -' not found'.length));
  return Object.assign(new Error(error.message), error.code === undefined ? {} : { code: error.code });
}

/** Applies the job in one transaction on a worker; resolves once it is committed (and checkpointed), rejects when it was rolled back. */
export function applyOnThread(salon: Salon, job: ApplyJob, progress: (done: number) => void): Promise<void> {
  const workerData: ApplyThreadData = { path: salon.db.name, nativeBinding: salon.nativeBinding, overrides: salon.settings(), now: salon.clock.now(), job };
  return new Promise((resolve, reject) => {
    const worker = startWorker(workerData);
    let outcome: Error | null | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if ('progress' in message) progress(message.progress);
      else if ('done' in message) outcome = null;
      else outcome = rebuild(message.error);
    });
    worker.once('error', (err) => (outcome ??= err));
    worker.once('exit', (code) => {
      if (outcome === null) resolve();
      else reject(outcome ?? new Error(`the import's worker stopped (exit code ${code}) before it finished`));
    });
  });
}
