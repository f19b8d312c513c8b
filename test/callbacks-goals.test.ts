import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import type { CallbackEntry, Goal, LiveMessage } from '../electron/contract/index.js';
import { appointment, call, dayOf, local } from './support/history.js';
import { connectLive, startTestServer, type TestServer } from './support/server.js';

// Wednesday 2026-11-25 12:00 in Chicago (the test server's zone), week of Monday 2026-11-23.
const NOW = Date.parse('2026-11-25T18:00:00Z');
const WEEK = '2026-11-23';
const LAST = '2026-11-16';
const REGULAR = '+13125557001';
const STRANGER = '+13125557002';
const BOOKED = '+13125557003';

type Live = Awaited<ReturnType<typeof connectLive>>;
let server: TestServer;
let live: Live | undefined;

beforeEach(async () => {
  server = await startTestServer({ clock: new ManualClock(NOW) });
});
afterEach(async () => {
  live?.close();
  live = undefined;
  await server.stop();
});

async function post(path: string, body: unknown) {
  const res = await server.request('POST', path, body);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

/** Waits for a metrics.updated message received from index `from` on that satisfies `match`. */
async function metricsWhere(l: Live, match: (data: Extract<LiveMessage, { type: 'metrics.updated' }>['data']) => boolean, from = 0) {
  const deadline = Date.now() + 3000;
  for (;;) {
    const m = l.messages.slice(from).find((x) => x.type === 'metrics.updated' && match(x.data));
    if (m && m.type === 'metrics.updated') return m.data;
    if (Date.now() > deadline) throw new Error(`no matching metrics.updated; got ${l.messages.map((x) => x.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Three missed callers: a 28-day regular overdue for a visit (spent $480), a stranger who
 * tried twice, and a customer who already has a visit booked.
 */
function threeMissedCallers() {
  const { salon } = server;
  for (let i = 0; i < 4; i++) {
    const day = dayOf('2026-09-21', -28 * (3 - i));
    appointment(salon, { id: `reg-${i}`, phone: REGULAR, start: local(day, '10:00'), status: 'completed', booked: local(dayOf(day, -7), '10:00'), service: 'Hair Color' });
  }
  appointment(salon, { id: 'booked-1', phone: BOOKED, start: local('2026-12-03', '10:00'), status: 'scheduled', booked: local('2026-11-10', '10:00') });
  call(salon, 'CA-booked-m', local('2026-11-24', '11:00'), 'missed', BOOKED);
  call(salon, 'CA-stranger-m1', local('2026-11-24', '12:00'), 'missed', STRANGER);
  call(salon, 'CA-stranger-m2', local('2026-11-24', '12:20'), 'missed', STRANGER);
  call(salon, 'CA-regular-m', local('2026-11-23', '16:00'), 'missed', REGULAR);
}

describe('the call-back list over HTTP and WebSocket', () => {
  it('GET /salon/callbacks ranks an overdue regular before a stranger, and a stranger before a caller who has a booking, with attempts and times', async () => {
    threeMissedCallers();
    const res = await server.request('GET', '/salon/callbacks');
    expect(res.status).toBe(200);
    const items = res.body.items as CallbackEntry[];
    expect(items.map((e) => [e.phone, e.tier])).toEqual([
      [REGULAR, 'valued'],
      [STRANGER, 'waiting'],
      [BOOKED, 'booked'],
    ]);
    expect(res.body.total).toBe(3);
    expect(items[0]).toMatchObject({ overdue: true, visits: 4, spend_365d_cents: 48000, new_caller: false, missed_calls: 1 });
    expect(items[0]!.reasons).toContain('regular overdue for a visit');
    expect(items[1]).toMatchObject({
      new_caller: true,
      missed_calls: 2,
      first_missed_at: '2026-11-24T18:00:00.000Z',
      last_missed_at: '2026-11-24T18:20:00.000Z',
      last_call_sid: 'CA-stranger-m2',
      attempts: [
        { call_sid: 'CA-stranger-m1', at: '2026-11-24T18:00:00.000Z', after_hours: false },
        { call_sid: 'CA-stranger-m2', at: '2026-11-24T18:20:00.000Z', after_hours: false },
      ],
    });
    expect(items[2]).toMatchObject({ next_booking_at: '2026-12-03T16:00:00.000Z' });
    // The dashboard carries the same ranked list.
    const dashboard = await server.request('GET', '/salon/dashboard');
    expect(dashboard.body.callback_list.map((e: CallbackEntry) => e.phone)).toEqual([REGULAR, STRANGER, BOOKED]);
  });

  it('marking a caller called back removes them, keeps the contract ({ok, calls}) and pushes the new list live', async () => {
    threeMissedCallers();
    live = await connectLive(server.url);
    const body = await post('/salon/callbacks/called-back', { phone: STRANGER });
    expect(body).toMatchObject({ ok: true, calls: 2, outcome: { phone: STRANGER, outcome: 'reached', calls: 2, at: new Date(NOW).toISOString(), undone_at: null } });
    // A change of the list comes with the next metrics push; a call event triggers one.
    await post('/salon/call', { event: 'started', call_sid: 'CA-other', from: '+13125557999', timestamp: local(WEEK, '10:00') });
    const pushed = await metricsWhere(live, (d) => d.callback_list !== undefined);
    expect(pushed.callback_list!.map((e) => e.phone)).toEqual([REGULAR, BOOKED]);
    const res = await server.request('GET', '/salon/callbacks');
    expect(res.body.items.map((e: CallbackEntry) => e.phone)).toEqual([REGULAR, BOOKED]);
    expect((await server.request('POST', '/salon/callbacks/called-back', { phone: STRANGER })).status).toBe(404);
  });

  it('a caller who calls again and is answered, or who books, leaves the list by themselves; the booking counts as recovered', async () => {
    threeMissedCallers();
    live = await connectLive(server.url);
    await post('/salon/call', { event: 'started', call_sid: 'CA-booked-again', from: BOOKED, timestamp: local('2026-11-25', '09:30') });
    await post('/salon/call', { event: 'ended', call_sid: 'CA-booked-again', status: 'completed', duration_sec: 120, timestamp: local('2026-11-25', '09:32') });
    const afterAnswer = await metricsWhere(live, (d) => !d.callback_list!.some((e) => e.phone === BOOKED));
    expect(afterAnswer.callback_list!.map((e) => e.phone)).toEqual([REGULAR, STRANGER]);

    const from = live.messages.length;
    await post('/salon/appointment', {
      appointment_id: 'apt-regular-back', customer: { phone: REGULAR }, service: 'Hair Color',
      start: local('2026-11-27', '10:00'), timestamp: local('2026-11-25', '10:00'),
    });
    const afterBooking = await metricsWhere(live, (d) => !d.callback_list!.some((e) => e.phone === REGULAR), from);
    expect(afterBooking.callback_list!.map((e) => e.phone)).toEqual([STRANGER]);

    const res = await server.request('GET', '/salon/callbacks');
    expect(res.body.items.map((e: CallbackEntry) => e.phone)).toEqual([STRANGER]);
    // The regular missed on Monday and booked on Wednesday: a recovered booking, $120 still to come.
    expect(res.body.recovered).toMatchObject({ week_start: WEEK, recovered_bookings: 1, recovered_revenue_cents: 0, recovered_pending_cents: 12000 });

    await server.request('PATCH', '/salon/appointments/apt-regular-back', { status: 'completed' });
    const done = await server.request('GET', `/salon/callbacks?week=${WEEK}`);
    expect(done.body.recovered).toMatchObject({ recovered_bookings: 1, recovered_revenue_cents: 12000, recovered_pending_cents: 0 });
  });
});

describe('call-back outcomes and undo over HTTP', () => {
  const list = async () => ((await server.request('GET', '/salon/callbacks')).body.items as CallbackEntry[]);

  it('"no answer" keeps the caller on the list with the try counted; undo takes the try back, and no other web page can', async () => {
    threeMissedCallers();
    const body = await post('/salon/callbacks/called-back', { phone: STRANGER, outcome: 'no_answer' });
    expect(body).toMatchObject({ ok: true, calls: 0, outcome: { outcome: 'no_answer', calls: 0 } });
    const stranger = (await list()).find((e) => e.phone === STRANGER)!;
    expect(stranger.tried_back).toEqual([{ id: body.outcome.id, at: new Date(NOW).toISOString() }]);
    expect(stranger.reasons).toContain('called back 1 time, no answer');
    expect((await list()).map((e) => e.phone)).toEqual([REGULAR, STRANGER, BOOKED]);

    // Another web page cannot take it back: a foreign Origin is refused and nothing changes.
    const foreign = await server.request('POST', `/salon/callbacks/outcomes/${body.outcome.id}/undo`, {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await list()).find((e) => e.phone === STRANGER)!.tried_back).toHaveLength(1);

    const undone = await post(`/salon/callbacks/outcomes/${body.outcome.id}/undo`, {});
    expect(undone).toMatchObject({ ok: true, outcome: { id: body.outcome.id, undone_at: new Date(NOW).toISOString() } });
    expect((await list()).find((e) => e.phone === STRANGER)!.tried_back).toEqual([]);
  });

  it('"reached" and "left voicemail" take the caller off; undo puts them back where they were', async () => {
    threeMissedCallers();
    const before = await list();
    const reached = await post('/salon/callbacks/called-back', { phone: REGULAR, outcome: 'reached' });
    const voicemail = await post('/salon/callbacks/called-back', { phone: STRANGER, outcome: 'left_voicemail' });
    expect(voicemail).toMatchObject({ calls: 2, outcome: { outcome: 'left_voicemail', calls: 2 } });
    expect((await list()).map((e) => e.phone)).toEqual([BOOKED]);
    await post(`/salon/callbacks/outcomes/${voicemail.outcome.id}/undo`, {});
    await post(`/salon/callbacks/outcomes/${reached.outcome.id}/undo`, {});
    expect(await list()).toEqual(before);
    // A second undo changes nothing; an unknown one is a 404; a bad outcome a 400 that stores nothing.
    expect((await server.request('POST', `/salon/callbacks/outcomes/${reached.outcome.id}/undo`, {})).status).toBe(200);
    expect((await server.request('POST', '/salon/callbacks/outcomes/9999/undo', {})).status).toBe(404);
    const bad = await server.request('POST', '/salon/callbacks/called-back', { phone: REGULAR, outcome: 'maybe' });
    expect(bad.status).toBe(400);
    expect(await list()).toEqual(before);
  });

  it('recency counts: a new caller who missed us today outranks a regular worth more who missed 17 days ago', async () => {
    threeMissedCallers();
    const OLD_REGULAR = '+13125557004';
    const TODAY = '+13125557005';
    for (let i = 0; i < 6; i++) {
      const day = dayOf('2026-08-03', 14 * i);
      appointment(server.salon, { id: `old-${i}`, phone: OLD_REGULAR, start: local(day, '10:00'), status: 'completed', booked: local(dayOf(day, -7), '10:00'), service: 'Highlights' });
    }
    call(server.salon, 'CA-old-regular', local('2026-11-08', '11:00'), 'missed', OLD_REGULAR);
    call(server.salon, 'CA-today', local('2026-11-25', '11:30'), 'missed', TODAY);
    const items = await list();
    const at = (phone: string) => items.findIndex((e) => e.phone === phone);
    expect(items.find((e) => e.phone === OLD_REGULAR)!.tier).toBe('valued');
    expect(at(TODAY)).toBeLessThan(at(OLD_REGULAR));
    // Priorities are stake × freshness: today's new caller is worth about 1, the old regular almost nothing.
    expect(items[at(TODAY)]!.priority).toBeCloseTo(0.5 ** (0.5 / 24 / 2), 6);
    expect(items.find((e) => e.phone === OLD_REGULAR)!.priority).toBeLessThan(0.01);
  });
});

describe('weekly growth goals over HTTP and WebSocket', () => {
  /** Last week: 10 calls, 4 of them booked and came ($45 each), 1 no-show in 5. This week so far: 3 calls, 2 visits. */
  function twoWeeks() {
    const { salon } = server;
    for (let i = 0; i < 10; i++) call(salon, `CA-last-${i}`, local(dayOf(LAST, 1), '10:00', i * 5), 'answered');
    for (let i = 0; i < 4; i++) {
      appointment(salon, { id: `last-${i}`, phone: `+1312555800${i}`, start: local(dayOf(LAST, 2), '10:00', i * 60), status: 'completed', booked: local(dayOf(LAST, 1), '10:00', i * 5), callSid: `CA-last-${i}` });
    }
    appointment(salon, { id: 'last-ns', phone: '+13125558009', start: local(dayOf(LAST, 3), '10:00'), status: 'no_show', booked: local(LAST, '10:00') });
    for (let i = 0; i < 3; i++) call(salon, `CA-now-${i}`, local(WEEK, '10:00', i * 5), 'answered');
    for (let i = 0; i < 2; i++) {
      appointment(salon, { id: `now-${i}`, phone: `+1312555810${i}`, start: local(dayOf(WEEK, 1), '10:00', i * 60), status: 'completed', booked: local(WEEK, '10:00', i * 5), callSid: `CA-now-${i}` });
    }
  }

  const goal = (goals: Goal[], metric: Goal['metric']) => goals.find((g) => g.metric === metric)!;

  it('GET /salon/goals: each target is last week, with progress and a projection over the opening hours elapsed', async () => {
    twoWeeks();
    const res = await server.request('GET', '/salon/goals');
    expect(res.status).toBe(200);
    expect(res.body.week).toEqual({ start: WEEK, end: '2026-11-29', complete: false });
    expect(res.body.baseline_week).toBe(LAST);
    // Mon and Tue (9 h each) and Wed 09:00–12:00 of 6 × 9 h.
    expect(res.body.elapsed_fraction).toBeCloseTo(21 / 54, 12);
    const goals = res.body.goals as Goal[];
    expect(goals.map((g) => g.metric)).toEqual(['calls_total', 'conversion_rate', 'revenue_cents', 'returning_customers', 'no_show_rate', 'cancellation_rate']);
    expect(goal(goals, 'revenue_cents')).toMatchObject({ direction: 'higher', target: 18000, current: 9000, progress: 0.5, met: false, on_track: true });
    // $231.43 projected, in whole dollars (issue 16: no false precision).
    expect(goal(goals, 'revenue_cents').projected).toBe(Math.round(9000 / (21 / 54) / 100) * 100);
    expect(goal(goals, 'calls_total')).toMatchObject({ target: 10, current: 3, progress: 0.3, on_track: false });
    expect(goal(goals, 'conversion_rate')).toMatchObject({ target: 0.4, current: 2 / 3, met: true });
    expect(goal(goals, 'no_show_rate')).toMatchObject({ direction: 'lower', target: 0.2, current: 0, met: true, progress: null });
    // The dashboard answers the same goals.
    const dashboard = await server.request('GET', '/salon/dashboard');
    expect(dashboard.body.goals).toEqual(res.body);
  });

  it('metrics.updated carries the goals, and a completed visit moves the revenue goal live', async () => {
    twoWeeks();
    live = await connectLive(server.url);
    await post('/salon/appointment', {
      appointment_id: 'now-new', customer: { phone: '+13125558200' }, service: 'Highlights',
      start: local('2026-11-25', '09:00'), timestamp: local('2026-11-25', '08:00'),
    });
    await post('/salon/appointment', { event: 'completed', appointment_id: 'now-new', timestamp: local('2026-11-25', '11:00') });
    const data = await metricsWhere(live, (d) => goal(d.goals!.goals, 'revenue_cents').current === 9000 + 15000);
    expect(goal(data.goals!.goals, 'revenue_cents')).toMatchObject({ target: 18000, current: 24000, met: true, on_track: true });
    expect(data.goals!.week.start).toBe(WEEK);
  });
});
