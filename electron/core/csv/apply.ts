/**
 * The apply step of a CSV import: the checked rows written through the salon's own ingest,
 * inside the caller's transaction.
 */
import { createHash } from 'node:crypto';
import type { Salon } from '../salon.js';
import { EventLog } from '../event-log.js';
import { CustomerStore } from '../customers.js';
import { InputError } from '../errors.js';
import type { CustomerHistory } from './history.js';
import type { AppointmentEventBody, AppointmentStatus, SourceId } from '../../contract/index.js';

export interface CustomerRef {
  phone?: string;
  id?: number;
  name?: string;
  email?: string;
}

export interface AppointmentRecord {
  row: number;
  appointment_id: string;
  start_at: number;
  duration_min: number | undefined;
  service: string;
  price_cents: number | undefined;
  status: AppointmentStatus;
  booked_at: number;
  status_at: number | null;
  customer: CustomerRef;
  notes: string | undefined;
  call_sid: string | undefined;
  is_test: boolean;
}

export interface CustomerRecord {
  row: number;
  phone: string;
  name: string | undefined;
  email: string | undefined;
  notes: string | undefined;
  first_seen_at: number | undefined;
  history: CustomerHistory;
  is_test: boolean;
}

/** Everything the apply step needs: the services to add first, then the rows of one kind. */
export type ApplyJob = {
  newServices: { name: string; price_cents: number; duration_min: number }[];
  source: SourceId;
} & ({ kind: 'appointments'; rows: AppointmentRecord[] } | { kind: 'customers'; rows: CustomerRecord[] });

/** Rows applied between two progress reports. */
export const PROGRESS_EVERY = 500;

export const hash = (...parts: (string | number | undefined)[]) =>
  createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u001f')).digest('hex').slice(0, 20);

const iso = (ms: number) => new Date(ms).toISOString();

/** Writes the job into `salon` (inside the caller's transaction); `progress` gets the rows done so far. */
export function applyImport(salon: Salon, job: ApplyJob, progress: (done: number) => void): void {
  for (const s of job.newServices) salon.services.upsert(s);
  if (job.kind === 'appointments') applyAppointments(salon, job.rows, progress);
  else applyCustomers(salon, job.rows, job.source, progress);
}

/** Rows written per batch: about one of the batch path's chunks (a booking and its outcome per row). */
const ROWS_PER_BATCH = 2500;

function bookedEvent(a: AppointmentRecord): AppointmentEventBody {
  return {
    event: 'booked',
    appointment_id: a.appointment_id,
    customer: a.customer,
    service: a.service,
    start: iso(a.start_at),
    timestamp: iso(a.booked_at),
    ...(a.duration_min !== undefined ? { duration_min: a.duration_min } : {}),
    ...(a.price_cents !== undefined ? { price: a.price_cents / 100 } : {}),
    ...(a.notes !== undefined ? { notes: a.notes } : {}),
    ...(a.call_sid !== undefined ? { call_sid: a.call_sid } : {}),
  };
}

/** Each row's booking and, for a finished appointment, its outcome: through the batch path, a few thousand rows at a time. */
function applyAppointments(salon: Salon, rows: AppointmentRecord[], progress: (done: number) => void): void {
  for (let from = 0; from < rows.length; from += ROWS_PER_BATCH) {
    const slice = rows.slice(from, from + ROWS_PER_BATCH);
    // Test rows (our own export's is_test column) are a batch of their own.
    for (const test of [false, true]) {
      const events: AppointmentEventBody[] = [];
      const rowOf: number[] = [];
      for (const a of slice) {
        if (a.is_test !== test) continue;
        events.push(bookedEvent(a));
        rowOf.push(a.row);
        if (a.status === 'scheduled') continue;
        events.push({ event: a.status, appointment_id: a.appointment_id, timestamp: iso(a.status_at!) });
        rowOf.push(a.row);
      }
      if (events.length === 0) continue;
      const { refused } = salon.ingestAppointments(events, { test });
      // Every row was checked before: one refused here means the database changed meanwhile, and the whole file rolls back.
      const first = refused[0];
      if (first) throw new InputError(`row ${rowOf[first.index]} ${first.field}`, '', `row ${rowOf[first.index]}: ${first.error}`);
    }
    progress(Math.min(from + ROWS_PER_BATCH, rows.length));
  }
}

function applyCustomers(salon: Salon, rows: CustomerRecord[], source: SourceId, progress: (done: number) => void): void {
  const now = salon.clock.now();
  const upsert = salon.db.prepare(
    `INSERT INTO customers (phone, name, email, notes, first_seen_at, is_test) VALUES (@phone, @name, @email, @notes, @seen, @test)
     ON CONFLICT(phone) DO UPDATE SET
       name = coalesce(customers.name, excluded.name),
       email = coalesce(customers.email, excluded.email),
       notes = CASE WHEN customers.notes = '' THEN excluded.notes ELSE customers.notes END,
       first_seen_at = min(customers.first_seen_at, excluded.first_seen_at),
       is_test = customers.is_test AND excluded.is_test
     RETURNING id`,
  );
  const log = new EventLog(salon.db);
  const customers = new CustomerStore(salon.db);
  for (const [i, c] of rows.entries()) {
    const { id } = upsert.get({ phone: c.phone, name: c.name ?? null, email: c.email ?? null, notes: c.notes ?? '', seen: c.first_seen_at ?? now, test: c.is_test ? 1 : 0 }) as {
      id: number;
    };
    customers.recordImportedHistory(id, c.history);
    // An audit entry: where this customer's details came from. Keyed by content, so a repeated import adds none.
    const payload = { source, phone: c.phone, name: c.name ?? null, email: c.email ?? null, notes: c.notes ?? null, history: c.history };
    const key = `customer:${id}:imported:${hash(JSON.stringify(payload))}`;
    log.append('customer', String(id), { key, type: 'imported', occurredAt: now, isTest: c.is_test, payload }, now);
    if ((i + 1) % PROGRESS_EVERY === 0) progress(i + 1);
  }
}
