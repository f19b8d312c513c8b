import type { SalonDatabase } from './db.js';
import type { Span } from './time.js';
import type { FigureName, Growth, WeekFigures } from '../contract/index.js';

/**
 * Every figure of every asked-for week in one statement: the weeks come in as JSON, and each
 * week's figures are a few correlated subqueries, each a range scan of its own covering index
 * (see migrations). No join and no GROUP BY, so no temporary b-tree: the cost is the rows of
 * the weeks asked for, whatever the length of history. Each subquery answers a JSON array.
 */
const FIGURES_SQL = `WITH w(i, s, e, c) AS (
  SELECT CAST(key AS INTEGER), json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(@weeks))
SELECT w.i AS i,
  (SELECT json_array(count(*), sum(c.outcome = 'answered'), sum(c.outcome = 'missed'), sum(c.after_hours),
      sum(iif(c.outcome = 'answered', c.duration_sec, NULL)), count(iif(c.outcome = 'answered', c.duration_sec, NULL)))
    FROM calls c INDEXED BY calls_week
    WHERE c.started_at >= w.s AND c.started_at < w.e AND c.is_test = 0 AND c.direction = 'inbound') AS calls,
  (SELECT count(*) FROM calls c INDEXED BY calls_week
    WHERE c.started_at >= w.s AND c.started_at < w.e AND c.is_test = 0 AND c.direction = 'inbound'
      AND EXISTS (SELECT 1 FROM appointments a INDEXED BY appointments_linked WHERE a.call_sid = c.call_sid AND a.call_sid IS NOT NULL AND a.is_test = 0)) AS converted,
  (SELECT json_array(count(*), sum(a.status = 'completed'), sum(a.status = 'no_show'), sum(a.status = 'cancelled'),
      sum(iif(a.status = 'completed', a.price_cents, NULL)), count(DISTINCT iif(a.status = 'completed', a.customer_id, NULL)),
      sum(a.start_at < w.c), sum(a.status = 'no_show' AND a.start_at < w.c), sum(a.status = 'cancelled' AND a.start_at < w.c))
    FROM appointments a INDEXED BY appointments_figures
    WHERE a.start_at >= w.s AND a.start_at < w.e AND a.is_test = 0) AS scheduled,
  (SELECT count(*) FROM appointments a INDEXED BY appointments_booked
    WHERE a.booked_at >= w.s AND a.booked_at < w.e AND a.is_test = 0) AS booked,
  (SELECT count(*) FROM customers c INDEXED BY customers_first_visit
    WHERE c.first_visit_at >= w.s AND c.first_visit_at < w.e AND c.first_visit_at IS NOT NULL) AS new_customers
FROM w ORDER BY w.i`;

interface FiguresRow {
  i: number;
  calls: string;
  converted: number;
  scheduled: string;
  booked: number;
  new_customers: number;
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);
/** A JSON array of aggregates; SQL's sum() of no rows is null, which counts as 0. */
const numbers = (json: string) => (JSON.parse(json) as (number | null)[]).map((x) => x ?? 0);

/**
 * Computes SPEC §2's figures for any number of weeks, with one indexed statement. A week still
 * in progress at `now` takes its no-show and cancellation rates over the appointments that have
 * started by then; the rates' numerators are counted among those too, so that a cancellation
 * of Friday's appointment cannot push Monday's rate over 100%.
 */
export class FigureQueries {
  private readonly statement;

  constructor(db: SalonDatabase) {
    this.statement = db.prepare(FIGURES_SQL);
  }

  forWeeks(weeks: readonly Span[], now: number): WeekFigures[] {
    const spans = weeks.map((w) => [w.startMs, w.endMs, Math.min(w.endMs, now)]);
    const rows = this.statement.all({ weeks: JSON.stringify(spans) }) as FiguresRow[];
    return rows.map((r) => {
      const [total = 0, answered = 0, missed = 0, afterHours = 0, durationSum = 0, withDuration = 0] = numbers(r.calls);
      const [apptScheduled = 0, completed = 0, noShows = 0, cancellations = 0, revenue = 0, served = 0, started = 0, startedNoShows = 0, startedCancellations = 0] =
        numbers(r.scheduled);
      const callsConverted = r.converted;
      const newCustomers = r.new_customers;
      const returning = served - newCustomers;
      return {
        calls_total: total,
        calls_answered: answered,
        calls_missed: missed,
        calls_after_hours: afterHours,
        avg_call_duration_sec: ratio(durationSum, withDuration),
        answer_rate: ratio(answered, answered + missed),
        calls_converted: callsConverted,
        conversion_rate: ratio(callsConverted, total),
        appointments_booked: r.booked,
        appointments_scheduled: apptScheduled,
        appointments_completed: completed,
        no_shows: noShows,
        cancellations,
        no_show_rate: ratio(startedNoShows, started),
        cancellation_rate: ratio(startedCancellations, started),
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
