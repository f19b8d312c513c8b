/**
 * Runs a whole import (read, check, apply) on a worker thread (import-worker.ts) with a
 * connection of its own, so that none of it holds the event loop that answers webhooks: not
 * the parsing, not the writing, not the COMMIT nor the WAL checkpoint after it. Before the
 * worker takes the write lock it asks, and this thread switches to `Salon.writeAside` (its own
 * writes are refused at once and spooled) until the worker is done.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportProgress, ImportReport } from '../../contract/index.js';
import type { Salon } from '../salon.js';
import type { SalonSettings } from '../settings.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { importCsv, ImportFileError, type ImportOptions } from './import.js';

export type ThreadImportOptions = Omit<ImportOptions, 'onProgress'>;

export interface ImportThreadData {
  path: string;
  nativeBinding: string | undefined;
  settings: SalonSettings;
  now: number;
  input: Buffer;
  options: ThreadImportOptions;
}

export type ImportWorkerMessage =
  | { progress: ImportProgress }
  | { applying: true }
  | { report: ImportReport }
  | { error: { name?: string; message: string; code?: unknown; field?: unknown } };

/**
 * Run from source (tsx, tests): the worker bundled once per process, beside node_modules so that
 * its packages resolve, under the hash of its contents: every process of the same sources shares
 * one file (written whole, then renamed into place), and no file is left behind per process.
 */
let sourceBundle: Promise<string> | undefined;
function bundledFromSource(): Promise<string> {
  return (sourceBundle ??= (async () => {
    const { build } = await import('esbuild');
    const entry = fileURLToPath(new URL('./import-worker.ts', import.meta.url));
    const { outputFiles } = await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning', write: false });
    const contents = outputFiles[0]!.contents;
    const dir = fileURLToPath(new URL('../../../.cache/import-worker/', import.meta.url));
    const outfile = join(dir, `${createHash('sha256').update(contents).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(outfile)) {
      mkdirSync(dir, { recursive: true });
      const partial = `${outfile}.${process.pid}.tmp`;
      writeFileSync(partial, contents);
      renameSync(partial, outfile);
    }
    return outfile;
  })().catch((err: unknown) => {
    sourceBundle = undefined;
    throw err;
  }));
}

/** The worker: its bundle beside the server's or the app's (scripts/build-*.mjs), or bundled now when run from source. */
async function startWorker(workerData: ImportThreadData): Promise<Worker> {
  const script = import.meta.url.endsWith('.ts') ? await bundledFromSource() : new URL('./import-worker.js', import.meta.url);
  // The file moves to the worker rather than being copied (a 20 MB copy holds this thread ~80 ms), when its Buffer owns all of its memory.
  const { input } = workerData;
  const owned = input.byteOffset === 0 && input.byteLength === input.buffer.byteLength && input.buffer instanceof ArrayBuffer;
  return new Worker(script, { workerData, transferList: owned ? [input.buffer] : [] });
}

/** The error the worker reported, as the type the rest of the app answers for (a 400, 404, 409 or 500). */
function rebuild(error: { name?: string; message: string; code?: unknown; field?: unknown }): Error {
  if (error.name === 'ImportFileError') return new ImportFileError(error.message);
  if (error.name === 'InputError' && typeof error.field === 'string') return new InputError(error.field, '', error.message);
  if (error.name === 'NotFoundError' && error.message.endsWith(' not found')) return new NotFoundError(error.message.slice(0, -' not found'.length));
  if (error.name === 'ConflictError') return new ConflictError(error.message);
  return Object.assign(new Error(error.message), error.code === undefined ? {} : { code: error.code });
}

/**
 * `importCsv` on a worker thread; an in-memory database (which no other connection can open)
 * imports here. The worker takes `input` over: the caller must not read it afterwards.
 */
export async function importOnThread(salon: Salon, input: Buffer, options: ImportOptions = {}): Promise<ImportReport> {
  if (salon.db.memory) return importCsv(salon, input, options);
  const { onProgress, ...cloneable } = options;
  const worker = await startWorker({ path: salon.db.name, nativeBinding: salon.nativeBinding, settings: salon.settings(), now: salon.clock.now(), input, options: cloneable });
  return new Promise((resolve, reject) => {
    let outcome: { report: ImportReport } | { error: Error } | undefined;
    /** Ends this thread's aside mode: once the worker has gone (committed and checkpointed, or rolled back). */
    let endAside: (() => void) | undefined;
    const applyAside = () =>
      salon
        .writeAside(() => {
          worker.postMessage('go');
          return new Promise<void>((done) => (endAside = done));
        })
        .catch((err: Error) => {
          outcome = { error: err };
          void worker.terminate();
        });
    worker.on('message', (message: ImportWorkerMessage) => {
      if ('progress' in message) onProgress?.(message.progress);
      else if ('applying' in message) void applyAside();
      else if ('report' in message) outcome = { report: message.report };
      else outcome = { error: rebuild(message.error) };
    });
    worker.once('error', (err) => (outcome ??= { error: err }));
    worker.once('exit', (code) => {
      endAside?.();
      if (outcome && 'report' in outcome) resolve(outcome.report);
      else reject(outcome?.error ?? new Error(`the import's worker stopped (exit code ${code}) before it finished`));
    });
  });
}
