/**
 * The batch ingest path (issue 15): `Salon.ingestCalls` and `Salon.ingestAppointments` give the
 * same calls, appointments, customers and figures as the same events sent one by one through
 * `recordCallEvent` and `recordAppointmentEvent`, whatever their order and however often each
 * comes; a bad event is refused alone, a second pass stores nothing, and a batch is announced
 * as one `metrics.updated`, not one message per event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { InputError } from '../electron/core/errors.js';
import { Salon } from '../electron/core/salon.js';
import type { AppointmentEventBody, CallEventBody, LiveMessage } from '../electron/contract/index.js';

const dir = mkdtempSync(join(tmpdir(), 'salon-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.parse('2026-11-25T18:00:00Z');
let count = 0;
const freshSalon = () => new Salon(join(dir, `salon-${++count}.db`), { clock: new ManualClock(NOW), overrides: { timezone: 'America/Chicago' } });

/** Three events per call, some calls missed, several callers ringing more than once. */
function callEvents(calls: number): CallEventBody[] {
  const events: CallEventBody[] = [];
  for (let i = 0; i < calls; i++) {
    const start = Date.parse('2026-11-23T15:00:00Z') + i * 600_000;
    const call_sid = `CA-batch-${i}`;
    const from = `+1312555${String(1000 + (i % 40)).padStart(4, '0')}`;
    events.push({ event: 'started', call_sid, from, caller_name: `Caller ${i % 40}`, timestamp: new Date(start).toISOString() });
    if (i % 3 !== 0) events.push({ event: 'answered', call_sid, timestamp: new Date(start + 5_000).toISOString() });
    events.push({ event: 'ended', call_sid, status: i % 3 === 0 ? 'no-answer' : 'completed', duration_sec: i % 3 === 0 ? 0 : 120, timestamp: new Date(start + 125_000).toISOString() });
  }
  return events;
}

/** A deterministic shuffle (the same every run). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Calls, appointments, customers and the weeks' figures, without the customers' row ids (they number customers in the order first seen). */
const everything = (salon: Salon) => {
  const phoneOf = (id: number | null) => (id === null ? null : salon.customer(id).phone);
  return {
    calls: salon.calls({ limit: 1000 }).items.map(({ customer_id, ...call }) => ({ ...call, customer: phoneOf(customer_id) })),
    appointments: salon.appointments({ limit: 1000 }).items.map(({ customer_id, ...appointment }) => ({ ...appointment, customer: phoneOf(customer_id) })),
    customers: salon.customers({ limit: 1000 }).items.map(({ id: _id, ...customer }) => customer),
    weeks: salon.weeklyMetrics({ weeks_back: 3, until: '2026-12-01' }),
  };
};

/** Every message the salon announces, from now on. */
function announcements(salon: Salon): LiveMessage[] {
  const messages: LiveMessage[] = [];
  salon.changes.subscribe((m) => messages.push(m));
  return messages;
}

/** Out of order, every event twice, and one bad event among them (at position 400). */
const shuffledTwiceWith = <T>(events: readonly T[], bad: T): T[] => [...shuffled([...events, ...events]).slice(0, 400), bad, ...shuffled([...events, ...events]).slice(400)];

describe('ingestCalls', () => {
  it('gives the same calls, customers and figures as the events one by one, in any order, each counted once; a bad event is refused alone; one announcement', async () => {
    const events = callEvents(300);
    const single = freshSalon();
    const batch = freshSalon();
    try {
      for (const e of events) single.recordCallEvent(e);
      const bad: CallEventBody = { event: 'started', call_sid: 'CA-bad', timestamp: '1999-12-31T23:00:00Z' };
      expect(() => single.checkCallEvent(bad)).toThrow(InputError);
      const messages = announcements(batch);
      const outcome = batch.ingestCalls(shuffledTwiceWith(events, bad));
      expect(outcome.stored).toBe(events.length);
      expect(outcome.duplicates).toBe(events.length);
      expect(outcome.refused).toEqual([{ index: 400, field: 'timestamp', error: expect.stringContaining('2000-01-01') }]);
      expect(everything(batch)).toEqual(everything(single));
      expect(batch.calls({ limit: 1 }).total).toBe(300);
      // One message for the whole batch, once it has committed (the figures are pushed on the next turn).
      expect(messages).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(messages.map((m) => m.type)).toEqual(['metrics.updated']);

      const again = batch.ingestCalls(events);
      expect(again).toMatchObject({ stored: 0, duplicates: events.length, refused: [], storedAt: [] });
      expect(everything(batch)).toEqual(everything(single));
    } finally {
      single.close();
      batch.close();
    }
  });
});

/**
 * Appointments of the week, a few linked to calls, booked by 25 customers (by phone, with the
 * names and emails of their bookings), then completed, missed, cancelled or moved; some of
 * them booked from a call alone (the customer and service taken from the call).
 */
function appointmentEvents(count: number): AppointmentEventBody[] {
  const services = ['Haircut', 'Hair Color', 'Blowout', 'Perm'];
  const events: AppointmentEventBody[] = [];
  for (let i = 0; i < count; i++) {
    const appointment_id = `ext-batch-${i}`;
    const start = Date.parse('2026-11-23T15:00:00Z') + (i % 60) * 3_600_000;
    const bookedAt = Date.parse('2026-11-16T15:00:00Z') + i * 60_000;
    const phone = `+1312555${String(2000 + (i % 25)).padStart(4, '0')}`;
    const at = (ms: number) => new Date(ms).toISOString();
    events.push(
      i % 10 === 0
        ? { event: 'booked', appointment_id, call_sid: `CA-batch-${i % 30}`, start: at(start), timestamp: at(bookedAt) }
        : { event: 'booked', appointment_id, customer: { phone, name: `Client ${i % 25}`, ...(i % 4 === 0 ? { email: `client${i % 25}@example.com` } : {}) }, service: services[i % 4]!, start: at(start), timestamp: at(bookedAt) },
    );
    if (i % 5 === 1) events.push({ event: 'rescheduled', appointment_id, start: at(start + 86_400_000), timestamp: at(bookedAt + 3_600_000) });
    const later = at(start + 3_600_000);
    if (i % 4 === 0) events.push({ event: 'completed', appointment_id, timestamp: later });
    else if (i % 4 === 1) events.push({ event: 'no_show', appointment_id, timestamp: later });
    else if (i % 4 === 2) events.push({ event: 'cancelled', appointment_id, timestamp: at(bookedAt + 7_200_000) });
  }
  return events;
}

describe('ingestAppointments', () => {
  it('gives the same appointments, customers and figures as the events one by one, in any order, each counted once; a bad event is refused alone; one announcement', async () => {
    const calls = callEvents(30);
    calls.push(...Array.from({ length: 30 }, (_, i): CallEventBody => ({ event: 'intent', call_sid: `CA-batch-${i}`, intent: 'EMERGENCY_FIX', timestamp: '2026-11-23T15:01:00Z' })));
    const events = appointmentEvents(200);
    const single = freshSalon();
    const batch = freshSalon();
    try {
      for (const salon of [single, batch]) for (const e of calls) salon.recordCallEvent(e);
      for (const e of events) single.recordAppointmentEvent(e);
      const bad: AppointmentEventBody = { event: 'booked', appointment_id: 'ext-bad', customer: { phone: '+13125559999' }, service: 'Tattoo', start: '2026-11-25T16:00:00Z' };
      expect(() => single.checkAppointmentEvent(bad)).toThrow(InputError);
      const messages = announcements(batch);
      const outcome = batch.ingestAppointments(shuffledTwiceWith(events, bad));
      expect(outcome.stored).toBe(events.length);
      expect(outcome.duplicates).toBe(events.length);
      expect(outcome.refused).toEqual([{ index: 400, field: 'service', error: expect.stringContaining('Tattoo') }]);
      const after = everything(batch);
      expect(after).toEqual(everything(single));
      expect(after.appointments).toHaveLength(200);
      // Every kind of change is in it: first visits, bookings from calls, moves, each status.
      expect(after.customers.filter((c) => c.first_visit_at !== null).length).toBeGreaterThan(0);
      expect(after.weeks.weeks.some((w) => w.calls_converted > 0 && w.appointments_completed > 0 && w.no_shows > 0 && w.cancellations > 0)).toBe(true);
      expect(after.appointments.filter((a) => a.call_sid !== null && a.service === 'Haircut')).toHaveLength(20);
      expect(messages).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(messages.map((m) => m.type)).toEqual(['metrics.updated']);

      expect(batch.ingestAppointments(events)).toMatchObject({ stored: 0, duplicates: events.length, refused: [] });
      expect(everything(batch)).toEqual(after);
    } finally {
      single.close();
      batch.close();
    }
  });
});
