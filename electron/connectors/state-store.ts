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

export class ConnectorStateStore<C> {
  constructor(
    private readonly db: SalonDatabase,
    readonly id: ConnectorId,
  ) {}

  read(): SavedConnectorState<C> {
    const row = cached(this.db, 'SELECT cursor, calls_imported, last_sync_at, last_event_at FROM connector_state WHERE id = ?').get(this.id) as Row | undefined;
    return {
      cursor: row?.cursor ? (JSON.parse(row.cursor) as C) : null,
      callsImported: row?.calls_imported ?? 0,
      lastSyncAt: row?.last_sync_at ?? null,
      lastEventAt: row?.last_event_at ?? null,
    };
  }

  /** Saves the cursor after what it covers is stored, and counts what was delivered. */
  advance(cursor: C, delivery: Delivery): void {
    cached(this.db, `INSERT INTO connector_state (id, cursor) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET cursor = excluded.cursor`).run(this.id, JSON.stringify(cursor));
    this.count(delivery);
  }

  /** Counts the calls new to the salon, and keeps the latest call time seen. */
  count({ imported, lastEventAt }: Delivery): void {
    cached(this.db,
        `INSERT INTO connector_state (id, calls_imported, last_event_at) VALUES (@id, @imported, @lastEventAt)
         ON CONFLICT(id) DO UPDATE SET calls_imported = connector_state.calls_imported + @imported,
           last_event_at = coalesce(max(connector_state.last_event_at, excluded.last_event_at), connector_state.last_event_at, excluded.last_event_at)`,
      )
      .run({ id: this.id, imported, lastEventAt });
  }

  synced(at: number): void {
    cached(this.db, `INSERT INTO connector_state (id, last_sync_at) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET last_sync_at = excluded.last_sync_at`).run(this.id, at);
  }

  /** New credentials may be another account: its history starts afresh. */
  reset(): void {
    cached(this.db, 'DELETE FROM connector_state WHERE id = ?').run(this.id);
  }
}
