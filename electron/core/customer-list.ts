import { CUSTOMER_SORTS, type CustomerListItem, type CustomerSegment, type CustomerSort, type CustomersQuery, type Page, type SortOrder } from '../contract/index.js';
import { customerJson, type CustomerRow } from './customers.js';
import { cached, type SalonDatabase } from './db.js';
import { phoneDigits } from './phone.js';
import { toIso } from './time.js';
import { overdueCustomers } from './visits.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a customer's history adds up to, one SQL expression each over `c` (the customer) and
 * `v` (their completed visits up to now). Imported history from a previous booking system
 * joins here and nowhere else: the imported visits count, with ours after the imported last
 * visit added (ours up to then, when more, replace the imported count: the same visits told
 * twice); the last visit is the later of both. `c.first_visit_at` is already the earliest of
 * both (SPEC §2). The 365-day spend is ours alone: an export gives a lifetime total, not when
 * it was spent. Sorts and segments read these names only.
 */
const FACTS = {
  visits: 'coalesce(v.visits, 0) - coalesce(v.visits_to_import, 0) + max(coalesce(v.visits_to_import, 0), c.imported_visits)',
  last_visit_at: 'max(coalesce(v.last_visit_at, c.imported_last_visit_at), coalesce(c.imported_last_visit_at, v.last_visit_at))',
  spend_365d_cents: 'coalesce(v.spend_365d_cents, 0)',
  first_visit_at: 'c.first_visit_at',
} as const;

const VISITS = `SELECT a.customer_id, count(*) AS visits, max(a.start_at) AS last_visit_at,
    sum(a.start_at <= coalesce(h.imported_last_visit_at, -1)) AS visits_to_import,
    sum(iif(a.start_at > @yearAgo, a.price_cents, 0)) AS spend_365d_cents
  FROM appointments a JOIN customers h ON h.id = a.customer_id
  WHERE a.status = 'completed' AND a.is_test = 0 AND a.start_at <= @now GROUP BY a.customer_id`;

const BOOKED = `SELECT DISTINCT customer_id FROM appointments WHERE status = 'scheduled' AND is_test = 0 AND start_at > @now`;

/** Each customer row with its facts under their own names (the list's columns). */
const LISTED = `SELECT c.id, c.phone, c.name, c.email, c.notes, c.first_seen_at, ${FACTS.first_visit_at} AS first_visit_at,
    c.imported_first_visit_at, c.imported_last_visit_at, c.imported_visits, c.imported_spend_cents,
    ${FACTS.visits} AS visits, ${FACTS.last_visit_at} AS last_visit_at, ${FACTS.spend_365d_cents} AS spend_365d_cents,
    b.customer_id IS NOT NULL AS booked
  FROM customers c LEFT JOIN v ON v.customer_id = c.id LEFT JOIN b ON b.customer_id = c.id`;

/** The segments of contract/segments.ts, as conditions on the listed columns. */
const SEGMENT_SQL: Record<CustomerSegment, string> = {
  new: 'first_visit_at > @now - 30 * @day',
  regular: 'visits >= 3 AND last_visit_at > @now - 90 * @day',
  at_risk: 'id IN (SELECT value FROM json_each(@overdue))',
  lapsed: 'visits > 0 AND last_visit_at <= @now - 180 * @day AND NOT booked',
  vip: `spend_365d_cents > 0 AND spend_365d_cents >= (
    SELECT spend_365d_cents FROM listed WHERE spend_365d_cents > 0 ORDER BY spend_365d_cents DESC
    LIMIT 1 OFFSET (SELECT count(*) / 10 FROM listed WHERE spend_365d_cents > 0))`,
};

/** Never-seen values (no visit yet) sort last either way; ties by name, then id, so pages never overlap. */
const SORT_SQL: Record<CustomerSort, (dir: string) => string> = {
  name: (dir) => `name IS NULL, name COLLATE NOCASE ${dir}, id ${dir}`,
  last_visit: (dir) => `last_visit_at IS NULL, last_visit_at ${dir}, name COLLATE NOCASE, id`,
  spend_365d: (dir) => `spend_365d_cents ${dir}, name COLLATE NOCASE, id`,
  visits: (dir) => `visits ${dir}, name COLLATE NOCASE, id`,
  first_visit: (dir) => `first_visit_at IS NULL, first_visit_at ${dir}, name COLLATE NOCASE, id`,
};

interface ListedRow extends CustomerRow {
  visits: number;
  last_visit_at: number | null;
  spend_365d_cents: number;
  total: number;
}

/** Text matching name or email, or (3 digits or more) the phone without punctuation. */
function matchSql(text: string): string {
  if (!text) return '1';
  const phone = phoneDigits(text).length >= 3 ? ' OR c.phone LIKE @digits' : '';
  return `(c.name LIKE @like ESCAPE '\\' OR c.email LIKE @like ESCAPE '\\'${phone})`;
}

/** The customer list (test-only customers left out): matched, narrowed to a segment, sorted, one page. */
export function listCustomers(db: SalonDatabase, q: CustomersQuery, now: number): Page<CustomerListItem> {
  const text = (q.query ?? '').trim();
  const sort = q.sort ?? 'name';
  const order: SortOrder = q.order ?? CUSTOMER_SORTS[sort].order;
  const select = (columns: string) => `WITH v AS (${VISITS}), b AS (${BOOKED}), listed AS (${LISTED} WHERE c.is_test = 0 AND ${matchSql(text)})
    SELECT ${columns} FROM listed WHERE ${q.segment ? SEGMENT_SQL[q.segment] : '1'}`;
  const params = {
    now,
    day: DAY_MS,
    yearAgo: now - 365 * DAY_MS,
    like: `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`,
    digits: `%${phoneDigits(text)}%`,
    overdue: JSON.stringify(q.segment === 'at_risk' ? overdueCustomers(db, now).map((o) => o.customer_id) : []),
    limit: q.limit ?? 100,
    offset: q.offset ?? 0,
  };
  // The total comes with the page (one pass over the visits); only a page past the end asks again.
  const rows = cached(db, `${select('*, count(*) OVER () AS total')} ORDER BY ${SORT_SQL[sort](order.toUpperCase())} LIMIT @limit OFFSET @offset`).all(params) as ListedRow[];
  const total = rows[0]?.total ?? (cached(db, select('count(*) AS total')).get(params) as { total: number }).total;
  return {
    items: rows.map((r) => ({
      ...customerJson(r),
      visits: r.visits,
      last_visit_at: r.last_visit_at === null ? null : toIso(r.last_visit_at),
      spend_365d_cents: r.spend_365d_cents,
    })),
    total,
  };
}
