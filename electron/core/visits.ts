import { cached, type SalonDatabase } from './db.js';
import { toIso } from './time.js';
import type { OverdueCustomer } from '../contract/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_MS = 365 * DAY_MS;

export interface VisitHistory {
  customer_id: number;
  name: string | null;
  phone: string | null;
  /** Completed visits up to the reference time, oldest first (start instants). */
  visits: number[];
  spend365Cents: number;
  /** The next scheduled appointment after the reference time, if any. */
  nextBookedAt: number | null;
}

/** Every real customer's completed visits up to `asOf`, their spend over the year before it, and any later booking. */
export function visitHistories(db: SalonDatabase, asOf: number, customerIds?: readonly number[]): Map<number, VisitHistory> {
  const only = customerIds ? `AND a.customer_id IN (SELECT value FROM json_each(@ids))` : '';
  const rows = cached(db,
      `SELECT a.customer_id, cu.name, cu.phone, a.start_at, a.price_cents, a.status
       FROM appointments a JOIN customers cu ON cu.id = a.customer_id
       WHERE a.is_test = 0 AND ((a.status = 'completed' AND a.start_at <= @asOf) OR (a.status = 'scheduled' AND a.start_at > @asOf)) ${only}
       ORDER BY a.customer_id, a.start_at`,
    )
    .all({ asOf, ids: JSON.stringify(customerIds ?? []) }) as {
    customer_id: number;
    name: string | null;
    phone: string | null;
    start_at: number;
    price_cents: number;
    status: string;
  }[];
  const out = new Map<number, VisitHistory>();
  for (const r of rows) {
    let h = out.get(r.customer_id);
    if (!h) {
      h = { customer_id: r.customer_id, name: r.name, phone: r.phone, visits: [], spend365Cents: 0, nextBookedAt: null };
      out.set(r.customer_id, h);
    }
    if (r.status === 'completed') {
      h.visits.push(r.start_at);
      if (r.start_at > asOf - YEAR_MS) h.spend365Cents += r.price_cents;
    } else if (h.nextBookedAt === null) {
      h.nextBookedAt = r.start_at;
    }
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
    visits: h.visits.length,
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
