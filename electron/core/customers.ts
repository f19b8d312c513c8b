import { cached, type SalonDatabase } from './db.js';
import { InputError, NotFoundError } from './errors.js';
import { toE164 } from './phone.js';
import { toIso } from './time.js';
import type { Customer, CustomerPatch } from '../contract/index.js';

export interface CustomerRow {
  id: number;
  phone: string | null;
  name: string | null;
  email: string | null;
  notes: string;
  first_seen_at: number;
  first_visit_at: number | null;
  imported_first_visit_at: number | null;
  imported_last_visit_at: number | null;
  imported_visits: number;
  imported_spend_cents: number;
}

const isoOrNull = (ms: number | null) => (ms === null ? null : toIso(ms));

export function customerJson(r: CustomerRow): Customer {
  return {
    id: r.id,
    phone: r.phone,
    name: r.name,
    email: r.email,
    notes: r.notes,
    first_seen_at: toIso(r.first_seen_at),
    first_visit_at: isoOrNull(r.first_visit_at),
    imported_first_visit_at: isoOrNull(r.imported_first_visit_at),
    imported_last_visit_at: isoOrNull(r.imported_last_visit_at),
    imported_visits: r.imported_visits,
    imported_spend_cents: r.imported_spend_cents,
  };
}

const COLUMNS = 'id, phone, name, email, notes, first_seen_at, first_visit_at, imported_first_visit_at, imported_last_visit_at, imported_visits, imported_spend_cents';

/** SPEC §2's first visit: the earliest of the imported first visit and the real completed appointments' starts. */
const FIRST_VISIT_SQL = `UPDATE customers SET first_visit_at = (
  SELECT min(at) FROM (
    SELECT imported_first_visit_at AS at FROM customers WHERE id = @id
    UNION ALL SELECT min(start_at) FROM appointments WHERE customer_id = @id AND status = 'completed' AND is_test = 0))
WHERE id = @id`;

/** What one customer's previous booking system knew of their visits. */
export interface ImportedHistory {
  firstVisitAt: number | null;
  lastVisitAt: number | null;
  visits: number;
  spendCents: number;
}

export interface CustomerSighting {
  phone: string;
  name?: string | undefined;
  email?: string | undefined;
  seenAt: number;
  isTest: boolean;
}

/** What a sighting compares with: the customer as kept. */
interface KnownCustomer {
  id: number;
  phone: string;
  name: string | null;
  email: string | null;
  first_seen_at: number;
  is_test: number;
}
const SIGHTING_SELECT = 'SELECT id, phone, name, email, first_seen_at, is_test FROM customers';

export class CustomerStore {
  constructor(private readonly db: SalonDatabase) {}

  /**
   * The customer with this E.164 number, created on first sight. A name or email fills a
   * blank, never overwrites what the desk entered. Test events create customers flagged as
   * test, which a real event clears. Answers the customer's id and name (as kept).
   */
  sighted(s: CustomerSighting): { id: number; name: string | null } {
    return this.sightedAs(s, cached(this.db, `${SIGHTING_SELECT} WHERE phone = ?`).get(s.phone) as KnownCustomer | undefined);
  }

  /** `sighted`, given what is kept of the customer with that number (undefined: none yet). */
  private sightedAs(s: CustomerSighting, known: KnownCustomer | undefined): { id: number; name: string | null } {
    // Most callers are known and the sighting changes nothing: a read, so that no page is rewritten (and synced) for nothing.
    if (known && (known.name !== null || !s.name) && (known.email !== null || !s.email) && known.first_seen_at <= s.seenAt && (known.is_test === 0 || s.isTest)) {
      return known;
    }
    return cached(this.db,
        `INSERT INTO customers (phone, name, email, first_seen_at, is_test) VALUES (@phone, @name, @email, @seenAt, @isTest)
         ON CONFLICT(phone) DO UPDATE SET
           name = coalesce(customers.name, excluded.name),
           email = coalesce(customers.email, excluded.email),
           first_seen_at = min(customers.first_seen_at, excluded.first_seen_at),
           is_test = customers.is_test AND excluded.is_test
         RETURNING id, name`,
      )
      .get({ phone: s.phone, name: s.name || null, email: s.email || null, seenAt: s.seenAt, isTest: s.isTest ? 1 : 0 }) as { id: number; name: string | null };
  }

  /**
   * `sighted` for many sightings at once (a batch): each number looked up, and written, once,
   * with what its sightings say together, which leaves the customer as they would one by one.
   * Answers each number's customer.
   */
  sightedAll(sightings: readonly CustomerSighting[]): Map<string, { id: number; name: string | null }> {
    const byPhone = new Map<string, CustomerSighting>();
    for (const s of sightings) {
      const seen = byPhone.get(s.phone);
      if (!seen) {
        byPhone.set(s.phone, { ...s });
        continue;
      }
      // The first name and email given fill the blanks; the earliest sighting; test only while every sighting is.
      seen.name ||= s.name;
      seen.email ||= s.email;
      seen.seenAt = Math.min(seen.seenAt, s.seenAt);
      seen.isTest &&= s.isTest;
    }
    // What is kept of every one of them, read at once.
    const rows = cached(this.db, `${SIGHTING_SELECT} WHERE phone IN (SELECT value FROM json_each(?))`).all(JSON.stringify([...byPhone.keys()])) as KnownCustomer[];
    const known = new Map(rows.map((row) => [row.phone, row]));
    const customers = new Map<string, { id: number; name: string | null }>();
    for (const [phone, s] of byPhone) customers.set(phone, this.sightedAs(s, known.get(phone)));
    return customers;
  }

  exists(id: number): boolean {
    return cached(this.db, 'SELECT 1 FROM customers WHERE id = ?').get(id) !== undefined;
  }

  /** Recomputes the first visit: the earliest of the imported first visit and the start of a real completed appointment. */
  refreshFirstVisit(id: number): void {
    cached(this.db, FIRST_VISIT_SQL).run({ id });
  }

  /**
   * Keeps what an export of the previous booking system knew, merged with what an earlier
   * import kept: the earliest first visit, the latest last visit, the larger count and the spend
   * that goes with it (a later export of the same system knows more; the same file again changes nothing).
   */
  recordImportedHistory(id: number, h: ImportedHistory): void {
    if (h.firstVisitAt === null && h.lastVisitAt === null && h.visits === 0 && h.spendCents === 0) return;
    cached(this.db,
        `UPDATE customers SET
           imported_first_visit_at = CASE WHEN imported_first_visit_at IS NULL THEN @first ELSE min(imported_first_visit_at, coalesce(@first, imported_first_visit_at)) END,
           imported_last_visit_at = CASE WHEN imported_last_visit_at IS NULL THEN @last ELSE max(imported_last_visit_at, coalesce(@last, imported_last_visit_at)) END,
           imported_visits = max(imported_visits, @visits),
           imported_spend_cents = CASE WHEN imported_visits > @visits THEN imported_spend_cents ELSE @spend END
         WHERE id = @id`,
      )
      .run({ id, first: h.firstVisitAt, last: h.lastVisitAt, visits: h.visits, spend: h.spendCents });
    this.refreshFirstVisit(id);
  }

  get(id: number): Customer {
    const row = cached(this.db, `SELECT ${COLUMNS} FROM customers WHERE id = ?`).get(id) as CustomerRow | undefined;
    if (!row) throw new NotFoundError(`customer ${id}`);
    return customerJson(row);
  }

  update(id: number, patch: CustomerPatch, defaultRegion: string): Customer {
    const current = this.get(id);
    let phone = current.phone;
    if (patch.phone !== undefined) {
      phone = toE164(patch.phone, defaultRegion);
      if (!phone) throw new InputError('phone', `"${patch.phone}" is not a valid phone number`);
      const owner = cached(this.db, 'SELECT id FROM customers WHERE phone = ? AND id != ?').get(phone, id) as { id: number } | undefined;
      if (owner) throw new InputError('phone', `${phone} already belongs to customer ${owner.id}`);
    }
    cached(this.db, 'UPDATE customers SET phone = ?, name = ?, email = ?, notes = ? WHERE id = ?')
      .run(phone, patch.name ?? current.name, patch.email === '' ? null : (patch.email ?? current.email), patch.notes ?? current.notes, id);
    return this.get(id);
  }
}
