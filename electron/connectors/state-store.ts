/**
 * What a connector keeps in the database (table `connector_state`): its cursor in the
 * provider's call log (provider-specific JSON), how many calls it brought in, and when it last
 * synced and last saw a call.
 */
import { cached, type SalonDatabase } from '../core/db.js';
import type { ConnectorId } from '../contract/index.js';
import type { Delivery } from './sink.js';

export interface SavedConnectorState<C> {
  cursor: C | null;
  callsImported: number;
  lastSyncAt: number | null;
  lastEventAt: number | null;
}

interface Row {
  cursor: string | null;
  calls_imported: number;
  last_sync_at: number | null;
  last_event_at: number | null;
}

/** What could not be written yet, while an import holds the database's write lock. */
interface Unsaved {
  cursor?: string;
  imported: number;
  lastEventAt: number | null;
  lastSyncAt: number | null;
}

/** Per database and connector, shared by every store over them (the hub makes one per use). */
const unsavedBy = new WeakMap<SalonDatabase, Map<ConnectorId, Unsaved>>();

/** The database is held by another connection (an import being applied): the write may wait, the events are safe already. */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

const later = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export class ConnectorStateStore<C> {
  constructor(
    private readonly db: SalonDatabase,
    readonly id: ConnectorId,
  ) {}

  private get unsaved(): Map<ConnectorId, Unsaved> {
    let map = unsavedBy.get(this.db);
    if (!map) unsavedBy.set(this.db, (map = new Map()));
    return map;
  }

  /** What is saved, with what waits to be (so a pass during an import goes on from its own cursor, and the counts show it). */
  read(): SavedConnectorState<C> {
    const row = cached(this.db, 'SELECT cursor, calls_imported, last_sync_at, last_event_at FROM connector_state WHERE id = ?').get(this.id) as Row | undefined;
    const waiting = this.unsaved.get(this.id);
    const cursor = waiting?.cursor ?? row?.cursor ?? null;
    return {
      cursor: cursor ? (JSON.parse(cursor) as C) : null,
      callsImported: (row?.calls_imported ?? 0) + (waiting?.imported ?? 0),
      lastSyncAt: waiting?.lastSyncAt ?? row?.last_sync_at ?? null,
      lastEventAt: later(row?.last_event_at ?? null, waiting?.lastEventAt ?? null),
    };
  }

  /** Saves the cursor after what it covers is stored (or spooled), and counts what was delivered. */
  advance(cursor: C, delivery: Delivery): void {
    this.write({ cursor: JSON.stringify(cursor), imported: delivery.imported, lastEventAt: delivery.lastEventAt, lastSyncAt: null });
  }

  /** Counts the calls new to the salon, and keeps the latest call time seen. */
  count({ imported, lastEventAt }: Delivery): void {
    this.write({ imported, lastEventAt, lastSyncAt: null });
  }

  synced(at: number): void {
    this.write({ imported: 0, lastEventAt: null, lastSyncAt: at });
  }

  /**
   * Writes the change with whatever waits before it. While an import holds the database
   * (SQLITE_BUSY: the events themselves went to the spool), it waits in memory for the next
   * write instead of failing the connector's pass; lost only if the app stops first, when the
   * saved cursor reads those calls again (harmless repeats).
   */
  private write(change: Unsaved): void {
    const before = this.unsaved.get(this.id);
    const all: Unsaved = before
      ? {
          ...(change.cursor !== undefined || before.cursor !== undefined ? { cursor: change.cursor ?? before.cursor } : {}),
          imported: before.imported + change.imported,
          lastEventAt: later(before.lastEventAt, change.lastEventAt),
          lastSyncAt: change.lastSyncAt ?? before.lastSyncAt,
        }
      : change;
    try {
      this.db.transaction(() => {
        if (all.cursor !== undefined) {
          cached(this.db, `INSERT INTO connector_state (id, cursor) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET cursor = excluded.cursor`).run(this.id, all.cursor);
        }
        if (all.imported !== 0 || all.lastEventAt !== null) {
          cached(this.db,
              `INSERT INTO connector_state (id, calls_imported, last_event_at) VALUES (@id, @imported, @lastEventAt)
               ON CONFLICT(id) DO UPDATE SET calls_imported = connector_state.calls_imported + @imported,
                 last_event_at = coalesce(max(connector_state.last_event_at, excluded.last_event_at), connector_state.last_event_at, excluded.last_event_at)`,
            )
            .run({ id: this.id, imported: all.imported, lastEventAt: all.lastEventAt });
        }
        if (all.lastSyncAt !== null) {
          cached(this.db, `INSERT INTO connector_state (id, last_sync_at) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET last_sync_at = excluded.last_sync_at`).run(this.id, all.lastSyncAt);
        }
      })();
      this.unsaved.delete(this.id);
    } catch (err) {
      if (!isBusy(err)) throw err;
      this.unsaved.set(this.id, all);
    }
  }

  /** New credentials may be another account: its history starts afresh. */
  reset(): void {
    this.unsaved.delete(this.id);
    cached(this.db, 'DELETE FROM connector_state WHERE id = ?').run(this.id);
  }
}
