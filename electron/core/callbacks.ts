import { cached, type SalonDatabase } from './db.js';
import { toIso, type Week } from './time.js';
import { overdueOf, visitHistories } from './visits.js';
import { unansweredTries } from './callback-outcomes.js';
import type { CallbackEntry, CallbackTier, Recovered } from '../contract/index.js';
import { isAbandoned } from './calls.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const WINDOW_MS = 30 * DAY_MS;
const RECOVERY_MS = 7 * DAY_MS;
const YEAR_MS = 365 * DAY_MS;
const LIMIT = 50;

interface WaitingRow {
  phone: string;
  customer_id: number | null;
  customer_name: string | null;
  missed_calls: number;
  first_missed: number;
  last_missed: number;
  attempts: string;
}

/**
 * Missed callers of the last 30 days still waiting: not called back, not answered on a later
 * call, and not booked since they were missed. Only the missed calls after their last answered
 * call count as attempts.
 */
function waiting(db: SalonDatabase, now: number): WaitingRow[] {
  return cached(db,
      `SELECT m.from_phone AS phone, m.customer_id, cu.name AS customer_name, count(*) AS missed_calls,
         min(m.started_at) AS first_missed, max(m.started_at) AS last_missed,
         json_group_array(json_array(m.call_sid, m.started_at, m.after_hours, m.ended_at)) AS attempts
       FROM calls m LEFT JOIN customers cu ON cu.id = m.customer_id
       WHERE m.outcome = 'missed' AND m.direction = 'inbound' AND m.is_test = 0 AND m.from_phone IS NOT NULL
         AND m.called_back_at IS NULL AND m.started_at >= @since AND m.started_at <= @now
         AND NOT EXISTS (SELECT 1 FROM calls a WHERE a.from_phone = m.from_phone AND a.outcome = 'answered' AND a.is_test = 0 AND a.started_at > m.started_at)
         AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.customer_id = m.customer_id AND b.booked_at > m.started_at AND b.is_test = 0)
       GROUP BY m.from_phone`,
    )
    .all({ since: now - WINDOW_MS, now }) as WaitingRow[];
}

/** The last threshold worked out on each connection, and what it depended on. */
const thresholds = new WeakMap<SalonDatabase, { key: string; spend: number }>();

/**
 * The spend over the last year that puts a customer among the top quarter (0 when nobody spent
 * anything). A year of bookings grouped and sorted is most of the call-back list's cost, and it
 * is worked out again on every change pushed to the dashboards; so it is kept until anything is
 * written (this connection's `total_changes()`, another's `data_version`) or the minute turns.
 */
function highSpendThreshold(db: SalonDatabase, now: number): number {
  const { t } = cached(db, 'SELECT total_changes() AS t').get() as { t: number };
  const { data_version: v } = cached(db, 'PRAGMA data_version').get() as { data_version: number };
  const key = `${t}:${v}:${Math.floor(now / 60_000)}`;
  const known = thresholds.get(db);
  if (known?.key === key) return known.spend;
  const spend = spendThreshold(db, now);
  thresholds.set(db, { key, spend });
  return spend;
}

/**
 * The imported lifetime spend counts for the part of it that falls in the year (spread evenly
 * between the imported first and last visit, as visits.ts spreads the visits).
 */
function spendThreshold(db: SalonDatabase, now: number): number {
  const row = cached(db,
      `WITH s AS (SELECT customer_id, sum(spend) AS spend FROM (
                    SELECT customer_id, price_cents AS spend FROM appointments INDEXED BY appointments_figures
                    WHERE is_test = 0 AND status = 'completed' AND start_at > @since AND start_at <= @now
                    UNION ALL
                    SELECT id, CASE WHEN imported_visits = 1 OR coalesce(imported_first_visit_at, imported_last_visit_at) = imported_last_visit_at
                                    THEN imported_spend_cents * (imported_last_visit_at <= @now)
                                    ELSE imported_spend_cents * max(0, min(imported_last_visit_at, @now) - max(imported_first_visit_at, @since))
                                         / (imported_last_visit_at - imported_first_visit_at) END
                    FROM customers WHERE is_test = 0 AND imported_visits > 0 AND imported_last_visit_at > @since)
                  GROUP BY customer_id)
       SELECT spend FROM s ORDER BY spend DESC LIMIT 1 OFFSET (SELECT count(*) / 4 FROM s)`,
    )
    .get({ since: now - YEAR_MS, now }) as { spend: number } | undefined;
  return row?.spend ?? 0;
}

/** What is at stake with a caller, before freshness: see CALLBACK_RANK_RULE. */
const STAKE: Record<CallbackTier, number> = { valued: 2, waiting: 1, booked: 0.5 };
const HALF_LIFE_DAYS = 2;

export const CALLBACK_RANK_RULE =
  `Callers are ranked by stake × freshness. Stake: 2 for "call first" (a regular overdue for a visit, or among the top quarter by spend), ` +
  `1 for everyone else without a booking, ½ for a caller who already has a visit booked. Freshness halves every ${HALF_LIFE_DAYS} days ` +
  `since their last missed call, so a miss today outranks an older one of similar value, and a "call first" caller from 2 days ago ranks with a new caller from today. ` +
  `Ties: more missed calls first, then the bigger spender.`;

/** Stake × freshness (CALLBACK_RANK_RULE). */
function priorityOf(tier: CallbackTier, lastMissed: number, now: number): number {
  const ageDays = Math.max(0, now - lastMissed) / DAY_MS;
  return STAKE[tier] * 0.5 ** (ageDays / HALF_LIFE_DAYS);
}

export function callbackList(db: SalonDatabase, now: number, abandonMs: number): CallbackEntry[] {
  const rows = waiting(db, now);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.customer_id).filter((id): id is number => id !== null);
  const histories = visitHistories(db, now, ids);
  const threshold = highSpendThreshold(db, now);
  const entries = rows.map((r): CallbackEntry => {
    const h = r.customer_id === null ? undefined : histories.get(r.customer_id);
    const spend = h?.spend365Cents ?? 0;
    const overdue = h ? overdueOf(h, now) !== null : false;
    const booked = h?.nextBookedAt != null;
    const newCaller = !h || h.visitCount === 0;
    const reasons: string[] = [];
    if (overdue) reasons.push('regular overdue for a visit');
    if (threshold > 0 && spend >= threshold) reasons.push('among the top quarter by spend');
    if (newCaller) reasons.push('new caller');
    if (booked) reasons.push('already has a visit booked');
    if (r.missed_calls > 1) reasons.push(`tried ${r.missed_calls} times`);
    const triedBack = unansweredTries(db, r.phone, r.first_missed);
    if (triedBack.length > 0) reasons.push(`called back ${triedBack.length} ${triedBack.length === 1 ? 'time' : 'times'}, no answer`);
    const tier: CallbackTier = booked ? 'booked' : overdue || (threshold > 0 && spend >= threshold) ? 'valued' : 'waiting';
    const attempts = (JSON.parse(r.attempts) as [string, number, number, number | null][])
      .sort((a, b) => a[1] - b[1])
      .map(([call_sid, at, afterHours, endedAt]) => ({
        call_sid,
        at: toIso(at),
        after_hours: afterHours === 1,
        abandoned: isAbandoned({ outcome: 'missed', started_at: at, ended_at: endedAt }, abandonMs),
      }));
    const hungUp = attempts.filter((a) => a.abandoned).length;
    if (hungUp > 0) reasons.push(`hung up within ${abandonMs / 1000} s${r.missed_calls > 1 ? ` (${hungUp} of ${r.missed_calls} tries)` : ''}`);
    return {
      phone: r.phone,
      customer_id: r.customer_id,
      customer_name: r.customer_name,
      missed_calls: r.missed_calls,
      hung_up: hungUp,
      first_missed_at: toIso(r.first_missed),
      last_missed_at: toIso(r.last_missed),
      last_call_sid: attempts[attempts.length - 1]!.call_sid,
      attempts,
      tier,
      reasons,
      priority: priorityOf(tier, r.last_missed, now),
      tried_back: triedBack,
      new_caller: newCaller,
      overdue,
      visits: h?.visitCount ?? 0,
      spend_365d_cents: spend,
      next_booking_at: h?.nextBookedAt != null ? toIso(h.nextBookedAt) : null,
    };
  });
  return entries
    .sort((a, b) => b.priority - a.priority || b.missed_calls - a.missed_calls || b.spend_365d_cents - a.spend_365d_cents)
    .slice(0, LIMIT);
}

export const RECOVERY_FORMULA =
  'bookings made in the week by a customer with a missed inbound call in the 7 days before; revenue = their prices once completed';

/** What the call-back list won back in a week: bookings made within 7 days of a missed call by the same caller. */
export function recoveredInWeek(db: SalonDatabase, week: Week): Recovered {
  const row = cached(db,
      `SELECT count(*) AS n,
         total(CASE WHEN a.status = 'completed' THEN a.price_cents END) AS revenue,
         total(CASE WHEN a.status = 'scheduled' THEN a.price_cents END) AS pending
       FROM appointments a INDEXED BY appointments_booked
       WHERE a.is_test = 0 AND a.booked_at >= @s AND a.booked_at < @e
         AND EXISTS (SELECT 1 FROM calls m INDEXED BY calls_customer WHERE m.customer_id = a.customer_id AND m.started_at < a.booked_at
                     AND m.started_at >= a.booked_at - @window AND m.outcome = 'missed' AND m.direction = 'inbound' AND m.is_test = 0)`,
    )
    .get({ s: week.startMs, e: week.endMs, window: RECOVERY_MS }) as { n: number; revenue: number; pending: number };
  return {
    week_start: week.start,
    recovered_bookings: row.n,
    recovered_revenue_cents: row.revenue,
    recovered_pending_cents: row.pending,
    formula: RECOVERY_FORMULA,
  };
}
