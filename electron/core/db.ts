import Database from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations.js';

export type SalonDatabase = Database.Database;

const statementCaches = new WeakMap<SalonDatabase, Map<string, Database.Statement>>();

/**
 * The compiled statement for `sql` on this connection: compiled on first use, then reused.
 * Compiling is most of the cost of a small query (measured: about two thirds of an ingested
 * event when every call compiled its SQL), so the hot paths take their statements from here.
 * A cached statement is shared: never toggle `pluck`, `raw` or `expand` on one, and never
 * `iterate` one (a statement that is iterating cannot run again until it is done).
 */
export function cached(db: SalonDatabase, sql: string): Database.Statement {
  let cache = statementCaches.get(db);
  if (!cache) {
    cache = new Map();
    statementCaches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

export class DatabaseTooNewError extends Error {
  constructor(found: number, known: number) {
    super(`the database is at schema version ${found}, newer than this app knows (${known}); update the app`);
  }
}

export interface OpenOptions {
  /** Path to better-sqlite3's native binding; the Electron build passes its own. */
  nativeBinding?: string;
  readonly?: boolean;
  /** Called before pending migrations run on an existing database (a backup hook). */
  beforeMigrate?: (db: SalonDatabase, from: number, to: number) => void;
  migrations?: readonly Migration[];
}

export function openDatabase(path: string, options: OpenOptions = {}): SalonDatabase {
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  db.pragma('journal_mode = WAL');
  // FULL: an acknowledged event survives a power cut, not only a killed process.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Statement and savepoint journals (a group commit's savepoint per event, a batch's statements)
  // in memory: in a temporary file each costs system calls per page; webhook ingest +10–18%.
  db.pragma('temp_store = MEMORY');
  if (!options.readonly) migrate(db, options.migrations ?? allMigrations, options.beforeMigrate);
  return db;
}

export function schemaVersion(db: SalonDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(
  db: SalonDatabase,
  list: readonly Migration[],
  beforeMigrate: OpenOptions['beforeMigrate'],
): void {
  const current = schemaVersion(db);
  const latest = list.length === 0 ? 0 : list[list.length - 1]!.version;
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return;
  if (current > 0) beforeMigrate?.(db, current, latest);
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}
