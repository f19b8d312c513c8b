import type { SalonDatabase } from './db.js';
import { toIso } from './time.js';
import type { CallbackEntry } from '../contract/index.js';

const WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Missed callers of the last 30 days still waiting: not called back, not answered on a later
 * call, and not booked since they were missed. Most missed attempts first.
 */
export function callbackList(db: SalonDatabase, now: number): CallbackEntry[] {
  const rows = db
    .prepare(
      `SELECT m.from_phone AS phone, m.customer_id, cu.name AS customer_name, count(*) AS missed_calls,
         min(m.started_at) AS first_missed, max(m.started_at) AS last_missed,
         (SELECT call_sid FROM calls l WHERE l.from_phone = m.from_phone AND l.outcome = 'missed' ORDER BY l.started_at DESC LIMIT 1) AS last_call_sid
       FROM calls m LEFT JOIN customers cu ON cu.id = m.customer_id
       WHERE m.outcome = 'missed' AND m.direction = 'inbound' AND m.is_test = 0 AND m.from_phone IS NOT NULL
         AND m.called_back_at IS NULL AND m.started_at >= @since
         AND NOT EXISTS (SELECT 1 FROM calls a WHERE a.from_phone = m.from_phone AND a.outcome = 'answered' AND a.started_at > m.started_at)
         AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.customer_id = m.customer_id AND b.booked_at > m.started_at AND b.is_test = 0)
       GROUP BY m.from_phone
       ORDER BY missed_calls DESC, last_missed DESC
       LIMIT 50`,
    )
    .all({ since: now - WINDOW_MS }) as {
    phone: string;
    customer_id: number | null;
    customer_name: string | null;
    missed_calls: number;
    first_missed: number;
    last_missed: number;
    last_call_sid: string;
  }[];
  return rows.map((r) => ({
    phone: r.phone,
    customer_id: r.customer_id,
    customer_name: r.customer_name,
    missed_calls: r.missed_calls,
    first_missed_at: toIso(r.first_missed),
    last_missed_at: toIso(r.last_missed),
    last_call_sid: r.last_call_sid,
  }));
}
