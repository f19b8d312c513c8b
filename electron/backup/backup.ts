/**
 * Backups of the salon's database: online copies taken with SQLite's backup API while the app
 * keeps working, into a folder (setting `SALON_BACKUP_DIR`, default `backups/` next to the
 * database), one file per backup named with its UTC time, checked after writing, and kept by
 * the retention rule (retention.ts).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SalonDatabase } from '../core/db.js';
import { expiredIndexes } from './retention.js';

export interface BackupFile {
  path: string;
  /** When it was taken, from its name (epoch milliseconds, UTC). */
  takenAt: number;
  /** What the name says beyond the time, e.g. `before-migration-v1-to-v2`. */
  label: string | null;
}

export interface BackupResult extends BackupFile {
  bytes: number;
  /** Backups deleted afterwards by the retention rule. */
  deleted: string[];
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const PARTIAL = '.partial';
/** A `.partial` file older than this was left by a crash and is removed. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

/** The backup folder: the configured one, or `backups/` next to the database. */
export function backupDirFor(dbPath: string, configured?: string): string {
  return configured ? resolve(configured) : join(dirname(resolve(dbPath)), 'backups');
}

/** `salon.db` → `salon`: the prefix of that database's backups. */
export function backupPrefix(dbPath: string): string {
  return basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
}

/** `2026-03-02T10-15-30-123Z`: an ISO instant that is a valid file name everywhere. */
export function stampOf(ms: number): string {
  return new Date(ms).toISOString().replace(/:/g, '-').replace('.', '-');
}

const STAMP = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/;

export function backupFileName(prefix: string, ms: number, label?: string): string {
  return `${prefix}-${stampOf(ms)}${label ? `-${label}` : ''}.db`;
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The finished backups of one database in a folder, newest first. */
export function listBackups(dir: string, prefix: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  const name = new RegExp(`^${escapeRe(prefix)}-${STAMP.source}(?:-([a-z0-9-]+))?\\.db$`);
  const found: BackupFile[] = [];
  for (const entry of readdirSync(dir)) {
    const m = name.exec(entry);
    if (!m) continue;
    const takenAt = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
    if (Number.isNaN(takenAt)) continue;
    found.push({ path: join(dir, entry), takenAt, label: m[6] ?? null });
  }
  return found.sort((a, b) => b.takenAt - a.takenAt || a.path.localeCompare(b.path));
}

export function latestBackup(dir: string, prefix: string): BackupFile | null {
  return listBackups(dir, prefix)[0] ?? null;
}

/** Deletes the backups the retention rule lets go; answers their paths. */
export function pruneBackups(dir: string, prefix: string, now: number): string[] {
  const backups = listBackups(dir, prefix);
  const deleted: string[] = [];
  for (const i of expiredIndexes(backups.map((b) => b.takenAt), now)) {
    const { path } = backups[i]!;
    rmSync(path, { force: true });
    deleted.push(path);
  }
  // Leftovers of a backup interrupted by a crash.
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith(`${prefix}-`) || !entry.endsWith(PARTIAL)) continue;
    const path = join(dir, entry);
    try {
      if (now - statSync(path).mtimeMs > STALE_PARTIAL_MS) rmSync(path, { force: true });
    } catch {
      /* gone meanwhile */
    }
  }
  return deleted;
}

/**
 * Makes a written copy a self-contained file (rollback journal, no -wal beside it) and checks
 * it; throws when SQLite finds a problem. Done through the database's own connection (ATTACH),
 * so that it works with whichever native binding opened it (Node's or Electron's).
 */
function sealAndCheck(db: SalonDatabase, path: string): void {
  const alias = 'salon_backup_check';
  db.prepare(`ATTACH DATABASE ? AS ${alias}`).run(path);
  try {
    db.pragma(`${alias}.journal_mode = DELETE`);
    const result = db.pragma(`${alias}.quick_check`, { simple: true });
    if (result !== 'ok') throw new BackupError(`the backup written to ${path} failed its check: ${String(result)}`);
  } finally {
    db.exec(`DETACH DATABASE ${alias}`);
  }
}

function target(dir: string, prefix: string, now: number, label?: string): string {
  mkdirSync(dir, { recursive: true });
  let ms = now;
  // Two backups in the same millisecond get distinct names.
  while (existsSync(join(dir, backupFileName(prefix, ms, label)))) ms++;
  return join(dir, backupFileName(prefix, ms, label));
}

function finish(db: SalonDatabase, partial: string, path: string, dir: string, prefix: string, now: number, label: string | null): BackupResult {
  sealAndCheck(db, partial);
  renameSync(partial, path);
  const bytes = statSync(path).size;
  const takenAt = listBackups(dir, prefix).find((b) => b.path === path)?.takenAt ?? now;
  let deleted: string[] = [];
  try {
    deleted = pruneBackups(dir, prefix, now);
  } catch {
    // The backup is made; a folder that cannot be pruned now is pruned after the next one.
  }
  return { path, takenAt, label, bytes, deleted };
}

export interface BackupOptions {
  /** The backup folder (see backupDirFor). */
  dir: string;
  /** Epoch milliseconds the backup is named after (default: now). */
  now?: number;
  /** Appended to the name after the time. */
  label?: string;
}

/**
 * An online backup with SQLite's backup API (better-sqlite3's `db.backup`): the app keeps
 * reading and writing meanwhile, and the copy is a consistent snapshot. Written to a
 * `.partial` file, checked, then renamed, so a half-written backup never counts as one;
 * afterwards the retention rule prunes the folder.
 */
export async function createBackup(db: SalonDatabase, options: BackupOptions): Promise<BackupResult> {
  const now = options.now ?? Date.now();
  const prefix = backupPrefix(db.name);
  const path = target(options.dir, prefix, now, options.label);
  const partial = path + PARTIAL;
  try {
    await db.backup(partial);
    return finish(db, partial, path, options.dir, prefix, now, options.label ?? null);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * The same, synchronously (`VACUUM INTO`), for the moment before a migration, when the
 * database must not change until the copy exists.
 */
export function createBackupSync(db: SalonDatabase, options: BackupOptions): BackupResult {
  const now = options.now ?? Date.now();
  const prefix = backupPrefix(db.name);
  const path = target(options.dir, prefix, now, options.label);
  const partial = path + PARTIAL;
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    return finish(db, partial, path, options.dir, prefix, now, options.label ?? null);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * The `beforeMigrate` hook of openDatabase: a backup of the database as it is, before any
 * migration touches it. If the backup fails, the migration does not run (the app says why
 * and does not start) rather than upgrade a database with no way back.
 */
export function backupBeforeMigrate(dir: string, options: { now?: () => number; log?: (line: string) => void } = {}) {
  return (db: SalonDatabase, from: number, to: number): void => {
    try {
      const result = createBackupSync(db, { dir, now: options.now?.() ?? Date.now(), label: `before-migration-v${from}-to-v${to}` });
      options.log?.(`backup before upgrading the database from schema ${from} to ${to}: ${result.path}`);
    } catch (err) {
      throw new BackupError(
        `the database needs an upgrade (schema ${from} to ${to}) and a backup is taken first, but it failed: ${(err as Error).message}. ` +
          `Free some disk space or set SALON_BACKUP_DIR to a writable folder, then start again.`,
      );
    }
  };
}
