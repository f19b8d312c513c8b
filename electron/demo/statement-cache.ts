import type { SalonDatabase } from '../core/db.js';

/**
 * Reuses compiled statements on one connection while the demo history is written.
 *
 * The core's stores call `db.prepare(sql)` on every event, and better-sqlite3 compiles the
 * SQL each time: measured, that is about two thirds of the cost of an ingested event. The
 * statements themselves are reusable (the core never iterates one or toggles `raw`/`pluck`),
 * so answering the same SQL text with the same statement changes nothing but the time.
 * Answers the function that restores the connection's own `prepare`.
 */
export function cacheStatements(db: SalonDatabase): () => void {
  const own = db.prepare;
  const cache = new Map<string, ReturnType<SalonDatabase['prepare']>>();
  const cached = (source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = own.call(db, source);
      cache.set(source, statement);
    }
    return statement;
  };
  db.prepare = cached as SalonDatabase['prepare'];
  return () => {
    db.prepare = own;
  };
}
