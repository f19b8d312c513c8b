/**
 * What a previous booking system's customer export knew of a customer's visits: the first and
 * last visit, how many, and the lifetime spend. Square writes all four; Vagaro the last visit,
 * the appointments booked and the amount paid; Acuity's client list the days since the last
 * appointment.
 */
import { DateTime } from 'luxon';
import type { DateOrder, Field } from '../../contract/index.js';
import { CellError, parseCount, parseDateTime, parseSignedMoneyCents } from './values.js';

export interface CustomerHistory {
  firstVisitAt: number | null;
  lastVisitAt: number | null;
  visits: number;
  spendCents: number;
}

/** A cell of the row through a reader (a CellError rejects the row). */
export type ReadCell = <T>(field: Field, reader: (text: string) => T) => T | undefined;

/**
 * The history in one row. A file that gives a last visit but no first one (Vagaro, Acuity) has
 * the last visit as the first known: the customer has been before, so their next visit is a
 * return. A visit date makes the count at least the visits it implies.
 */
export function readCustomerHistory(read: ReadCell, zone: string, order: DateOrder, now: number): CustomerHistory {
  const visitDate = (text: string): number | undefined => {
    if (/^never$/i.test(text)) return undefined;
    const at = parseDateTime(text, zone, order, 'start-of-day');
    if (at > now) throw new CellError(`"${text}" is in the future: a visit the old system recorded has happened`);
    return at;
  };
  const first = read('first_visit_at', visitDate);
  const daysSince = read('days_since_last_visit', parseCount);
  const last = read('last_visit_at', visitDate) ?? (daysSince === undefined ? undefined : DateTime.fromMillis(now, { zone }).startOf('day').minus({ days: daysSince }).toMillis());
  const known = [first, last].filter((at): at is number => at !== undefined);
  const firstVisitAt = known.length ? Math.min(...known) : null;
  const lastVisitAt = known.length ? Math.max(...known) : null;
  const implied = firstVisitAt === null ? 0 : firstVisitAt === lastVisitAt ? 1 : 2;
  return {
    firstVisitAt,
    lastVisitAt,
    visits: Math.max(read('visit_count', parseCount) ?? 0, implied),
    spendCents: read('lifetime_spend', parseSignedMoneyCents) ?? 0,
  };
}
