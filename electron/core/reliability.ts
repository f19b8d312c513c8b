/**
 * Per-customer reliability: no-shows and late cancellations over the last year, and whether
 * the desk should ask for a deposit when booking them (past the salon's `deposit_threshold`).
 */
import { cached, type SalonDatabase } from './db.js';
import { importedVisits, type ImportedRecord } from './visits.js';
import { toIso } from './time.js';
import type { Reliability } from '../contract/index.js';

const HOUR_MS = 60 * 60 * 1000;
export const RELIABILITY_WINDOW_MS = 365 * 24 * HOUR_MS;
/** A cancellation made less than this before the start is late. */
export const LATE_CANCELLATION_MS = 24 * HOUR_MS;

interface Counts {
  no_shows: number;
  late_cancellations: number;
  visits: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 no-shows and 1 late cancellation in the last year: consider asking for a deposit". */
export function reliabilityWarning(c: Pick<Counts, 'no_shows' | 'late_cancellations'>): string {
  const parts = [
    c.no_shows > 0 ? plural(c.no_shows, 'no-show') : null,
    c.late_cancellations > 0 ? plural(c.late_cancellations, 'late cancellation') : null,
  ].filter((p): p is string => p !== null);
  return `${parts.join(' and ')} in the last year: consider asking for a deposit`;
}

/** Reliability from counts already known (the threshold is the salon setting; 0 never flags). */
export function reliabilityOf(counts: Counts, threshold: number, now: number): Reliability {
  const incidents = counts.no_shows + counts.late_cancellations;
  const flagged = threshold > 0 && incidents >= threshold;
  return {
    no_shows: counts.no_shows,
    late_cancellations: counts.late_cancellations,
    visits: counts.visits,
    incidents,
    deposit_threshold: threshold,
    flagged,
    suggest_deposit: flagged,
    warning: flagged ? reliabilityWarning(counts) : null,
    since: toIso(now - RELIABILITY_WINDOW_MS),
  };
}

/**
 * One customer's reliability at `now`. A no-show counts when its appointment started in the
 * 365 days up to now; a late cancellation when the cancellation (its `status_at`) came in
 * that window and less than 24 hours before the start (a cancellation after the start is late
 * too). Completed visits in the same window are given for scale. Test bookings never count.
 */
export function customerReliability(db: SalonDatabase, customerId: number, now: number, threshold: number): Reliability {
  const counts = db
    .prepare(
      `SELECT
         total(status = 'no_show' AND start_at > @since AND start_at <= @now) AS no_shows,
         total(status = 'cancelled' AND status_at IS NOT NULL AND status_at > @since AND status_at <= @now
               AND start_at - status_at < @late) AS late_cancellations,
         total(status = 'completed' AND start_at > @since AND start_at <= @now) AS visits
       FROM appointments INDEXED BY appointments_customer
       WHERE customer_id = @id AND is_test = 0`,
    )
    .get({ id: customerId, since: now - RELIABILITY_WINDOW_MS, now, late: LATE_CANCELLATION_MS }) as Counts;
  return reliabilityOf({ no_shows: counts.no_shows, late_cancellations: counts.late_cancellations, visits: counts.visits + importedVisitsInWindow(db, customerId, now) }, threshold, now);
}

/** The visits imported from the previous booking system that fall in the year (spread as visits.ts spreads them), while our own history is short. */
function importedVisitsInWindow(db: SalonDatabase, customerId: number, now: number): number {
  const record = cached(db, 'SELECT imported_first_visit_at AS first, imported_last_visit_at AS last, imported_visits AS visits, imported_spend_cents AS spend FROM customers WHERE id = ?')
    .get(customerId) as ImportedRecord | undefined;
  if (!record) return 0;
  return importedVisits(record).filter((v) => v.at > now - RELIABILITY_WINDOW_MS && v.at <= now).length;
}
