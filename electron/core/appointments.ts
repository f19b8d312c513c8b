import { randomUUID } from 'node:crypto';
import { cached, type SalonDatabase } from './db.js';
import { InputError, NotFoundError } from './errors.js';
import { inCanonicalOrder, type EventLog, type LoggedEvent } from './event-log.js';
import type { CustomerSighting, CustomerStore } from './customers.js';
import { toE164 } from './phone.js';
import { dollarsToCents, type Service, type ServiceCatalogue } from './services.js';
import type { SalonSettings } from './settings.js';
import { DateTime } from 'luxon';
import { parseInstant, toIso } from './time.js';
import type { CallFacts } from './calls.js';
import type { Appointment, AppointmentEventBody, AppointmentPatch, AppointmentStatus, BookingFromCall, Page } from '../contract/index.js';

/** An appointment event as logged: the customer by phone or id, the service by id, money in cents. */
interface AppointmentEventPayload {
  customer?: { id?: number; phone?: string; name?: string; email?: string };
  service_id?: number;
  call_sid?: string;
  start_at?: number;
  duration_min?: number;
  price_cents?: number;
  notes?: string;
  status?: AppointmentStatus;
}

const STATUS_OF_EVENT: Record<string, AppointmentStatus> = { completed: 'completed', no_show: 'no_show', cancelled: 'cancelled' };
const TYPE_RANK: Record<string, number> = { booked: 0, rescheduled: 1, updated: 1, completed: 2, no_show: 2, cancelled: 2 };
const rank = (type: string) => TYPE_RANK[type] ?? 9;

/** An appointment event as the log keeps it. */
export type AppointmentEvent = LoggedEvent<AppointmentEventPayload>;

export interface AcceptedAppointmentEvent {
  appointmentId: string;
  event: AppointmentEvent;
  /** On a booking: which of its values were taken from its call (`customer.phone`, `customer.name`, `service`). */
  fromCall: BookingFromCall[];
}

/**
 * A booking that names a call not stored (yet). A 400 like any other, but one that the server's
 * spool lets through when that call's own events wait in the spool ahead of it.
 */
export class UnknownCallError extends InputError {
  constructor(
    readonly callSid: string,
    field: BookingFromCall,
    needs: string,
  ) {
    super(field, `${needs}: call ${callSid} has not been reported, so the app cannot take it from the call`);
  }
}

export interface AppointmentContext {
  settings: SalonSettings;
  services: ServiceCatalogue;
  customers: CustomerStore;
  /** The facts of a stored call, or null when there is no such call. */
  callFacts: (callSid: string) => CallFacts | null;
  receivedAt: number;
  isTest: boolean;
}

/**
 * Checks an appointment event against the catalogue and customers; nothing is stored here. A
 * booking with a `call_sid` but no customer takes the call's caller, and one with no service
 * takes the call's intent (through the intent map).
 */
export function acceptAppointmentEvent(body: AppointmentEventBody, ctx: AppointmentContext): AcceptedAppointmentEvent {
  const type = body.event ?? 'booked';
  const occurredAt = body.timestamp ? parseInstant(body.timestamp, 'timestamp') : ctx.receivedAt;
  const payload: AppointmentEventPayload = {};
  if (body.call_sid) payload.call_sid = body.call_sid;
  if (body.notes !== undefined) payload.notes = body.notes;
  if (body.start) payload.start_at = parseInstant(body.start, 'start');
  if (body.duration_min !== undefined) payload.duration_min = body.duration_min;
  if (body.price !== undefined) payload.price_cents = dollarsToCents(body.price, 'price');

  const fromCall: BookingFromCall[] = [];
  if (type === 'booked') {
    // The call is looked up only for what the booking leaves out.
    const leavesOut = !hasCustomer(body.customer) || !body.service;
    const call: BookingCall | null = body.call_sid && leavesOut ? { sid: body.call_sid, facts: ctx.callFacts(body.call_sid) } : null;
    payload.customer = call && !hasCustomer(body.customer) ? customerFromCall(body.customer, call, ctx, fromCall) : acceptCustomerRef(body.customer, ctx);
    const service = body.service ? ctx.services.resolve(body.service) : call ? serviceFromCall(call, ctx.services, fromCall) : null;
    if (!service) throw new InputError('service', 'is required to book');
    if (payload.start_at === undefined) throw new InputError('start', 'is required to book');
    payload.service_id = service.id;
    // The price and length are fixed at booking: a later change of the catalogue does not rewrite history.
    payload.price_cents ??= service.price_cents;
    payload.duration_min ??= service.duration_min;
  } else {
    if (!body.appointment_id) throw new InputError('appointment_id', `is required for a ${type} event`);
    if (type === 'rescheduled' && payload.start_at === undefined) throw new InputError('start', 'is required to reschedule');
    if (body.service) payload.service_id = ctx.services.resolve(body.service).id;
  }
  const appointmentId = body.appointment_id ?? `apt_${randomUUID()}`;
  // A move is identified by its new start and, when the sender dated it, by its time: moving
  // there, elsewhere and back again is three moves, while a resent move is still a duplicate.
  // One booking per appointment. A later change with its own time is a new event (an
  // appointment may be completed, corrected to no-show, and completed again); an untimed
  // one is keyed by what it says, so a resend of it stays a duplicate.
  const at = body.timestamp ? `@${occurredAt}` : '';
  const key =
    type === 'booked'
      ? `appointment:${appointmentId}:booked`
      : type === 'rescheduled'
        ? `appointment:${appointmentId}:rescheduled:${payload.start_at}${at}`
        : `appointment:${appointmentId}:${type}${at}`;
  return { appointmentId, event: { key, type, occurredAt, isTest: ctx.isTest, payload }, fromCall };
}

/** The call a booking was made during, as stored (`facts` null: no such call). */
interface BookingCall {
  sid: string;
  facts: CallFacts | null;
}

const hasCustomer = (ref: AppointmentEventBody['customer']) => ref?.id !== undefined || Boolean(ref?.phone);

function customerFromCall(
  ref: AppointmentEventBody['customer'],
  call: BookingCall,
  ctx: { settings: SalonSettings; customers: CustomerStore },
  fromCall: BookingFromCall[],
): NonNullable<AppointmentEventPayload['customer']> {
  const needs = 'a phone number (or customer.id) is required to book';
  if (!call.facts) throw new UnknownCallError(call.sid, 'customer.phone', needs);
  if (!call.facts.phone) throw new InputError('customer.phone', `${needs}, and call ${call.sid} has no caller number (withheld)`);
  fromCall.push('customer.phone');
  const given = ref?.name?.trim();
  const name = given || call.facts.name;
  if (name && !given) fromCall.push('customer.name');
  return { ...acceptCustomerRef({ phone: call.facts.phone, email: ref?.email }, ctx), ...(name ? { name } : {}) };
}

function serviceFromCall(call: BookingCall, services: ServiceCatalogue, fromCall: BookingFromCall[]): Service {
  const needs = 'is required to book';
  if (!call.facts) throw new UnknownCallError(call.sid, 'service', needs);
  const { intent } = call.facts;
  if (!intent) throw new InputError('service', `${needs}, and call ${call.sid} reported no intent to take it from`);
  let service: Service;
  try {
    service = services.resolve(intent);
  } catch {
    throw new InputError('service', `${needs}: call ${call.sid}'s intent ${intent} maps to no service (add it to the intent map in Settings)`);
  }
  fromCall.push('service');
  return service;
}

function acceptCustomerRef(
  ref: AppointmentEventBody['customer'],
  ctx: { settings: SalonSettings; customers: CustomerStore },
): NonNullable<AppointmentEventPayload['customer']> {
  if (ref?.id !== undefined) {
    if (!ctx.customers.exists(ref.id)) throw new InputError('customer.id', `there is no customer ${ref.id}`);
    return { id: ref.id };
  }
  if (!ref?.phone) throw new InputError('customer.phone', 'a phone number (or customer.id) is required to book');
  const phone = toE164(ref.phone, ctx.settings.default_region);
  if (!phone) throw new InputError('customer.phone', `"${ref.phone}" is not a valid phone number`);
  return { phone, ...(ref.name ? { name: ref.name.trim() } : {}), ...(ref.email ? { email: ref.email } : {}) };
}

/**
 * The desk's status rule: nobody can have failed to turn up to an appointment that has not
 * started yet. Checked against the start the change leaves (a patch may move it too).
 */
export function checkDeskStatusChange(current: Appointment, patch: AppointmentPatch, now: number, zone: string): void {
  if (patch.status !== 'no_show') return;
  const start = patch.start ? parseInstant(patch.start, 'start') : Date.parse(current.start);
  if (now >= start) return;
  const when = DateTime.fromMillis(start, { zone }).toFormat('ccc, LLL d, h:mm a');
  throw new InputError('status', `a no-show cannot be recorded before the appointment starts (${when})`);
}

/** A change made at the desk (PATCH), as an event of its own. */
export function acceptAppointmentPatch(appointmentId: string, patch: AppointmentPatch, receivedAt: number): AcceptedAppointmentEvent {
  const payload: AppointmentEventPayload = {};
  if (patch.status) payload.status = patch.status;
  if (patch.start) payload.start_at = parseInstant(patch.start, 'start');
  if (patch.duration_min !== undefined) payload.duration_min = patch.duration_min;
  if (patch.price !== undefined) payload.price_cents = dollarsToCents(patch.price, 'price');
  if (patch.notes !== undefined) payload.notes = patch.notes;
  return {
    appointmentId,
    event: { key: `appointment:${appointmentId}:updated:${randomUUID()}`, type: 'updated', occurredAt: receivedAt, isTest: false, payload },
    fromCall: [],
  };
}

interface AppointmentState {
  appointment_id: string;
  customer: NonNullable<AppointmentEventPayload['customer']>;
  customer_seen_at: number;
  service_id: number;
  call_sid: string | null;
  start_at: number;
  duration_min: number;
  price_cents: number;
  status: AppointmentStatus;
  notes: string | null;
  booked_at: number;
  status_at: number | null;
  is_test: boolean;
}

/** The appointment its events describe, or null while its booking has not arrived. */
function foldAppointment(appointmentId: string, events: LoggedEvent<AppointmentEventPayload>[]): AppointmentState | null {
  const booked = events.find((e) => e.type === 'booked');
  if (!booked) return null;
  const p = booked.payload;
  const state: AppointmentState = {
    appointment_id: appointmentId,
    customer: p.customer!,
    customer_seen_at: booked.occurredAt,
    service_id: p.service_id!,
    call_sid: p.call_sid ?? null,
    start_at: p.start_at!,
    duration_min: p.duration_min!,
    price_cents: p.price_cents!,
    status: 'scheduled',
    notes: p.notes ?? null,
    booked_at: booked.occurredAt,
    status_at: null,
    is_test: events.some((e) => e.isTest),
  };
  for (const e of events) {
    if (e === booked) continue;
    const q = e.payload;
    const status = STATUS_OF_EVENT[e.type] ?? q.status;
    if (status) {
      state.status = status;
      state.status_at = e.occurredAt;
    }
    if (q.start_at !== undefined) state.start_at = q.start_at;
    if (q.duration_min !== undefined) state.duration_min = q.duration_min;
    if (q.price_cents !== undefined) state.price_cents = q.price_cents;
    if (q.service_id !== undefined) state.service_id = q.service_id;
    if (q.notes !== undefined) state.notes = q.notes;
    if (q.call_sid !== undefined) state.call_sid = q.call_sid;
  }
  return state;
}

const byCanonicalOrder = inCanonicalOrder(rank);

/** The customer an appointment sights by phone number (with the name and email its booking gave); null: it names a customer by id. */
function sightingOf(state: AppointmentState): CustomerSighting | null {
  const { customer } = state;
  if (customer.id !== undefined) return null;
  return { phone: customer.phone!, name: customer.name, email: customer.email, seenAt: state.customer_seen_at, isTest: state.is_test };
}

interface AppointmentRow extends Omit<AppointmentState, 'customer' | 'customer_seen_at' | 'is_test'> {
  customer_id: number;
  customer_name: string | null;
  customer_phone: string | null;
  service: string;
  is_test: number;
}

export function appointmentJson(r: AppointmentRow): Appointment {
  return {
    id: r.appointment_id,
    appointment_id: r.appointment_id,
    customer_id: r.customer_id,
    customer_name: r.customer_name,
    customer_phone: r.customer_phone,
    service_id: r.service_id,
    service: r.service,
    call_sid: r.call_sid,
    start: toIso(r.start_at),
    duration_min: r.duration_min,
    price_cents: r.price_cents,
    status: r.status,
    notes: r.notes,
    booked_at: toIso(r.booked_at),
    status_at: r.status_at === null ? null : toIso(r.status_at),
    is_test: r.is_test === 1,
  };
}

const APPOINTMENT_SELECT = `SELECT a.*, cu.name AS customer_name, cu.phone AS customer_phone, s.name AS service
  FROM appointments a JOIN customers cu ON cu.id = a.customer_id JOIN services s ON s.id = a.service_id`;

export class AppointmentStore {
  constructor(
    private readonly db: SalonDatabase,
    private readonly log: EventLog,
    private readonly customers: CustomerStore,
  ) {}

  /**
   * Projects an appointment event just appended to the log: the first event of an appointment
   * makes it from itself alone, with no read of the log; any later one rebuilds it from all its
   * events. Null while only later events have arrived (no booking yet).
   */
  applyEvent(appointmentId: string, event: AppointmentEvent): { appointment: Appointment; created: boolean } | null {
    if (!this.log.isFirst('appointment', appointmentId)) return this.project(appointmentId);
    const state = foldAppointment(appointmentId, [event]);
    return state && this.write(state);
  }

  /** Rebuilds one appointment from its events; null while only later events have arrived. */
  project(appointmentId: string): { appointment: Appointment; created: boolean } | null {
    const state = foldAppointment(appointmentId, this.log.forSubject<AppointmentEventPayload>('appointment', appointmentId, rank));
    return state && this.write(state);
  }

  /**
   * Stores the appointments that these events describe (each with every one of its events: those
   * logged before and the new ones, in any order), each customer sighted once and their first
   * visit worked out once: `project` for many appointments at once (a batch's chunk), with none
   * read back. One whose booking has not arrived stays pending.
   */
  projectAll(eventsByAppointment: ReadonlyMap<string, AppointmentEvent[]>): void {
    const states = [...eventsByAppointment].flatMap(([appointmentId, events]) => foldAppointment(appointmentId, events.sort(byCanonicalOrder)) ?? []);
    const customers = this.customers.sightedAll(states.flatMap((state) => sightingOf(state) ?? []));
    const firstVisitsToRefresh = new Set<number>();
    for (const state of states) {
      const customerId = state.customer.id ?? customers.get(state.customer.phone!)!.id;
      for (const id of this.store(state, customerId).firstVisitsChanged) firstVisitsToRefresh.add(id);
    }
    for (const id of firstVisitsToRefresh) this.customers.refreshFirstVisit(id);
  }

  /** Stores an appointment's state, its customer sighted; answers it as stored, and whether it is new. */
  private write(state: AppointmentState): { appointment: Appointment; created: boolean } {
    const sighting = sightingOf(state);
    const customerId = sighting ? this.customers.sighted(sighting).id : state.customer.id!;
    const { created, firstVisitsChanged } = this.store(state, customerId);
    for (const id of firstVisitsChanged) this.customers.refreshFirstVisit(id);
    return { appointment: this.get(state.appointment_id), created };
  }

  /** Stores an appointment's state for its customer; answers whether it is new, and whose first visit it may have changed. */
  private store(state: AppointmentState, customerId: number): { created: boolean; firstVisitsChanged: number[] } {
    const previous = cached(this.db, 'SELECT customer_id FROM appointments WHERE appointment_id = ?').get(state.appointment_id) as
      | { customer_id: number }
      | undefined;
    cached(this.db,
        `INSERT INTO appointments (appointment_id, customer_id, service_id, call_sid, start_at, duration_min, price_cents, status,
           notes, booked_at, status_at, is_test)
         VALUES (@appointment_id, @customer_id, @service_id, @call_sid, @start_at, @duration_min, @price_cents, @status,
           @notes, @booked_at, @status_at, @is_test)
         ON CONFLICT(appointment_id) DO UPDATE SET customer_id = excluded.customer_id, service_id = excluded.service_id,
           call_sid = excluded.call_sid, start_at = excluded.start_at, duration_min = excluded.duration_min,
           price_cents = excluded.price_cents, status = excluded.status, notes = excluded.notes,
           booked_at = excluded.booked_at, status_at = excluded.status_at, is_test = excluded.is_test`,
      )
      .run({
        appointment_id: state.appointment_id,
        customer_id: customerId,
        service_id: state.service_id,
        call_sid: state.call_sid,
        start_at: state.start_at,
        duration_min: state.duration_min,
        price_cents: state.price_cents,
        status: state.status,
        notes: state.notes,
        booked_at: state.booked_at,
        status_at: state.status_at,
        is_test: state.is_test ? 1 : 0,
      });
    const firstVisitsChanged: number[] = [];
    // A first visit is a completed appointment's start: a new one that is not completed changes no one's.
    if (previous || state.status === 'completed') firstVisitsChanged.push(customerId);
    if (previous && previous.customer_id !== customerId) firstVisitsChanged.push(previous.customer_id);
    return { created: !previous, firstVisitsChanged };
  }

  get(appointmentId: string): Appointment {
    const row = cached(this.db, `${APPOINTMENT_SELECT} WHERE a.appointment_id = ?`).get(appointmentId) as AppointmentRow | undefined;
    if (!row) throw new NotFoundError(`appointment ${appointmentId}`);
    return appointmentJson(row);
  }

  exists(appointmentId: string): boolean {
    return cached(this.db, 'SELECT 1 FROM appointments WHERE appointment_id = ?').get(appointmentId) !== undefined;
  }

  list(range: { from?: number; to?: number; status?: AppointmentStatus; limit: number; offset: number }): Page<Appointment> {
    const where = [
      range.from !== undefined ? 'a.start_at >= @from' : null,
      range.to !== undefined ? 'a.start_at < @to' : null,
      range.status ? 'a.status = @status' : null,
    ].filter(Boolean);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const items = cached(this.db, `${APPOINTMENT_SELECT} ${clause} ORDER BY a.start_at, a.appointment_id LIMIT @limit OFFSET @offset`)
      .all(range) as AppointmentRow[];
    const { total } = cached(this.db, `SELECT count(*) AS total FROM appointments a ${clause}`).get(range) as { total: number };
    return { items: items.map(appointmentJson), total };
  }

  forCustomer(customerId: number): Appointment[] {
    return (cached(this.db, `${APPOINTMENT_SELECT} WHERE a.customer_id = ? ORDER BY a.start_at DESC`).all(customerId) as AppointmentRow[]).map(appointmentJson);
  }
}
