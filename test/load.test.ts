import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { tableCounts } from './support/child.js';
import { TEST_SCALE } from './support/scale.js';
import { startTestServer, type TestServer } from './support/server.js';

// Thursday 2026-03-05 in Chicago: the events below happen in the week of Monday 2026-03-02 and the one before.
const NOW = Date.parse('2026-03-05T18:00:00Z');

/** 1,000 in `npm test`; more in the bench's soak. */
const WEBHOOKS = 1000 * TEST_SCALE;

const phone = (i: number) => `+1312555${String(i % 10_000).padStart(4, '0')}`;

/** autocannon's run as a promise, every response's status counted, every request's body made by `body(n)`. */
function load(url: string, options: { amount: number; connections: number; body: (n: number) => unknown }) {
  const statuses = new Map<number, number>();
  let n = 0;
  return new Promise<{ result: autocannon.Result; statuses: Map<number, number> }>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        amount: options.amount,
        connections: options.connections,
        timeout: 30,
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(options.body(n++)) }) }],
      },
      (err, result) => (err ? reject(err) : resolve({ result, statuses })),
    );
    instance.on('response', (_client: unknown, status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
  });
}

interface Sent {
  path: string;
  body: Record<string, unknown>;
}

/**
 * A realistic week of traffic, every event dated: calls that start, are answered or missed
 * and end, intents, bookings (linked to their call or not), and their completion, no-show,
 * cancellation or move. The same events in any order describe the same salon.
 */
function weekOfEvents(): Sent[] {
  const events: Sent[] = [];
  const at = (day: number, hour: number, minute: number) => `2026-03-0${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00-06:00`;
  for (let i = 0; i < 60; i++) {
    const sid = `CA-load5-${i}`;
    const day = 2 + (i % 5);
    const hour = 8 + (i % 11);
    const minute = i % 50;
    const call = (body: Record<string, unknown>) => events.push({ path: '/salon/call', body: { call_sid: sid, ...body } });
    call({ event: 'started', from: phone(i % 45), caller_name: `Caller ${i % 45}`, timestamp: at(day, hour, minute) });
    if (i % 4 === 3) {
      call({ event: 'ended', status: 'no-answer', duration_sec: 0, timestamp: at(day, hour, minute + 1) });
      continue;
    }
    call({ event: 'answered', timestamp: at(day, hour, minute + 1) });
    call({ event: 'intent', intent: ['EMERGENCY_FIX', 'LEAKING_FIXTURE', 'QUOTE_REQUEST'][i % 3], timestamp: at(day, hour, minute + 2) });
    call({ event: 'ended', status: 'completed', duration_sec: 60 + i, timestamp: at(day, hour, minute + 5) });
    if (i % 2 === 0) {
      const id = `apt-load5-${i}`;
      const appointment = (body: Record<string, unknown>) => events.push({ path: '/salon/appointment', body: { appointment_id: id, ...body } });
      appointment({
        event: 'booked',
        call_sid: sid,
        customer: { phone: phone(i % 45), name: `Caller ${i % 45}` },
        service: ['Haircut', 'Hair Color', 'Highlights', 'Blowout'][i % 4],
        start: at(day === 6 ? 6 : day + 1, 10 + (i % 6), 0),
        timestamp: at(day, hour, minute + 3),
      });
      const fate = i % 8;
      if (fate === 0) appointment({ event: 'completed', timestamp: at(6, 20, i % 50) });
      if (fate === 2) appointment({ event: 'no_show', timestamp: at(6, 21, i % 50) });
      if (fate === 4) appointment({ event: 'cancelled', timestamp: at(day, hour + 1, minute) });
      if (fate === 6) {
        appointment({ event: 'rescheduled', start: at(6, 16, 30), timestamp: at(day, hour + 1, minute) });
        appointment({ event: 'completed', timestamp: at(6, 21, i % 50) });
      }
    }
  }
  // A walk-in booked at the desk, with no call.
  events.push({ path: '/salon/appointment', body: { appointment_id: 'apt-load5-walkin', customer: { phone: phone(99), name: 'Walk In' }, service: 'Perm', start: at(4, 15, 0), timestamp: at(4, 14, 50) } });
  return events;
}

/** Every request, `width` at a time, in the given order; answers the statuses. */
async function sendAll(server: TestServer, events: readonly Sent[], width: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < events.length) {
        const e = events[next++]!;
        statuses.push((await server.request('POST', e.path, e.body)).status);
      }
    }),
  );
  return statuses;
}

/** What the salon says about that fortnight, with nothing that depends on the order customers were first seen in. */
async function picture(server: TestServer) {
  const get = async (path: string) => {
    const res = await server.request('GET', path);
    expect(res.status).toBe(200);
    return res.body;
  };
  const strip = <T extends Record<string, unknown>>(items: T[]) => items.map(({ customer_id: _c, ...rest }) => rest);
  return {
    weekly: await get('/salon/metrics/weekly?weeks_back=2&until=2026-03-08'),
    dashboard: (await get('/salon/dashboard?week=2026-03-04')).figures,
    calls: strip((await get('/salon/calls?from=2026-03-01&to=2026-03-10&limit=1000')).items),
    appointments: strip((await get('/salon/appointments?from=2026-03-01&to=2026-03-10&limit=1000')).items),
    customers: (await get('/salon/customers?limit=1000')).items.map((c: { phone: string; name: string; first_visit_at: string | null }) => [c.phone, c.name, c.first_visit_at]).sort(),
  };
}

describe('load: many webhooks at once', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });
  });
  afterAll(() => server?.stop());

  it(`${WEBHOOKS.toLocaleString('en-US')} concurrent call webhooks over 100 connections: every one acknowledged 200, exactly ${WEBHOOKS.toLocaleString('en-US')} calls stored`, { timeout: 60_000 * TEST_SCALE }, async () => {
    const { result, statuses } = await load(`${server.url}/salon/call`, {
      amount: WEBHOOKS,
      connections: 100,
      body: (n) => ({ event: 'started', call_sid: `CA-load-${n}`, from: phone(n), caller_name: `Load ${n}`, timestamp: '2026-03-04T10:00:00-06:00' }),
    });
    expect(Object.fromEntries(statuses)).toEqual({ 200: WEBHOOKS });
    expect(result.errors + result.timeouts + result.non2xx).toBe(0);
    const counts = tableCounts(server.salon.db);
    expect(server.salon.db.prepare(`SELECT count(*) AS n FROM calls WHERE call_sid LIKE 'CA-load-%'`).get()).toEqual({ n: WEBHOOKS });
    expect(server.salon.db.prepare(`SELECT count(DISTINCT call_sid) AS n FROM calls WHERE call_sid LIKE 'CA-load-%'`).get()).toEqual({ n: WEBHOOKS });
    expect(counts.events).toBe(WEBHOOKS);
    expect((await server.request('GET', '/salon/calls?from=2026-03-04&to=2026-03-04&limit=1')).body.total).toBe(WEBHOOKS);
  });
});

describe('load: every event five times, interleaved', () => {
  let once: TestServer;
  let fiveTimes: TestServer;
  beforeAll(async () => {
    [once, fiveTimes] = await Promise.all([startTestServer({ clock: new ManualClock(NOW) }), startTestServer({ clock: new ManualClock(NOW) })]);
  });
  afterAll(async () => {
    await once?.stop();
    await fiveTimes?.stop();
  });

  it('gives the same figures, calls, appointments and customers as sending each once', { timeout: 60_000 }, async () => {
    const events = weekOfEvents();
    expect(events.length).toBeGreaterThan(200);
    // Once each, in order, one at a time.
    expect(new Set(await sendAll(once, events, 1))).toEqual(new Set([200]));

    // Five copies of each, shuffled (so copies of one event, and events of one call, race each other), 25 at a time.
    const copies = events.flatMap((e) => Array.from({ length: 5 }, () => e));
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = copies.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copies[i], copies[j]] = [copies[j]!, copies[i]!];
    }
    const statuses = await sendAll(fiveTimes, copies, 25);
    expect(statuses).toHaveLength(events.length * 5);
    // Accepted, every copy: 200, or 202 for a status change that came before its booking (kept until it arrives).
    expect(statuses.every((s) => s === 200 || s === 202)).toBe(true);

    const expected = await picture(once);
    expect(expected.weekly.weeks[1].calls_total).toBe(60);
    expect(expected.weekly.weeks[1].appointments_booked).toBe(31);
    expect(await picture(fiveTimes)).toEqual(expected);
    // Nothing logged twice: the event log holds each event once.
    expect(tableCounts(fiveTimes.salon.db)).toEqual(tableCounts(once.salon.db));
  });
});
