/**
 * The figures of SPEC §2, checked against a salon week worked out by hand.
 *
 * Salon time zone America/Chicago; default business hours Mon–Sat 09:00–18:00, Sunday closed.
 * All of November 2026 after the 1st is CST (UTC−06:00), so every local time below is written
 * with `-06:00`. Four weeks are crafted:
 *
 *   W0 2026-11-02 … 11-08  history: Carla's first visit
 *   W1 2026-11-09 … 11-15  last week, for growth
 *   W2 2026-11-16 … 11-22  the week under test
 *   W3 2026-11-23 … 11-29  this week (the clock stands at Monday 11-23 01:00), incomplete
 *
 * Every event is sent over HTTP with an explicit `timestamp`, so what counts is when things
 * happened, not when they arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import type { Dashboard, Growth, WeekFigures, WeeklyMetrics } from '../electron/contract/index.js';
import { startTestServer, type TestServer } from './support/server.js';

/** A local Chicago time in November 2026 (CST). */
const cst = (local: string) => `${local}-06:00`;

const PHONE = {
  ana: '+13125550101',
  ben: '+13125550102',
  carla: '+13125550103',
  dan: '+13125550104',
  eve: '+13125550105',
  finn: '+13125550106',
  gus: '+13125550107',
  hal: '+13125550108',
  ivy: '+13125550109',
  jo: '+13125550110',
  kim: '+13125550111',
} as const;
const SALON_LINE = '+13125550199';

// Monday 2026-11-23 01:00 CST: W2 is over, W3 has just begun.
const NOW = Date.parse('2026-11-23T07:00:00Z');

describe('the figures of a week worked out by hand (America/Chicago)', () => {
  let server: TestServer;

  async function post(path: string, body: object, expected = 200): Promise<void> {
    const res = await server.request('POST', path, body);
    expect(res.status, `${path} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(expected);
  }
  const call = (body: object) => post('/salon/call', body);
  const appointment = (body: object) => post('/salon/appointment', body);

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });

    // ---------------- W0 (2026-11-02 … 11-08) ----------------
    // W0-C1 Carla, Tue 10:00, in hours, answered (ended completed, 120 s); converted by A-W0.
    await call({ event: 'started', call_sid: 'W0-C1', from: PHONE.carla, caller_name: 'Carla Diaz', timestamp: cst('2026-11-03T10:00:00') });
    await call({ event: 'ended', call_sid: 'W0-C1', status: 'completed', duration_sec: 120, timestamp: cst('2026-11-03T10:02:00') });
    // A-W0 Carla, Haircut 45.00, starts Wed 11-04 10:00, completed: Carla's first visit.
    await appointment({ appointment_id: 'A-W0', call_sid: 'W0-C1', customer: { name: 'Carla Diaz', phone: PHONE.carla }, service: 'Haircut', start: cst('2026-11-04T10:00:00'), timestamp: cst('2026-11-03T10:02:00') });
    await appointment({ event: 'completed', appointment_id: 'A-W0', timestamp: cst('2026-11-04T10:45:00') });

    // ---------------- W1 (2026-11-09 … 11-15) ----------------
    // W1-C1 Dan, Tue 11:00, answered (ended completed, 200 s); converted by A-P1.
    await call({ event: 'started', call_sid: 'W1-C1', from: PHONE.dan, caller_name: 'Dan Park', timestamp: cst('2026-11-10T11:00:00') });
    await call({ event: 'ended', call_sid: 'W1-C1', status: 'completed', duration_sec: 200, timestamp: cst('2026-11-10T11:03:20') });
    // W1-C2 Ana, Tue 12:00, missed (no-answer).
    await call({ event: 'started', call_sid: 'W1-C2', from: PHONE.ana, caller_name: 'Ana Ruiz', timestamp: cst('2026-11-10T12:00:00') });
    await call({ event: 'ended', call_sid: 'W1-C2', status: 'no-answer', timestamp: cst('2026-11-10T12:00:30') });
    // W1-C3 Carla, Wed 14:00, answered (answered event), 300 s.
    await call({ event: 'started', call_sid: 'W1-C3', from: PHONE.carla, timestamp: cst('2026-11-11T14:00:00') });
    await call({ event: 'answered', call_sid: 'W1-C3', timestamp: cst('2026-11-11T14:00:10') });
    await call({ event: 'ended', call_sid: 'W1-C3', status: 'completed', duration_sec: 300, timestamp: cst('2026-11-11T14:05:10') });
    // W1-C4 Ben, Sun 11-15 23:50 (closed day: after hours), answered, 900 s, ends on Monday in W2:
    // it counts in W1, the week in which it started.
    await call({ event: 'started', call_sid: 'W1-C4', from: PHONE.ben, caller_name: 'Ben Okafor', timestamp: cst('2026-11-15T23:50:00') });
    await call({ event: 'answered', call_sid: 'W1-C4', timestamp: cst('2026-11-15T23:50:05') });
    await call({ event: 'ended', call_sid: 'W1-C4', status: 'completed', duration_sec: 900, timestamp: cst('2026-11-16T00:05:05') });
    // A-P1 Dan, booked during W1-C1, Haircut 45.00, starts Thu 11-12 10:00, completed: Dan's first visit.
    await appointment({ appointment_id: 'A-P1', call_sid: 'W1-C1', customer: { name: 'Dan Park', phone: PHONE.dan }, service: 'Haircut', start: cst('2026-11-12T10:00:00'), timestamp: cst('2026-11-10T11:03:00') });
    await appointment({ event: 'completed', appointment_id: 'A-P1', timestamp: cst('2026-11-12T10:45:00') });
    // A-P2 Ana, booked Wed 11-11 at the desk, Haircut 45.00, starts in W2 (Tue 11-17 10:00), completed there.
    await appointment({ appointment_id: 'A-P2', customer: { name: 'Ana Ruiz', phone: PHONE.ana }, service: 'Haircut', start: cst('2026-11-17T10:00:00'), timestamp: cst('2026-11-11T09:30:00') });
    await appointment({ event: 'completed', appointment_id: 'A-P2', timestamp: cst('2026-11-17T10:45:00') });
    // A-P3 Carla, booked Mon 11-09, Hair Color 120.00, starts Fri 11-13 14:00, completed: Carla returns.
    await appointment({ appointment_id: 'A-P3', customer: { phone: PHONE.carla }, service: 'Hair Color', start: cst('2026-11-13T14:00:00'), timestamp: cst('2026-11-09T09:15:00') });
    await appointment({ event: 'completed', appointment_id: 'A-P3', timestamp: cst('2026-11-13T16:00:00') });

    // ---------------- W2 (2026-11-16 … 11-22) ----------------
    // C1 Ana, Mon 09:00 (opening: in hours), answered by an `answered` event; the `ended` event has
    // neither status nor duration, so the duration is answered→ended = 240 s.
    await call({ event: 'started', call_sid: 'C1', from: PHONE.ana, caller_name: 'Ana Ruiz', timestamp: cst('2026-11-16T09:00:00') });
    await call({ event: 'answered', call_sid: 'C1', timestamp: cst('2026-11-16T09:00:15') });
    await call({ event: 'ended', call_sid: 'C1', timestamp: cst('2026-11-16T09:04:15') });
    // C2 Eve, Mon 10:00, in hours, answered: ended `completed` with 180 s (no answered event).
    await call({ event: 'started', call_sid: 'C2', from: PHONE.eve, caller_name: 'Eve Stone', timestamp: cst('2026-11-16T10:00:00') });
    await call({ event: 'ended', call_sid: 'C2', status: 'completed', duration_sec: 180, timestamp: cst('2026-11-16T10:03:00') });
    // C3 Finn, Tue 11:00, in hours, missed: `no-answer` (25 s of ringing do not make it answered).
    await call({ event: 'started', call_sid: 'C3', from: PHONE.finn, caller_name: 'Finn Berg', timestamp: cst('2026-11-17T11:00:00') });
    await call({ event: 'ended', call_sid: 'C3', status: 'no-answer', duration_sec: 25, timestamp: cst('2026-11-17T11:00:25') });
    // C4 Finn again, Tue 12:00, in hours, missed: `busy`.
    await call({ event: 'started', call_sid: 'C4', from: PHONE.finn, timestamp: cst('2026-11-17T12:00:00') });
    await call({ event: 'ended', call_sid: 'C4', status: 'busy', timestamp: cst('2026-11-17T12:00:20') });
    // C5 Gus, Wed 08:30 (before opening: after hours), missed: `voicemail` with a 40 s message.
    await call({ event: 'started', call_sid: 'C5', from: PHONE.gus, caller_name: 'Gus Lee', timestamp: cst('2026-11-18T08:30:00') });
    await call({ event: 'ended', call_sid: 'C5', status: 'voicemail', duration_sec: 40, timestamp: cst('2026-11-18T08:31:10') });
    // C6 Hal, Wed 18:00 (closing time: after hours), missed: `completed` with duration 0.
    await call({ event: 'started', call_sid: 'C6', from: PHONE.hal, caller_name: 'Hal Moore', timestamp: cst('2026-11-18T18:00:00') });
    await call({ event: 'ended', call_sid: 'C6', status: 'completed', duration_sec: 0, timestamp: cst('2026-11-18T18:00:30') });
    // C7 Ivy, Sun 22:00 (closed day: after hours), still live: neither answered nor missed.
    await call({ event: 'started', call_sid: 'C7', from: PHONE.ivy, caller_name: 'Ivy Chen', timestamp: cst('2026-11-22T22:00:00') });
    // C8 outbound: the desk calls Finn back, Thu 10:00, 60 s. Stored, excluded from every figure.
    await call({ event: 'started', call_sid: 'C8', direction: 'outbound', from: SALON_LINE, to: PHONE.finn, timestamp: cst('2026-11-19T10:00:00') });
    await call({ event: 'ended', call_sid: 'C8', status: 'completed', duration_sec: 60, timestamp: cst('2026-11-19T10:01:00') });
    // C9 Jo, Thu 19:15 (after closing: after hours), answered: ended `answered` with 90 s.
    await call({ event: 'started', call_sid: 'C9', from: PHONE.jo, caller_name: 'Jo Quinn', timestamp: cst('2026-11-19T19:15:00') });
    await call({ event: 'ended', call_sid: 'C9', status: 'answered', duration_sec: 90, timestamp: cst('2026-11-19T19:16:30') });
    // A test call and a test appointment (completed, linked to it) in the middle of W2: left out of every figure.
    await post('/salon/test/call', { call_sid: 'TEST-1', timestamp: cst('2026-11-17T10:30:00') });
    await post('/salon/test/call', { event: 'ended', call_sid: 'TEST-1', status: 'completed', duration_sec: 60, timestamp: cst('2026-11-17T10:31:00') });
    await post('/salon/test/appointment', { appointment_id: 'TEST-A', call_sid: 'TEST-1', start: cst('2026-11-18T10:00:00'), timestamp: cst('2026-11-17T10:31:00') });
    await post('/salon/test/appointment', { event: 'completed', appointment_id: 'TEST-A', start: cst('2026-11-18T10:00:00'), timestamp: cst('2026-11-18T11:00:00') });

    // A-C2 Carla, booked Mon 08:00 at the desk (no call), Hair Color 120.00, Thu 11-19 14:00, completed.
    await appointment({ appointment_id: 'A-C2', customer: { phone: PHONE.carla }, service: 'Hair Color', start: cst('2026-11-19T14:00:00'), timestamp: cst('2026-11-16T08:00:00') });
    await appointment({ event: 'completed', appointment_id: 'A-C2', timestamp: cst('2026-11-19T16:00:00') });
    // A-A2 Ana, booked during C1, Blowout 35.00, Fri 11-20 15:00, cancelled on Thursday.
    await appointment({ appointment_id: 'A-A2', call_sid: 'C1', customer: { phone: PHONE.ana }, service: 'Blowout', start: cst('2026-11-20T15:00:00'), timestamp: cst('2026-11-16T09:04:00') });
    await appointment({ event: 'cancelled', appointment_id: 'A-A2', timestamp: cst('2026-11-19T12:00:00') });
    // A-A3 Ana, also booked during C1, by intent code CLOG_BLOCKAGE (Hair Treatment) at a price of
    // 70.03, Sat 11-21 11:00, completed. C1 has two appointments: it is still one converted call.
    await appointment({ appointment_id: 'A-A3', call_sid: 'C1', customer: { phone: PHONE.ana }, service: 'CLOG_BLOCKAGE', price: 70.03, start: cst('2026-11-21T11:00:00'), timestamp: cst('2026-11-16T09:04:10') });
    await appointment({ event: 'completed', appointment_id: 'A-A3', timestamp: cst('2026-11-21T12:00:00') });
    // A-E1 Eve, booked during C2, Haircut 45.00, Wed 11-18 11:00, completed: Eve's first visit.
    await appointment({ appointment_id: 'A-E1', call_sid: 'C2', customer: { name: 'Eve Stone', phone: PHONE.eve }, service: 'Haircut', start: cst('2026-11-18T11:00:00'), timestamp: cst('2026-11-16T10:03:00') });
    await appointment({ event: 'completed', appointment_id: 'A-E1', timestamp: cst('2026-11-18T11:45:00') });
    // A-K1 Kim, booked Tue (no call), Consultation 0.00 for Tue 11-24 (W3), rescheduled on Wednesday
    // into W2 (Sat 11-21 16:00); nothing recorded afterwards: still `scheduled`.
    await appointment({ appointment_id: 'A-K1', customer: { name: 'Kim Ward', phone: PHONE.kim }, service: 'Consultation', start: cst('2026-11-24T10:00:00'), timestamp: cst('2026-11-17T15:00:00') });
    await appointment({ event: 'rescheduled', appointment_id: 'A-K1', start: cst('2026-11-21T16:00:00'), timestamp: cst('2026-11-18T09:00:00') });
    // A-F1 Finn, booked Thu 10:01 during the desk's call-back, linked to his missed call C3
    // (converted, whatever became of it), Perm 80.00, Sat 11-21 10:00: a no-show.
    await appointment({ appointment_id: 'A-F1', call_sid: 'C3', customer: { name: 'Finn Berg', phone: PHONE.finn }, service: 'Perm', start: cst('2026-11-21T10:00:00'), timestamp: cst('2026-11-19T10:01:00') });
    await appointment({ event: 'no_show', appointment_id: 'A-F1', timestamp: cst('2026-11-21T10:30:00') });
    // A-J1 Jo, booked during C9 on Thursday evening, Highlights 150.00, starts next week (Tue 11-24 10:00).
    await appointment({ appointment_id: 'A-J1', call_sid: 'C9', customer: { name: 'Jo Quinn', phone: PHONE.jo }, service: 'Highlights', start: cst('2026-11-24T10:00:00'), timestamp: cst('2026-11-19T19:16:00') });
  });
  afterAll(() => server.stop());

  /*
   * W0: calls C1 (answered, 120 s, in hours, converted).
   *     appointments: A-W0 booked and completed (45.00); Carla's first visit.
   */
  const W0: WeekFigures = {
    calls_total: 1,
    calls_answered: 1,
    calls_missed: 0,
    calls_after_hours: 0,
    avg_call_duration_sec: 120,
    answer_rate: 1, // 1/1
    calls_converted: 1,
    conversion_rate: 1, // 1/1
    appointments_booked: 1,
    appointments_scheduled: 1,
    appointments_completed: 1,
    no_shows: 0,
    cancellations: 0,
    no_show_rate: 0,
    cancellation_rate: 0,
    revenue_cents: 4500,
    revenue_per_appointment_cents: 4500,
    customers_served: 1, // Carla
    new_customers: 1, // Carla
    returning_customers: 0,
    retention_rate: 0, // 0/1
  };

  /*
   * W1: calls W1-C1 (answered 200 s), W1-C2 (missed), W1-C3 (answered 300 s), W1-C4 (Sunday 23:50,
   *     after hours, answered 900 s; it ends in W2 but started in W1).
   *     converted: W1-C1 (A-P1).
   *     booked in W1: A-P3 (Mon), A-P1 (Tue), A-P2 (Wed, starts in W2) = 3.
   *     starting in W1: A-P1 (45.00) and A-P3 (120.00), both completed.
   *     served: Dan (new: first visit 11-12), Carla (returning: first visit in W0).
   */
  const W1: WeekFigures = {
    calls_total: 4,
    calls_answered: 3,
    calls_missed: 1,
    calls_after_hours: 1,
    avg_call_duration_sec: 1400 / 3, // (200 + 300 + 900) / 3
    answer_rate: 3 / 4,
    calls_converted: 1,
    conversion_rate: 1 / 4,
    appointments_booked: 3,
    appointments_scheduled: 2,
    appointments_completed: 2,
    no_shows: 0,
    cancellations: 0,
    no_show_rate: 0,
    cancellation_rate: 0,
    revenue_cents: 16500, // 4500 + 12000
    revenue_per_appointment_cents: 8250, // 16500 / 2
    customers_served: 2,
    new_customers: 1,
    returning_customers: 1,
    retention_rate: 1 / 2,
  };

  /*
   * W2, inbound non-test calls started in the week: C1 C2 C3 C4 C5 C6 C7 C9 = 8
   *   (C8 is outbound, TEST-1 is a test call; W1-C4 ended on Monday but started in W1).
   *   answered: C1 (240 s, answered event), C2 (180 s, completed), C9 (90 s, status answered) = 3
   *   missed: C3 no-answer, C4 busy, C5 voicemail, C6 completed/0 s = 4; C7 is live.
   *   after hours: C5 (08:30), C6 (18:00), C7 (Sunday), C9 (19:15) = 4.
   *   average duration of answered calls: (240 + 180 + 90) / 3 = 170.
   *   answer rate: 3 / (3 + 4) = 3/7.
   *   converted: C1 (A-A2, A-A3), C2 (A-E1), C3 (A-F1), C9 (A-J1) = 4; 4/8 = 1/2.
   * Appointments booked in W2: A-C2, A-A2, A-A3, A-E1 (Mon), A-K1 (Tue), A-F1, A-J1 (Thu) = 7
   *   (A-P2 was booked in W1; TEST-A is a test).
   * Starting in W2: A-P2 completed 45.00, A-E1 completed 45.00, A-C2 completed 120.00,
   *   A-A2 cancelled, A-A3 completed 70.03, A-F1 no-show, A-K1 scheduled (rescheduled in) = 7
   *   (A-J1 starts in W3; TEST-A is a test).
   *   completed 4, no-shows 1 (1/7), cancellations 1 (1/7).
   *   revenue: 4500 + 4500 + 12000 + 7003 = 28003; per appointment 28003 / 4 = 7000.75 → 7001.
   * Customers served: Ana (A-P2, A-A3), Eve, Carla = 3.
   *   new: Ana (first visit Tue 11-17) and Eve (first visit Wed 11-18) = 2; returning: Carla = 1; 1/3.
   */
  const W2: WeekFigures = {
    calls_total: 8,
    calls_answered: 3,
    calls_missed: 4,
    calls_after_hours: 4,
    avg_call_duration_sec: 170,
    answer_rate: 3 / 7,
    calls_converted: 4,
    conversion_rate: 1 / 2,
    appointments_booked: 7,
    appointments_scheduled: 7,
    appointments_completed: 4,
    no_shows: 1,
    cancellations: 1,
    no_show_rate: 1 / 7,
    cancellation_rate: 1 / 7,
    revenue_cents: 28003,
    revenue_per_appointment_cents: 7001,
    customers_served: 3,
    new_customers: 2,
    returning_customers: 1,
    retention_rate: 1 / 3,
  };

  /* W3 so far (the clock is at its first hour): only A-J1 (Tue 11-24) starts in it, still scheduled. */
  const W3: WeekFigures = {
    ...Object.fromEntries(Object.keys(W2).map((k) => [k, 0])),
    appointments_scheduled: 1,
  } as WeekFigures;

  /*
   * Growth W2 against W1, (this − last) / last; null where W1's figure is 0.
   */
  const GROWTH_W2: Growth = {
    calls_total: 1, // (8 − 4) / 4
    calls_answered: 0, // (3 − 3) / 3
    calls_missed: 3, // (4 − 1) / 1
    calls_after_hours: 3, // (4 − 1) / 1
    avg_call_duration_sec: -89 / 140, // (170 − 1400/3) / (1400/3) = (510 − 1400) / 1400
    answer_rate: -3 / 7, // (3/7 − 3/4) / (3/4) = (12 − 21) / 21
    calls_converted: 3, // (4 − 1) / 1
    conversion_rate: 1, // (1/2 − 1/4) / (1/4)
    appointments_booked: 4 / 3, // (7 − 3) / 3
    appointments_scheduled: 5 / 2, // (7 − 2) / 2
    appointments_completed: 1, // (4 − 2) / 2
    no_shows: null, // W1: 0
    cancellations: null, // W1: 0
    no_show_rate: null, // W1: 0
    cancellation_rate: null, // W1: 0
    revenue_cents: 11503 / 16500, // (28003 − 16500) / 16500
    revenue_per_appointment_cents: -1249 / 8250, // (7001 − 8250) / 8250
    customers_served: 1 / 2, // (3 − 2) / 2
    new_customers: 1, // (2 − 1) / 1
    returning_customers: 0, // (1 − 1) / 1
    retention_rate: -1 / 3, // (1/3 − 1/2) / (1/2)
  };

  /* Growth W1 against W0. */
  const GROWTH_W1: Growth = {
    calls_total: 3, // (4 − 1) / 1
    calls_answered: 2, // (3 − 1) / 1
    calls_missed: null, // W0: 0
    calls_after_hours: null, // W0: 0
    avg_call_duration_sec: 26 / 9, // (1400/3 − 120) / 120 = 1040 / 360
    answer_rate: -1 / 4, // (3/4 − 1) / 1
    calls_converted: 0, // (1 − 1) / 1
    conversion_rate: -3 / 4, // (1/4 − 1) / 1
    appointments_booked: 2, // (3 − 1) / 1
    appointments_scheduled: 1, // (2 − 1) / 1
    appointments_completed: 1, // (2 − 1) / 1
    no_shows: null,
    cancellations: null,
    no_show_rate: null,
    cancellation_rate: null,
    revenue_cents: 8 / 3, // (16500 − 4500) / 4500
    revenue_per_appointment_cents: 5 / 6, // (8250 − 4500) / 4500
    customers_served: 1, // (2 − 1) / 1
    new_customers: 0, // (1 − 1) / 1
    returning_customers: null, // W0: 0
    retention_rate: null, // W0: 0
  };

  /** Exact for every figure: the computations are simple enough that n/d must come out identical. */
  function expectFigures(actual: Record<string, unknown>, expected: WeekFigures, label: string) {
    for (const [name, value] of Object.entries(expected)) {
      expect(actual[name], `${label}: ${name}`).toBe(value);
    }
  }

  function expectGrowth(actual: Record<string, number | null>, expected: Growth, label: string) {
    expect(Object.keys(actual).sort(), `${label}: growth keys`).toEqual(Object.keys(expected).sort());
    for (const [name, value] of Object.entries(expected)) {
      if (value === null) expect(actual[name], `${label}: growth of ${name}`).toBeNull();
      else expect(actual[name], `${label}: growth of ${name}`).toBeCloseTo(value, 12);
    }
  }

  it('GET /salon/dashboard for the week answers every figure as worked out by hand', async () => {
    const { status, body } = await server.request<Dashboard>('GET', '/salon/dashboard?week=2026-11-19');
    expect(status).toBe(200);
    expect(body.timezone).toBe('America/Chicago');
    // Any date of the week names the week from its Monday to its Sunday; the clock is past it.
    expect(body.week).toEqual({ start: '2026-11-16', end: '2026-11-22', complete: true });
    expect(Object.keys(body.figures).sort()).toEqual(Object.keys(W2).sort());
    expectFigures(body.figures as unknown as Record<string, unknown>, W2, 'W2');
  });

  it('GET /salon/dashboard gives the growth of every figure against last week, null where last week had 0', async () => {
    const w2 = await server.request<Dashboard>('GET', '/salon/dashboard?week=2026-11-16');
    expectGrowth(w2.body.growth, GROWTH_W2, 'W2 vs W1');
    const w1 = await server.request<Dashboard>('GET', '/salon/dashboard?week=2026-11-15');
    expect(w1.body.week).toEqual({ start: '2026-11-09', end: '2026-11-15', complete: true });
    expectFigures(w1.body.figures as unknown as Record<string, unknown>, W1, 'W1');
    expectGrowth(w1.body.growth, GROWTH_W1, 'W1 vs W0');
  });

  it('GET /salon/metrics/weekly answers the same figures for every week, oldest first, with completeness', async () => {
    const { status, body } = await server.request<WeeklyMetrics>('GET', '/salon/metrics/weekly?weeks_back=4&until=2026-11-23');
    expect(status).toBe(200);
    expect(body.timezone).toBe('America/Chicago');
    expect(body.weeks.map((w) => [w.week_start, w.complete])).toEqual([
      ['2026-11-02', true],
      ['2026-11-09', true],
      ['2026-11-16', true],
      ['2026-11-23', false],
    ]);
    const expected = [W0, W1, W2, W3];
    body.weeks.forEach((week, i) => {
      const { week_start, complete, ...figures } = week;
      void complete;
      expect(Object.keys(figures).sort(), week_start).toEqual(Object.keys(W2).sort());
      expectFigures(figures, expected[i]!, week_start);
    });
  });

  it('the dashboard lists the live call and the missed callers still waiting for a call-back', async () => {
    const { body } = await server.request<Dashboard>('GET', '/salon/dashboard?week=2026-11-16');
    // C7 started at Sunday 22:00, three hours before the clock, and has not ended.
    expect(body.live_calls.map((c) => c.call_sid)).toEqual(['C7']);
    // Missed in the last 30 days and still waiting: Gus (C5) and Hal (C6). Ana (W1-C2) called
    // again and was answered (C1); Finn (C3, C4) booked A-F1 afterwards.
    expect(body.callback_list.map((e) => e.phone).sort()).toEqual([PHONE.gus, PHONE.hal]);
  });

  it('stores the excluded calls and appointments as such: outbound, test, live, after-hours marks', async () => {
    const { body } = await server.request<{ items: { call_sid: string; status: string; direction: string; is_test: boolean; after_hours: boolean; duration_sec: number | null }[] }>(
      'GET',
      '/salon/calls?from=2026-11-16&to=2026-11-22&limit=1000',
    );
    const bySid = Object.fromEntries(body.items.map((c) => [c.call_sid, c]));
    expect(Object.keys(bySid).sort()).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'TEST-1']);
    expect(bySid.C8).toMatchObject({ direction: 'outbound', status: 'answered' });
    expect(bySid['TEST-1']).toMatchObject({ is_test: true, status: 'answered' });
    expect(bySid.C1).toMatchObject({ status: 'answered', duration_sec: 240, after_hours: false });
    expect(bySid.C7).toMatchObject({ status: 'live', after_hours: true });
    const afterHours = body.items.filter((c) => c.after_hours && c.direction === 'inbound' && !c.is_test).map((c) => c.call_sid).sort();
    expect(afterHours).toEqual(['C5', 'C6', 'C7', 'C9']);
    const statuses = Object.fromEntries(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C9'].map((sid) => [sid, bySid[sid]!.status]));
    expect(statuses).toEqual({ C1: 'answered', C2: 'answered', C3: 'missed', C4: 'missed', C5: 'missed', C6: 'missed', C7: 'live', C9: 'answered' });
  });
});
