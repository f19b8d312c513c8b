import { cached, type SalonDatabase } from './db.js';
import { toIso } from './time.js';
import type { OverdueCustomer } from '../contract/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_MS = 365 * DAY_MS;

export interface VisitHistory {
  customer_id: number;
  name: string | null;
  phone: string | null;
  /** Completed visits up to the reference time whose dates are known or spread, oldest first (start instants). */
  visits: number[];
  /** Every visit known, ours and the previous booking system's (its count may exceed the dates known). */
  visitCount: number;
  spend365Cents: number;
  /** The next scheduled appointment after the reference time, if any. */
  nextBookedAt: number | null;
}

/** What the previous booking system's export knew of a customer (customers' imported_* columns). */
export interface ImportedRecord {
  first: number | null;
  last: number | null;
  visits: number;
  spend: number;
}

interface Visit {
  at: number;
  cents: number;
}

/**
 * The imported visits as dated visits: spread evenly from the first to the last visit, the
 * lifetime spend shared between them. With only one date known (or first = last) the spacing is
 * unknown, so the last visit alone is dated, carrying the whole spend.
 */
export function importedVisits(r: ImportedRecord): Visit[] {
  if (r.last === null || r.visits === 0) return [];
  const first = r.first ?? r.last;
  if (r.visits === 1 || first === r.last) return [{ at: r.last, cents: r.spend }];
  const step = (r.last - first) / (r.visits - 1);
  return Array.from({ length: r.visits }, (_, i) => ({ at: Math.round(first + i * step), cents: r.spend / r.visits }));
}

/**
 * A customer's visits, ours and imported: the imported record stands for the history up to its
 * last visit (our own completed visits until then are the same visits, when the appointments
 * were imported too), and our visits after it follow. Where we know more visits up to then than
 * the import does, ours are kept.
 */
function mergeVisits(own: Visit[], imported: ImportedRecord | undefined): { visits: Visit[]; count: number } {
  const spread = imported ? importedVisits(imported) : [];
  if (!imported || spread.length === 0) return { visits: own, count: own.length };
  const until = imported.last!;
  const ownBefore = own.filter((v) => v.at <= until).length;
  if (ownBefore > imported.visits) return { visits: own, count: own.length };
  const after = own.filter((v) => v.at > until);
  return { visits: [...spread, ...after], count: imported.visits + after.length };
}

/**
 * Every real customer's completed visits up to `asOf` (with the history imported from their
 * previous booking system: SPEC §2), their spend over the year before it, and any later booking.
 */
export function visitHistories(db: SalonDatabase, asOf: number, customerIds?: readonly number[]): Map<number, VisitHistory> {
  const only = customerIds ? `AND a.customer_id IN (SELECT value FROM json_each(@ids))` : '';
  const params = { asOf, ids: JSON.stringify(customerIds ?? []) };
  const rows = cached(db,
      `SELECT a.customer_id, cu.name, cu.phone, a.start_at, a.price_cents, a.status
       FROM appointments a JOIN customers cu ON cu.id = a.customer_id
       WHERE a.is_test = 0 AND ((a.status = 'completed' AND a.start_at <= @asOf) OR (a.status = 'scheduled' AND a.start_at > @asOf)) ${only}
       ORDER BY a.customer_id, a.start_at`,
    )
    .all(params) as {
    customer_id: number;
    name: string | null;
    phone: string | null;
    start_at: number;
    price_cents: number;
    status: string;
  }[];
  const imported = cached(db,
      `SELECT id AS customer_id, name, phone, imported_first_visit_at AS first, imported_last_visit_at AS last, imported_visits AS visits, imported_spend_cents AS spend
       FROM customers WHERE is_test = 0 AND imported_visits > 0 AND imported_last_visit_at <= @asOf
         ${customerIds ? 'AND id IN (SELECT value FROM json_each(@ids))' : ''}`,
    )
    .all(params) as ({ customer_id: number; name: string | null; phone: string | null } & ImportedRecord)[];

  const people = new Map<number, { name: string | null; phone: string | null; own: Visit[]; nextBookedAt: number | null; imported?: ImportedRecord }>();
  const person = (r: { customer_id: number; name: string | null; phone: string | null }) => {
    let p = people.get(r.customer_id);
    if (!p) {
      p = { name: r.name, phone: r.phone, own: [], nextBookedAt: null };
      people.set(r.customer_id, p);
    }
    return p;
  };
  for (const r of rows) {
    const p = person(r);
    if (r.status === 'completed') p.own.push({ at: r.start_at, cents: r.price_cents });
    else p.nextBookedAt ??= r.start_at;
  }
  for (const r of imported) person(r).imported = r;

  const out = new Map<number, VisitHistory>();
  for (const [id, p] of people) {
    const { visits, count } = mergeVisits(p.own, p.imported);
    const spend = visits.reduce((sum, v) => (v.at > asOf - YEAR_MS ? sum + v.cents : sum), 0);
    out.set(id, {
      customer_id: id,
      name: p.name,
      phone: p.phone,
      visits: visits.map((v) => v.at),
      visitCount: count,
      spend365Cents: Math.round(spend),
      nextBookedAt: p.nextBookedAt,
    });
  }
  return out;
}

function medianGapDays(visits: readonly number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < visits.length; i++) gaps.push((visits[i]! - visits[i - 1]!) / DAY_MS);
  gaps.sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
}

/** Visits it takes to have a usual interval (two gaps between them). */
export const MIN_VISITS_FOR_INTERVAL = 3;

/**
 * Whether a customer is past their own usual interval: their median gap between visits,
 * plus a grace of a quarter of it (at least a week). Customers with a visit booked are not
 * overdue; nor those gone for over a year (lost, not late).
 */
export function overdueOf(h: VisitHistory, asOf: number): OverdueCustomer | null {
  if (h.visits.length < MIN_VISITS_FOR_INTERVAL || h.nextBookedAt !== null) return null;
  const usual = medianGapDays(h.visits);
  const last = h.visits[h.visits.length - 1]!;
  const since = (asOf - last) / DAY_MS;
  const grace = Math.max(7, usual / 4);
  if (since <= usual + grace || since > 365) return null;
  return {
    customer_id: h.customer_id,
    name: h.name,
    phone: h.phone,
    visits: h.visitCount,
    last_visit_at: toIso(last),
    usual_interval_days: Math.round(usual * 10) / 10,
    days_since_last_visit: Math.floor(since),
    days_overdue: Math.floor(since - usual),
    spend_365d_cents: h.spend365Cents,
  };
}

/** Customers overdue for a visit at `asOf`: the highest spend first, then the longest overdue. */
export function overdueCustomers(db: SalonDatabase, asOf: number): OverdueCustomer[] {
  const out: OverdueCustomer[] = [];
  for (const h of visitHistories(db, asOf).values()) {
    const o = overdueOf(h, asOf);
    if (o) out.push(o);
  }
  return out.sort((a, b) => b.spend_365d_cents - a.spend_365d_cents || b.days_overdue - a.days_overdue || a.customer_id - b.customer_id);
}
