/**
 * SPEC §3: events may arrive twice or out of order, and the result is the same. Checked over
 * HTTP on hand-picked cases, then as a property on random streams applied to the core directly
 * (the routes call `salon.recordCallEvent` / `salon.recordAppointmentEvent`, the same code path).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { Salon } from '../electron/core/salon.js';
import type { Appointment, AppointmentEventBody, Call, CallEventBody, Customer, Page, WeeklyMetrics } from '../electron/contract/index.js';
import { startTestServer, type TestServer } from './support/server.js';

const cst = (local: string) => `${local}-06:00`;
const NOW = Date.parse('2026-12-01T12:00:00Z');

/** What must not depend on arrival: every stored field but the database's own row ids. */
function callState(c: Call) {
  const { customer_id, ...rest } = c;
  void customer_id;
  return rest;
}
function appointmentState(a: Appointment) {
  const { customer_id, ...rest } = a;
  void customer_id;
  return rest;
}
function customerState(c: Customer) {
  const { id, ...rest } = c;
  void id;
  return rest;
}

type Event = { kind: 'call'; body: CallEventBody } | { kind: 'appointment'; body: AppointmentEventBody };

describe('duplicated and reordered events over HTTP', () => {
  const servers: TestServer[] = [];
  const start = async () => {
    const server = await startTestServer({ clock: new ManualClock(NOW) });
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  async function send(server: TestServer, e: Event, expected?: { status?: number; duplicate?: boolean }) {
    const res = await server.request('POST', e.kind === 'call' ? '/salon/call' : '/salon/appointment', e.body);
    if (expected?.status !== undefined) expect(res.status, JSON.stringify(res.body)).toBe(expected.status);
    else expect([200, 202], JSON.stringify(res.body)).toContain(res.status);
    if (expected?.duplicate !== undefined) expect(res.body.duplicate, `${JSON.stringify(e.body)} duplicate`).toBe(expected.duplicate);
    return res;
  }

  /** Everything a client can read that derives from the events. */
  async function state(server: TestServer) {
    const weekly = await server.request<WeeklyMetrics>('GET', '/salon/metrics/weekly?weeks_back=3&until=2026-11-30');
    const calls = await server.request<Page<Call>>('GET', '/salon/calls?limit=1000');
    const appointments = await server.request<Page<Appointment>>('GET', '/salon/appointments?limit=1000');
    const customers = await server.request<Page<Customer>>('GET', '/salon/customers?limit=1000');
    return {
      weekly: weekly.body,
      calls: calls.body.items.map(callState),
      appointments: appointments.body.items.map(appointmentState),
      customers: customers.body.items.map(customerState).sort((a, b) => String(a.phone).localeCompare(String(b.phone))),
    };
  }

  // A morning at the desk: Ana calls, is answered and books a haircut that she attends; Ben's
  // call goes to voicemail; Ana later moves a second appointment and cancels it.
  const MORNING: Event[] = [
    { kind: 'call', body: { event: 'started', call_sid: 'CA-1', from: '+13125550101', caller_name: 'Ana Ruiz', timestamp: cst('2026-11-16T10:00:00') } },
    { kind: 'call', body: { event: 'answered', call_sid: 'CA-1', timestamp: cst('2026-11-16T10:00:12') } },
    { kind: 'call', body: { event: 'intent', call_sid: 'CA-1', intent: 'EMERGENCY_FIX', timestamp: cst('2026-11-16T10:00:40') } },
    { kind: 'call', body: { event: 'ended', call_sid: 'CA-1', status: 'completed', duration_sec: 200, timestamp: cst('2026-11-16T10:03:32') } },
    { kind: 'appointment', body: { appointment_id: 'AP-1', call_sid: 'CA-1', customer: { name: 'Ana Ruiz', phone: '+13125550101' }, service: 'EMERGENCY_FIX', start: cst('2026-11-18T11:00:00'), timestamp: cst('2026-11-16T10:03:00') } },
    { kind: 'appointment', body: { event: 'completed', appointment_id: 'AP-1', price: 50, timestamp: cst('2026-11-18T11:50:00') } },
    { kind: 'appointment', body: { appointment_id: 'AP-2', customer: { phone: '+13125550101' }, service: 'Hair Color', start: cst('2026-11-20T14:00:00'), timestamp: cst('2026-11-16T10:03:10') } },
    { kind: 'appointment', body: { event: 'rescheduled', appointment_id: 'AP-2', start: cst('2026-11-27T14:00:00'), timestamp: cst('2026-11-17T09:00:00') } },
    { kind: 'appointment', body: { event: 'cancelled', appointment_id: 'AP-2', timestamp: cst('2026-11-19T09:00:00') } },
    { kind: 'call', body: { event: 'started', call_sid: 'CA-2', from: '+13125550102', caller_name: 'Ben Okafor', timestamp: cst('2026-11-17T19:30:00') } },
    { kind: 'call', body: { event: 'ended', call_sid: 'CA-2', status: 'voicemail', duration_sec: 35, timestamp: cst('2026-11-17T19:30:50') } },
  ];

  it('an `ended` before its `started` gives the same call as the events in order, counted once', async () => {
    const server = await start();
    const inOrder = [
      { event: 'started', call_sid: 'CA-IN-ORDER', from: '+13125550103', caller_name: 'Carla Diaz', timestamp: cst('2026-11-17T11:00:00') },
      { event: 'answered', call_sid: 'CA-IN-ORDER', timestamp: cst('2026-11-17T11:00:05') },
      { event: 'ended', call_sid: 'CA-IN-ORDER', status: 'completed', duration_sec: 95, timestamp: cst('2026-11-17T11:01:40') },
    ];
    for (const body of inOrder) await send(server, { kind: 'call', body: body as CallEventBody }, { status: 200, duplicate: false });
    const reversed = inOrder.map((b) => ({ ...b, call_sid: 'CA-REVERSED' })).reverse();
    for (const body of reversed) await send(server, { kind: 'call', body: body as CallEventBody }, { status: 200, duplicate: false });

    const { body: calls } = await server.request<Page<Call>>('GET', '/salon/calls?limit=1000');
    expect(calls.total).toBe(2);
    const bySid = Object.fromEntries(calls.items.map((c) => [c.call_sid, c]));
    const withoutSid = ({ call_sid, ...rest }: Call) => (void call_sid, rest);
    const expected = withoutSid(bySid['CA-IN-ORDER']!);
    const actual = withoutSid(bySid['CA-REVERSED']!);
    expect(actual).toEqual(expected);
    expect(actual).toMatchObject({ status: 'answered', started_at: '2026-11-17T17:00:00.000Z', ended_at: '2026-11-17T17:01:40.000Z', duration_sec: 95 });
    const { body: weekly } = await server.request<WeeklyMetrics>('GET', '/salon/metrics/weekly?weeks_back=1&until=2026-11-17');
    expect(weekly.weeks[0]).toMatchObject({ calls_total: 2, calls_answered: 2, calls_missed: 0, avg_call_duration_sec: 95 });
  });

  it('every event sent twice gives the same state as every event sent once, and each repeat answers duplicate: true', async () => {
    const once = await start();
    for (const e of MORNING) await send(once, e, { duplicate: false });
    const twice = await start();
    for (const e of MORNING) {
      await send(twice, e, { duplicate: false });
      await send(twice, e, { duplicate: true });
    }
    for (const e of MORNING) await send(twice, e, { duplicate: true });
    const expected = await state(once);
    expect(await state(twice)).toEqual(expected);
    // The state itself is the right one, not only the same.
    const week = expected.weekly.weeks.find((w) => w.week_start === '2026-11-16')!;
    expect(week).toMatchObject({ calls_total: 2, calls_answered: 1, calls_missed: 1, appointments_booked: 2, appointments_scheduled: 1, appointments_completed: 1, revenue_cents: 5000 });
    expect(expected.weekly.weeks.find((w) => w.week_start === '2026-11-23')).toMatchObject({ appointments_scheduled: 1, cancellations: 1 });
  });

  it('the same events in reverse order give the same state', async () => {
    const inOrder = await start();
    for (const e of MORNING) await send(inOrder, e);
    const reversed = await start();
    for (const e of [...MORNING].reverse()) await send(reversed, e);
    expect(await state(reversed)).toEqual(await state(inOrder));
  });

  it('an appointment `completed` before its `booked` answers 202 pending, then the booking arrives and the figures are right', async () => {
    const server = await start();
    const early = await send(
      server,
      { kind: 'appointment', body: { event: 'completed', appointment_id: 'AP-LATE', timestamp: cst('2026-11-19T15:00:00') } },
      { status: 202, duplicate: false },
    );
    expect(early.body).toMatchObject({ ok: true, pending: true, appointment: null });
    // Nothing is counted while the booking is missing.
    let { body: weekly } = await server.request<WeeklyMetrics>('GET', '/salon/metrics/weekly?weeks_back=1&until=2026-11-16');
    expect(weekly.weeks[0]).toMatchObject({ appointments_booked: 0, appointments_scheduled: 0, appointments_completed: 0, revenue_cents: 0 });
    expect((await server.request('GET', '/salon/appointments')).body.total).toBe(0);

    const booked = await send(
      server,
      {
        kind: 'appointment',
        body: { appointment_id: 'AP-LATE', customer: { name: 'Dan Park', phone: '+13125550104' }, service: 'Perm', start: cst('2026-11-19T13:00:00'), timestamp: cst('2026-11-16T12:00:00') },
      },
      { status: 200, duplicate: false },
    );
    expect(booked.body.pending).toBe(false);
    expect(booked.body.appointment).toMatchObject({ appointment_id: 'AP-LATE', status: 'completed', price_cents: 8000, status_at: '2026-11-19T21:00:00.000Z' });
    ({ body: weekly } = await server.request<WeeklyMetrics>('GET', '/salon/metrics/weekly?weeks_back=1&until=2026-11-16'));
    // Booked Monday 11-16, starts Thursday 11-19, completed: Dan's first visit.
    expect(weekly.weeks[0]).toMatchObject({
      appointments_booked: 1,
      appointments_scheduled: 1,
      appointments_completed: 1,
      revenue_cents: 8000,
      revenue_per_appointment_cents: 8000,
      customers_served: 1,
      new_customers: 1,
      returning_customers: 0,
    });
  });

  it('a repeated `booked` with the same appointment_id answers duplicate: true and leaves one appointment', async () => {
    const server = await start();
    const booking = { appointment_id: 'AP-TWICE', customer: { name: 'Eve Stone', phone: '+13125550105' }, service: 'Haircut', start: cst('2026-11-18T10:00:00'), timestamp: cst('2026-11-16T09:00:00') };
    const first = await send(server, { kind: 'appointment', body: booking }, { status: 200, duplicate: false });
    const again = await send(server, { kind: 'appointment', body: booking }, { status: 200, duplicate: true });
    expect(again.body.appointment).toEqual(first.body.appointment);
    const { body: list } = await server.request<Page<Appointment>>('GET', '/salon/appointments?limit=1000');
    expect(list.total).toBe(1);
    expect(list.items.map((a) => a.appointment_id)).toEqual(['AP-TWICE']);
    const { body: weekly } = await server.request<WeeklyMetrics>('GET', '/salon/metrics/weekly?weeks_back=1&until=2026-11-16');
    expect(weekly.weeks[0]).toMatchObject({ appointments_booked: 1, appointments_scheduled: 1 });
    expect((await server.request<Page<Customer>>('GET', '/salon/customers?limit=1000')).body.total).toBe(1);
  });

  it('moving an appointment and then back to its first new time is not mistaken for a duplicate', async () => {
    const server = await start();
    const id = 'AP-MOVED';
    await send(server, { kind: 'appointment', body: { appointment_id: id, customer: { phone: '+13125550106' }, service: 'Haircut', start: cst('2026-11-20T10:00:00'), timestamp: cst('2026-11-16T09:00:00') } });
    const toSat = { event: 'rescheduled' as const, appointment_id: id, start: cst('2026-11-21T10:00:00'), timestamp: cst('2026-11-17T09:00:00') };
    const toSun = { event: 'rescheduled' as const, appointment_id: id, start: cst('2026-11-22T10:00:00'), timestamp: cst('2026-11-18T09:00:00') };
    const backToSat = { ...toSat, timestamp: cst('2026-11-19T09:00:00') };
    await send(server, { kind: 'appointment', body: toSat }, { duplicate: false });
    await send(server, { kind: 'appointment', body: toSun }, { duplicate: false });
    const back = await send(server, { kind: 'appointment', body: backToSat }, { duplicate: false });
    expect(back.body.appointment.start).toBe('2026-11-21T16:00:00.000Z');
    // The very same change sent again is still a duplicate.
    await send(server, { kind: 'appointment', body: backToSat }, { duplicate: true });
    expect((await server.request<Appointment>('GET', `/salon/appointments/${id}`)).body.start).toBe('2026-11-21T16:00:00.000Z');
  });

  it('an intent reported again after another one is the call\'s intent, in whichever order they arrive', async () => {
    const server = await start();
    const events = (sid: string): CallEventBody[] => [
      { event: 'started', call_sid: sid, from: '+13125550107', timestamp: cst('2026-11-17T10:00:00') },
      { event: 'intent', call_sid: sid, intent: 'EMERGENCY_FIX', timestamp: cst('2026-11-17T10:00:10') },
      { event: 'intent', call_sid: sid, intent: 'QUOTE_REQUEST', timestamp: cst('2026-11-17T10:00:20') },
      { event: 'intent', call_sid: sid, intent: 'EMERGENCY_FIX', timestamp: cst('2026-11-17T10:00:30') },
    ];
    for (const body of events('CA-INTENT-1')) await send(server, { kind: 'call', body }, { duplicate: false });
    // The last report first, the first one last.
    for (const body of [...events('CA-INTENT-2')].reverse()) await send(server, { kind: 'call', body }, { duplicate: false });
    // A resent report is still a duplicate.
    await send(server, { kind: 'call', body: events('CA-INTENT-1')[3]! }, { duplicate: true });
    const { body } = await server.request<Page<Call>>('GET', '/salon/calls?limit=1000');
    expect(Object.fromEntries(body.items.map((c) => [c.call_sid, c.intent]))).toEqual({ 'CA-INTENT-1': 'EMERGENCY_FIX', 'CA-INTENT-2': 'EMERGENCY_FIX' });
  });
});

// ---------------------------------------------------------------------------------------------
// The property: any order, any repeats, same state.

const PHONES = ['+13125550121', '+13125550122', '+13125550123', '+13125550124'] as const;
const NAMES = ['Ana Ruiz', 'Ben Okafor', undefined, 'Dan Park'] as const; // one caller never gives a name
const BASE = Date.parse('2026-11-02T06:00:00Z'); // Monday 2026-11-02 00:00 CST
const MIN = 60_000;
const SPAN_MIN = 14 * 24 * 60; // two weeks
const iso = (ms: number) => new Date(ms).toISOString();

const callArb = fc.record({
  phone: fc.integer({ min: 0, max: PHONES.length - 1 }),
  startMin: fc.integer({ min: 0, max: SPAN_MIN - 1 }),
  outbound: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
  kind: fc.constantFrom('answered-event', 'ended-completed', 'missed', 'live'),
  ringSec: fc.integer({ min: 1, max: 60 }),
  talkSec: fc.integer({ min: 0, max: 1200 }),
  missedStatus: fc.constantFrom('no-answer', 'busy', 'voicemail', 'canceled', 'failed', 'missed', 'completed'),
  // The phone agent may report the caller's intent several times, changing its mind.
  intents: fc.array(fc.constantFrom('EMERGENCY_FIX', 'QUOTE_REQUEST'), { maxLength: 3 }),
});

const appointmentArb = fc.record({
  phone: fc.integer({ min: 0, max: PHONES.length - 1 }),
  bookedMin: fc.integer({ min: 0, max: SPAN_MIN - 1 }),
  leadMin: fc.integer({ min: 60, max: 7 * 24 * 60 }),
  service: fc.constantFrom('Haircut', 'Hair Color', 'Perm', 'Blowout', 'QUOTE_REQUEST', 'CLOG_BLOCKAGE'),
  priceCents: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: undefined }),
  linkCall: fc.option(fc.nat(), { nil: undefined }),
  // Moves, each to one of a few days after the first start: a move back to an earlier choice happens.
  moves: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
  outcome: fc.constantFrom(undefined, 'completed', 'no_show', 'cancelled'),
  finalPriceCents: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: undefined }),
});

type CallSpec = typeof callArb extends fc.Arbitrary<infer T> ? T : never;
type AppointmentSpec = typeof appointmentArb extends fc.Arbitrary<infer T> ? T : never;

/** The events of a history, in the order in which they happened. */
function eventsOf(calls: CallSpec[], appointments: AppointmentSpec[]): Event[] {
  const timed: { at: number; event: Event }[] = [];
  calls.forEach((c, i) => {
    const sid = `CA${i}`;
    const t0 = BASE + c.startMin * MIN;
    const phone = PHONES[c.phone]!;
    const name = NAMES[c.phone];
    const started: CallEventBody = c.outbound
      ? { event: 'started', call_sid: sid, direction: 'outbound', from: '+13125550199', to: phone, timestamp: iso(t0) }
      : { event: 'started', call_sid: sid, from: phone, ...(name ? { caller_name: name } : {}), timestamp: iso(t0) };
    timed.push({ at: t0, event: { kind: 'call', body: started } });
    c.intents.forEach((intent, k) => timed.push({ at: t0 + (k + 1) * 1000, event: { kind: 'call', body: { event: 'intent', call_sid: sid, intent, timestamp: iso(t0 + (k + 1) * 1000) } } }));
    const answeredAt = t0 + c.ringSec * 1000;
    const push = (at: number, body: CallEventBody) => timed.push({ at, event: { kind: 'call', body: { ...body, timestamp: iso(at) } } });
    if (c.kind === 'answered-event') {
      push(answeredAt, { event: 'answered', call_sid: sid });
      push(answeredAt + c.talkSec * 1000, { event: 'ended', call_sid: sid, status: 'completed', duration_sec: c.talkSec });
    } else if (c.kind === 'ended-completed') {
      push(answeredAt + c.talkSec * 1000, { event: 'ended', call_sid: sid, status: 'completed', duration_sec: c.talkSec });
    } else if (c.kind === 'missed') {
      push(answeredAt, { event: 'ended', call_sid: sid, status: c.missedStatus, duration_sec: c.missedStatus === 'completed' ? 0 : c.ringSec });
    }
  });
  appointments.forEach((a, j) => {
    const id = `AP${j}`;
    const bookedAt = BASE + a.bookedMin * MIN;
    const start = bookedAt + a.leadMin * MIN;
    const phone = PHONES[a.phone]!;
    const name = NAMES[a.phone];
    const push = (at: number, body: AppointmentEventBody) => timed.push({ at, event: { kind: 'appointment', body: { ...body, appointment_id: id, timestamp: iso(at) } } });
    push(bookedAt, {
      event: 'booked',
      customer: { phone, ...(name ? { name } : {}) },
      service: a.service,
      start: iso(start),
      ...(a.priceCents !== undefined ? { price: a.priceCents / 100 } : {}),
      ...(a.linkCall !== undefined && calls.length > 0 ? { call_sid: `CA${a.linkCall % calls.length}` } : {}),
    });
    let at = bookedAt;
    let current = start;
    a.moves.forEach((day) => {
      at += 10 * MIN;
      current = start + (day + 1) * 24 * 60 * MIN;
      push(at, { event: 'rescheduled', start: iso(current) });
    });
    if (a.outcome === 'cancelled') push(at + 10 * MIN, { event: 'cancelled' });
    else if (a.outcome) {
      const price = a.finalPriceCents !== undefined ? { price: a.finalPriceCents / 100 } : {};
      push(Math.max(at, current) + 30 * MIN, { event: a.outcome, ...price });
    }
  });
  // Stable sort by time: the canonical order in which things happened.
  return timed.map((t, i) => ({ ...t, i })).sort((x, y) => x.at - y.at || x.i - y.i).map((t) => t.event);
}

const historyArb = fc
  .record({
    calls: fc.array(callArb, { minLength: 1, maxLength: 6 }),
    appointments: fc.array(appointmentArb, { minLength: 1, maxLength: 5 }),
  })
  .chain(({ calls, appointments }) => {
    const canonical = eventsOf(calls, appointments);
    return fc
      .array(fc.integer({ min: 0, max: canonical.length - 1 }), { maxLength: canonical.length })
      .chain((repeats) => {
        const withRepeats = [...canonical, ...repeats.map((i) => canonical[i]!)];
        return fc.shuffledSubarray(withRepeats, { minLength: withRepeats.length, maxLength: withRepeats.length });
      })
      .map((arrival) => ({ canonical, arrival }));
  });

describe('property: any arrival order with any repeats gives the state of the canonical order', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'salon-ingest-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let run = 0;
  function apply(events: Event[]) {
    const salon = new Salon(join(dir, `run-${run++}.db`), { clock: new ManualClock(NOW), overrides: { timezone: 'America/Chicago' } });
    const seen = new Set<string>();
    try {
      for (const e of events) {
        const key = JSON.stringify(e);
        const result = e.kind === 'call' ? salon.recordCallEvent(e.body) : salon.recordAppointmentEvent(e.body);
        // The first delivery of an event is new; a repeat of it is a duplicate.
        expect(result.duplicate, key).toBe(seen.has(key));
        seen.add(key);
      }
      return {
        weekly: salon.weeklyMetrics({ weeks_back: 5, until: '2026-11-30' }),
        calls: salon.calls({ limit: 1000 }).items.map(callState),
        appointments: salon.appointments({ limit: 1000 }).items.map(appointmentState),
        customers: salon
          .customers({ limit: 1000 })
          .items.map(customerState)
          .sort((a, b) => String(a.phone).localeCompare(String(b.phone))),
      };
    } finally {
      salon.close();
    }
  }

  it('GET /salon/metrics/weekly, the calls, the appointments and the customers are identical', () => {
    fc.assert(
      fc.property(historyArb, ({ canonical, arrival }) => {
        const expected = apply(canonical);
        const actual = apply(arrival);
        // Sanity: every call and appointment made it into both.
        expect(actual.calls.length).toBe(new Set(canonical.filter((e) => e.kind === 'call').map((e) => e.body.call_sid)).size);
        expect(actual.appointments.length).toBe(new Set(canonical.filter((e) => e.kind === 'appointment').map((e) => e.body.appointment_id)).size);
        expect(actual.weekly).toEqual(expected.weekly);
        expect(actual.calls).toEqual(expected.calls);
        expect(actual.appointments).toEqual(expected.appointments);
        expect(actual.customers).toEqual(expected.customers);
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
