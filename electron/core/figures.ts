import type { SalonDatabase } from './db.js';
import type { Week } from './time.js';
import type { FigureName, Growth, WeekFigures } from '../contract/index.js';

/** Weeks as a table the queries join against: one range scan per week, on an index. */
const WEEKS_CTE = `WITH w(i, s, e) AS (
  SELECT CAST(key AS INTEGER), json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@weeks))`;

// Each query reads only its own covering index (see migrations), whatever the length of history.
const CALLS_SQL = `${WEEKS_CTE}
SELECT w.i AS i, count(c.started_at) AS calls_total,
  total(c.outcome = 'answered') AS calls_answered,
  total(c.outcome = 'missed') AS calls_missed,
  total(c.after_hours) AS calls_after_hours,
  total(CASE WHEN c.outcome = 'answered' THEN c.duration_sec END) AS answered_duration_sum,
  total(CASE WHEN c.outcome = 'answered' AND c.duration_sec IS NOT NULL THEN 1 END) AS answered_with_duration
FROM w LEFT JOIN calls c INDEXED BY calls_figures
  ON c.started_at >= w.s AND c.started_at < w.e AND c.is_test = 0 AND c.direction = 'inbound'
GROUP BY w.i`;

const CONVERTED_SQL = `${WEEKS_CTE}
SELECT w.i AS i, count(c.call_sid) AS calls_converted
FROM w JOIN calls c INDEXED BY calls_figures ON c.started_at >= w.s AND c.started_at < w.e AND c.is_test = 0 AND c.direction = 'inbound'
WHERE EXISTS (SELECT 1 FROM appointments a WHERE a.call_sid = c.call_sid AND a.is_test = 0)
GROUP BY w.i`;

const SCHEDULED_SQL = `${WEEKS_CTE}
SELECT w.i AS i, count(a.start_at) AS appointments_scheduled,
  total(a.status = 'completed') AS appointments_completed,
  total(a.status = 'no_show') AS no_shows,
  total(a.status = 'cancelled') AS cancellations,
  total(CASE WHEN a.status = 'completed' THEN a.price_cents END) AS revenue_cents,
  count(DISTINCT CASE WHEN a.status = 'completed' THEN a.customer_id END) AS customers_served
FROM w LEFT JOIN appointments a INDEXED BY appointments_figures
  ON a.start_at >= w.s AND a.start_at < w.e AND a.is_test = 0
GROUP BY w.i`;

const BOOKED_SQL = `${WEEKS_CTE}
SELECT w.i AS i, count(a.booked_at) AS appointments_booked
FROM w LEFT JOIN appointments a INDEXED BY appointments_booked ON a.booked_at >= w.s AND a.booked_at < w.e AND a.is_test = 0
GROUP BY w.i`;

const NEW_CUSTOMERS_SQL = `${WEEKS_CTE}
SELECT w.i AS i, count(c.id) AS new_customers
FROM w LEFT JOIN customers c INDEXED BY customers_first_visit
  ON c.first_visit_at >= w.s AND c.first_visit_at < w.e AND c.first_visit_at IS NOT NULL
GROUP BY w.i`;

const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);

/** Computes SPEC §2's figures for any number of weeks, with a handful of indexed queries in all. */
export class FigureQueries {
  private readonly statements;

  constructor(db: SalonDatabase) {
    const p = (sql: string) => db.prepare(sql);
    this.statements = {
      calls: p(CALLS_SQL),
      converted: p(CONVERTED_SQL),
      scheduled: p(SCHEDULED_SQL),
      booked: p(BOOKED_SQL),
      newCustomers: p(NEW_CUSTOMERS_SQL),
    };
  }

  forWeeks(weeks: readonly Week[]): WeekFigures[] {
    const params = { weeks: JSON.stringify(weeks.map((w) => [w.startMs, w.endMs])) };
    const byWeek = (rows: unknown[]) => {
      const map = new Map<number, Record<string, number>>();
      for (const r of rows as Record<string, number>[]) map.set(r.i!, r);
      return (i: number, k: string) => map.get(i)?.[k] ?? 0;
    };
    const s = this.statements;
    const calls = byWeek(s.calls.all(params));
    const converted = byWeek(s.converted.all(params));
    const scheduled = byWeek(s.scheduled.all(params));
    const booked = byWeek(s.booked.all(params));
    const fresh = byWeek(s.newCustomers.all(params));
    return weeks.map((_, i) => {
      const answered = calls(i, 'calls_answered');
      const missed = calls(i, 'calls_missed');
      const total = calls(i, 'calls_total');
      const callsConverted = converted(i, 'calls_converted');
      const apptScheduled = scheduled(i, 'appointments_scheduled');
      const completed = scheduled(i, 'appointments_completed');
      const noShows = scheduled(i, 'no_shows');
      const cancellations = scheduled(i, 'cancellations');
      const revenue = scheduled(i, 'revenue_cents');
      const served = scheduled(i, 'customers_served');
      const newCustomers = fresh(i, 'new_customers');
      const returning = served - newCustomers;
      return {
        calls_total: total,
        calls_answered: answered,
        calls_missed: missed,
        calls_after_hours: calls(i, 'calls_after_hours'),
        avg_call_duration_sec: ratio(calls(i, 'answered_duration_sum'), calls(i, 'answered_with_duration')),
        answer_rate: ratio(answered, answered + missed),
        calls_converted: callsConverted,
        conversion_rate: ratio(callsConverted, total),
        appointments_booked: booked(i, 'appointments_booked'),
        appointments_scheduled: apptScheduled,
        appointments_completed: completed,
        no_shows: noShows,
        cancellations,
        no_show_rate: ratio(noShows, apptScheduled),
        cancellation_rate: ratio(cancellations, apptScheduled),
        revenue_cents: revenue,
        revenue_per_appointment_cents: Math.round(ratio(revenue, completed)),
        customers_served: served,
        new_customers: newCustomers,
        returning_customers: returning,
        retention_rate: ratio(returning, served),
      };
    });
  }
}

/** `(this − last) / last` for every figure; null where last week's figure was 0. */
export function growth(current: WeekFigures, previous: WeekFigures): Growth {
  const out = {} as Growth;
  for (const name of Object.keys(current) as FigureName[]) {
    const last = previous[name];
    out[name] = last === 0 ? null : (current[name] - last) / last;
  }
  return out;
}
