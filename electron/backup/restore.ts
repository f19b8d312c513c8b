/**
 * Restoring a backup: the backup is copied next to the database and checked there (SQLite's
 * full integrity check, and that it is a salon database this version can open); only then is
 * the current database moved aside, with its -wal and -shm, as
 * `<name>.before-restore-<time>.db`, and the checked copy renamed into its place. A bad
 * backup changes nothing.
 */
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from '../core/migrations.js';
import { backupPrefix, stampOf } from './backup.js';

export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

const SALON_TABLES = ['customers', 'calls', 'appointments', 'events'];
const SIDECARS = ['-wal', '-shm', '-journal'];

/** Which better-sqlite3 build opens the files: the Electron app passes its own (Electron's ABI). */
export interface RestoreOptions {
  nativeBinding?: string;
}

/** Checks a database file; throws a RestoreError saying what is wrong with it. */
export function checkBackupFile(path: string, options: RestoreOptions = {}): { schemaVersion: number } {
  if (!existsSync(path)) throw new RestoreError(`no such file: ${path}`);
  if (!statSync(path).isFile()) throw new RestoreError(`${path} is not a file`);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    let rows: { integrity_check: string }[];
    try {
      rows = db.pragma('integrity_check') as { integrity_check: string }[];
    } catch (err) {
      // SQLite gives up on some damage before it can list it: that is a failed check too.
      if ((err as { code?: string }).code !== 'SQLITE_CORRUPT') throw err;
      rows = [{ integrity_check: (err as Error).message }];
    }
    const problems = rows
      .flatMap((r) => r.integrity_check.split('\n'))
      .filter((r) => r !== 'ok' && !/^\*\*\* in database/.test(r));
    if (problems.length) {
      throw new RestoreError(`${path} failed SQLite's integrity check (${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}); it was not restored`);
    }
    // A self-contained copy: no -wal file is made or needed beside it.
    db.pragma('journal_mode = DELETE');
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name));
    const missing = SALON_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new RestoreError(`${path} is not a salon database (no ${missing.join(', ')} table); it was not restored`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const known = migrations[migrations.length - 1]?.version ?? 0;
    if (version > known) throw new RestoreError(`${path} was made by a newer version of the app (schema ${version}, this one knows ${known}); update the app first`);
    return { schemaVersion: version };
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`${path} is not a readable SQLite database (${(err as Error).message}); it was not restored`);
  } finally {
    db?.close();
  }
}

export interface RestoreResult {
  restoredFrom: string;
  dbPath: string;
  /** Where the database that was replaced now is (null when there was none). */
  setAside: string | null;
  schemaVersion: number;
}

/**
 * Puts a backup in place of the database at `dbPath`. The caller makes sure nothing has the
 * database open (the CLI refuses while the server answers on its port).
 */
export function restoreBackup(file: string, dbPath: string, now: number = Date.now(), options: RestoreOptions = {}): RestoreResult {
  const source = resolve(file);
  const target = resolve(dbPath);
  if (source === target) throw new RestoreError('the backup to restore is the database itself');
  if (!existsSync(source)) throw new RestoreError(`no such file: ${source}`);
  // Checked as a copy beside the database, so that the last step is a rename on one disk, and
  // what is checked is exactly what goes in.
  const incoming = join(dirname(target), `.${basename(target)}.restoring-${stampOf(now)}`);
  let schemaVersion: number;
  try {
    copyFileSync(source, incoming);
    // A copy of a database in WAL mode may hold its latest changes in its -wal file.
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${incoming}-wal`);
    ({ schemaVersion } = checkBackupFile(incoming, options));
  } catch (err) {
    for (const suffix of ['', ...SIDECARS]) rmSync(incoming + suffix, { force: true });
    if (err instanceof RestoreError) throw new RestoreError(err.message.split(incoming).join(source));
    throw err;
  }
  let setAside: string | null = null;
  if (existsSync(target)) {
    setAside = join(dirname(target), `${backupPrefix(target)}.before-restore-${stampOf(now)}.db`);
    renameSync(target, setAside);
    for (const suffix of SIDECARS) if (existsSync(target + suffix)) renameSync(target + suffix, setAside + suffix);
  }
  renameSync(incoming, target);
  for (const suffix of SIDECARS) rmSync(incoming + suffix, { force: true });
  return { restoredFrom: source, dbPath: target, setAside, schemaVersion };
}

/** Whether something accepts connections on host:port (the salon server, most likely). */
export function somethingListens(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  const address = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
  return new Promise((done) => {
    const socket = connect({ host: address, port });
    const finish = (answer: boolean) => {
      socket.destroy();
      done(answer);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
