/**
 * Export of customers, appointments, calls and weekly figures to CSV, with `csv-stringify`,
 * streamed: rows are read a page at a time (keyset pagination, never an open cursor, so other
 * requests can use the connection between pages) and written as the reader takes them.
 *
 * Money is written twice: dollars with two decimals (`price`) and integer cents
 * (`price_cents`). Every instant is written twice: ISO 8601 UTC (`…_utc`) and the salon's
 * local time with its offset (`…_local`, e.g. 2026-03-05T10:00:00-06:00). Test records are
 * left out unless asked for; the `is_test` column says which rows are. The appointments file
 * is what the importer's generic source reads back (its column names are ours).
 *
 * A text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return; a caller ID name comes from the phone network) is written with a leading
 * apostrophe, which spreadsheets hide and our importer removes. Phone numbers in E.164 are
 * left as they are.
 */
import { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import { stringify } from 'csv-stringify';
import type { Salon } from '../salon.js';
import { isAbandoned } from '../calls.js';
import { isInstantInRange, parseRangeBound } from '../time.js';
import type { ExportKind, WeekFigures } from '../../contract/index.js';
import { centsToDollars } from './values.js';

export interface ExportOptions {
  /** Appointments and calls: from this date (salon time) or instant. */
  from?: string | undefined;
  /** Appointments and calls: to this date (inclusive) or instant. */
  to?: string | undefined;
  /** Include records made by the test routes (default: no). */
  includeTest?: boolean | undefined;
  /** Weekly: how many weeks (default 12, at most 520), ending with the week containing `until` (default: today). */
  weeks?: number | undefined;
  until?: string | undefined;
  /** Start with a UTF-8 byte-order mark, so that Excel reads accents right. */
  bom?: boolean | undefined;
  /** Told after each page of rows. */
  onRows?: ((rows: number) => void) | undefined;
}

type Row = Record<string, string | number | boolean | null>;

const PAGE = 1000;
const FORMULA = /^[=+\-@\t\r]/;
const text = (value: string | null): string | null => (value !== null && FORMULA.test(value) ? `'${value}` : value);

/** An instant's two cells; blank for one outside 2000 … 2100 (never stored now, but an old row must not stop the file mid-way). */
function times(zone: string) {
  return (name: string, ms: number | null): Row => {
    const known = ms !== null && isInstantInRange(ms);
    return {
      [`${name}_utc`]: known ? new Date(ms).toISOString() : null,
      [`${name}_local`]: known ? DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) : null,
    };
  };
}

export const EXPORT_COLUMNS: Record<ExportKind, string[]> = {
  customers: [
    'customer_id', 'name', 'phone', 'email', 'notes',
    'first_seen_at_utc', 'first_seen_at_local', 'first_visit_at_utc', 'first_visit_at_local', 'last_visit_at_utc', 'last_visit_at_local',
    'visits', 'no_shows', 'cancellations', 'lifetime_spend', 'lifetime_spend_cents', 'calls',
    'imported_first_visit_at_utc', 'imported_first_visit_at_local', 'imported_last_visit_at_utc', 'imported_last_visit_at_local',
    'imported_visits', 'imported_spend', 'imported_spend_cents', 'is_test',
  ],
  appointments: [
    'appointment_id', 'start_utc', 'start_local', 'end_utc', 'end_local', 'duration_min', 'service', 'price', 'price_cents', 'status',
    'customer_id', 'customer_name', 'customer_phone', 'customer_email',
    'booked_at_utc', 'booked_at_local', 'status_at_utc', 'status_at_local', 'call_sid', 'notes', 'is_test',
  ],
  calls: [
    'call_sid', 'direction', 'from', 'from_raw', 'to', 'caller_name', 'customer_id', 'customer_name',
    'started_at_utc', 'started_at_local', 'answered_at_utc', 'answered_at_local', 'ended_at_utc', 'ended_at_local',
    'status', 'abandoned', 'end_status', 'duration_sec', 'intent', 'after_hours', 'called_back_at_utc', 'called_back_at_local', 'is_test',
  ],
  weekly: [], // filled below from the figures
};

const FIGURE_ORDER: (keyof WeekFigures)[] = [
  'calls_total', 'calls_answered', 'calls_missed', 'calls_after_hours', 'avg_call_duration_sec', 'answer_rate', 'calls_converted', 'conversion_rate',
  'appointments_booked', 'appointments_scheduled', 'appointments_completed', 'no_shows', 'cancellations', 'no_show_rate', 'cancellation_rate',
  'revenue_cents', 'revenue_per_appointment_cents', 'customers_served', 'new_customers', 'returning_customers', 'retention_rate',
];
EXPORT_COLUMNS.weekly = [
  'week_start', 'week_end', 'complete',
  ...FIGURE_ORDER.flatMap((f) => (f.endsWith('_cents') ? [f.replace(/_cents$/, ''), f] : [f])),
];

function* pages<R, K>(fetch: (after: K | null) => R[], keyOf: (row: R) => K): Generator<R> {
  let after: K | null = null;
  for (;;) {
    const rows = fetch(after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

function range(salon: Salon, o: ExportOptions): { from: number | null; to: number | null } {
  const zone = salon.settings().timezone;
  return {
    from: o.from ? parseRangeBound(o.from, zone, 'from') : null,
    to: o.to ? parseRangeBound(o.to, zone, 'to') : null,
  };
}

function* customerRows(salon: Salon, o: ExportOptions): Generator<Row> {
  const t = times(salon.settings().timezone);
  const statement = salon.db.prepare(
    `SELECT c.id, c.name, c.phone, c.email, c.notes, c.first_seen_at, c.first_visit_at, c.is_test,
       c.imported_first_visit_at, c.imported_last_visit_at, c.imported_visits, c.imported_spend_cents,
       max(CASE WHEN a.status = 'completed' THEN a.start_at END) AS last_visit,
       total(a.status = 'completed') AS visits, total(a.status = 'no_show') AS no_shows, total(a.status = 'cancelled') AS cancellations,
       total(CASE WHEN a.status = 'completed' THEN a.price_cents END) AS spend,
       (SELECT count(*) FROM calls k WHERE k.customer_id = c.id AND k.is_test = 0) AS calls
     FROM customers c LEFT JOIN appointments a ON a.customer_id = c.id AND a.is_test = 0
     WHERE c.id > @after AND (@test OR c.is_test = 0)
     GROUP BY c.id ORDER BY c.id LIMIT ${PAGE}`,
  );
  type R = {
    id: number; name: string | null; phone: string | null; email: string | null; notes: string; first_seen_at: number; first_visit_at: number | null;
    is_test: number; last_visit: number | null; visits: number; no_shows: number; cancellations: number; spend: number; calls: number;
    imported_first_visit_at: number | null; imported_last_visit_at: number | null; imported_visits: number; imported_spend_cents: number;
  };
  const fetch = (after: number | null) => statement.all({ after: after ?? 0, test: o.includeTest ? 1 : 0 }) as R[];
  for (const r of pages(fetch, (r) => r.id)) {
    yield {
      customer_id: r.id,
      name: text(r.name),
      phone: r.phone,
      email: text(r.email),
      notes: text(r.notes),
      ...t('first_seen_at', r.first_seen_at),
      ...t('first_visit_at', r.first_visit_at),
      ...t('last_visit_at', r.last_visit),
      visits: r.visits,
      no_shows: r.no_shows,
      cancellations: r.cancellations,
      lifetime_spend: centsToDollars(r.spend),
      lifetime_spend_cents: r.spend,
      calls: r.calls,
      ...t('imported_first_visit_at', r.imported_first_visit_at),
      ...t('imported_last_visit_at', r.imported_last_visit_at),
      imported_visits: r.imported_visits,
      imported_spend: centsToDollars(r.imported_spend_cents),
      imported_spend_cents: r.imported_spend_cents,
      is_test: r.is_test === 1,
    };
  }
}

function* appointmentRows(salon: Salon, o: ExportOptions): Generator<Row> {
  const t = times(salon.settings().timezone);
  const { from, to } = range(salon, o);
  const statement = salon.db.prepare(
    `SELECT a.appointment_id, a.customer_id, a.call_sid, a.start_at, a.duration_min, a.price_cents, a.status, a.notes, a.booked_at,
       a.status_at, a.is_test, cu.name AS customer_name, cu.phone AS customer_phone, cu.email AS customer_email, s.name AS service
     FROM appointments a JOIN customers cu ON cu.id = a.customer_id JOIN services s ON s.id = a.service_id
     WHERE (@after_start IS NULL OR (a.start_at, a.appointment_id) > (@after_start, @after_id))
       AND (@test OR a.is_test = 0) AND (@from IS NULL OR a.start_at >= @from) AND (@to IS NULL OR a.start_at < @to)
     ORDER BY a.start_at, a.appointment_id LIMIT ${PAGE}`,
  );
  type R = {
    appointment_id: string; customer_id: number; call_sid: string | null; start_at: number; duration_min: number; price_cents: number; status: string;
    notes: string | null; booked_at: number; status_at: number | null; is_test: number; customer_name: string | null; customer_phone: string | null;
    customer_email: string | null; service: string;
  };
  const fetch = (after: [number, string] | null) =>
    statement.all({ after_start: after?.[0] ?? null, after_id: after?.[1] ?? null, test: o.includeTest ? 1 : 0, from, to }) as R[];
  for (const r of pages(fetch, (r): [number, string] => [r.start_at, r.appointment_id])) {
    yield {
      appointment_id: text(r.appointment_id),
      ...t('start', r.start_at),
      ...t('end', r.start_at + r.duration_min * 60_000),
      duration_min: r.duration_min,
      service: text(r.service),
      price: centsToDollars(r.price_cents),
      price_cents: r.price_cents,
      status: r.status,
      customer_id: r.customer_id,
      customer_name: text(r.customer_name),
      customer_phone: r.customer_phone,
      customer_email: text(r.customer_email),
      ...t('booked_at', r.booked_at),
      ...t('status_at', r.status_at),
      call_sid: text(r.call_sid),
      notes: text(r.notes),
      is_test: r.is_test === 1,
    };
  }
}

function* callRows(salon: Salon, o: ExportOptions): Generator<Row> {
  const t = times(salon.settings().timezone);
  const { from, to } = range(salon, o);
  const statement = salon.db.prepare(
    `SELECT k.*, cu.name AS customer_name FROM calls k LEFT JOIN customers cu ON cu.id = k.customer_id
     WHERE (@after_start IS NULL OR (k.started_at, k.call_sid) > (@after_start, @after_id))
       AND (@test OR k.is_test = 0) AND (@from IS NULL OR k.started_at >= @from) AND (@to IS NULL OR k.started_at < @to)
     ORDER BY k.started_at, k.call_sid LIMIT ${PAGE}`,
  );
  type R = {
    call_sid: string; direction: string; from_raw: string | null; from_phone: string | null; to_phone: string | null; caller_name: string | null;
    customer_id: number | null; customer_name: string | null; started_at: number; answered_at: number | null; ended_at: number | null;
    outcome: string; end_status: string | null; duration_sec: number | null; intent: string | null; after_hours: number; is_test: number;
    called_back_at: number | null;
  };
  const fetch = (after: [number, string] | null) =>
    statement.all({ after_start: after?.[0] ?? null, after_id: after?.[1] ?? null, test: o.includeTest ? 1 : 0, from, to }) as R[];
  for (const r of pages(fetch, (r): [number, string] => [r.started_at, r.call_sid])) {
    yield {
      call_sid: text(r.call_sid),
      direction: r.direction,
      from: r.from_phone,
      from_raw: text(r.from_raw),
      to: r.to_phone,
      caller_name: text(r.caller_name),
      customer_id: r.customer_id,
      customer_name: text(r.customer_name),
      ...t('started_at', r.started_at),
      ...t('answered_at', r.answered_at),
      ...t('ended_at', r.ended_at),
      status: r.outcome,
      abandoned: isAbandoned(r, salon.abandonMs),
      end_status: r.end_status,
      duration_sec: r.duration_sec,
      intent: text(r.intent),
      after_hours: r.after_hours === 1,
      ...t('called_back_at', r.called_back_at),
      is_test: r.is_test === 1,
    };
  }
}

function* weeklyRows(salon: Salon, o: ExportOptions): Generator<Row> {
  const metrics = salon.weeklyMetrics({ weeks_back: o.weeks ?? 12, ...(o.until ? { until: o.until } : {}) });
  for (const w of metrics.weeks) {
    const row: Row = {
      week_start: w.week_start,
      week_end: DateTime.fromISO(w.week_start).plus({ days: 6 }).toISODate(),
      complete: w.complete,
    };
    for (const f of FIGURE_ORDER) {
      if (f.endsWith('_cents')) row[f.replace(/_cents$/, '')] = centsToDollars(w[f]);
      row[f] = w[f];
    }
    yield row;
  }
}

const ROWS: Record<ExportKind, (salon: Salon, o: ExportOptions) => Generator<Row>> = {
  customers: customerRows,
  appointments: appointmentRows,
  calls: callRows,
  weekly: weeklyRows,
};

/**
 * One export as a stream of CSV text. Bad options (a `from` that is not a date) throw at once,
 * before anything is written.
 */
export function exportCsv(salon: Salon, what: ExportKind, options: ExportOptions = {}): Readable {
  const rows = ROWS[what](salon, options);
  // Runs the generator's first step now, so that bad options fail before a response starts.
  const first = rows.next();
  let count = 0;
  function* all(): Generator<Row> {
    if (first.done) {
      options.onRows?.(0);
      return;
    }
    yield first.value;
    count++;
    for (const row of rows) {
      yield row;
      if (++count % PAGE === 0) options.onRows?.(count);
    }
    options.onRows?.(count);
  }
  const source = Readable.from(all(), { objectMode: true });
  const csv = stringify({
    header: true,
    columns: EXPORT_COLUMNS[what],
    bom: options.bom ?? false,
    cast: { boolean: (v) => (v ? 'true' : 'false') },
  });
  source.on('error', (err) => csv.destroy(err));
  return source.pipe(csv);
}
