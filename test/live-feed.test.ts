import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import type { LiveMessage } from '../electron/contract/index.js';
import { connectLive, startTestServer, type TestServer } from './support/server.js';

// Wednesday 2026-11-25 12:00 in Chicago: the week of Monday 2026-11-23.
const NOW = Date.parse('2026-11-25T18:00:00Z');

type Live = Awaited<ReturnType<typeof connectLive>>;

/** Waits until the messages received from index `from` on hold one matching `match`; answers its index. */
async function until(live: Live, match: (m: LiveMessage) => boolean, from = 0, timeoutMs = 3000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = live.messages.findIndex((m, k) => k >= from && match(m));
    if (i >= 0) return i;
    if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(live.messages.slice(from).map((m) => m.type))}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const callOf = (sid: string) => (m: LiveMessage) => (m.type === 'call.started' || m.type === 'call.updated') && m.data.call_sid === sid;

/** Every message is `{type, at, data}` and nothing else, `at` being the server's clock. */
function expectShape(m: LiveMessage): void {
  expect(Object.keys(m).sort()).toEqual(['at', 'data', 'type']);
  expect(m.at).toBe(new Date(NOW).toISOString());
  expect(typeof m.data).toBe('object');
}

describe('WS /salon pushes one message per change', () => {
  let server: TestServer;
  let live: Live;

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });
  });
  afterAll(() => server.stop());
  afterEach(() => live?.close());

  /**
   * Records a new call and waits for its message: messages on one socket arrive in order, so
   * anything an earlier request sent has arrived by then. Answers the index of that message.
   */
  let markers = 0;
  async function barrier(): Promise<number> {
    const sid = `CA-marker-${++markers}`;
    const from = live.messages.length;
    expect((await server.request('POST', '/salon/call', { event: 'started', call_sid: sid, direction: 'outbound' })).status).toBe(200);
    return until(live, callOf(sid), from);
  }

  it('a call sends call.started for its first event and call.updated for its end, then metrics.updated with the figures', async () => {
    live = await connectLive(server.url);
    const started = { event: 'started', call_sid: 'CA-live-1', from: '+13125550101', caller_name: 'Ana Ruiz', timestamp: '2026-11-25T09:00:00-06:00' };
    expect((await server.request('POST', '/salon/call', started)).status).toBe(200);
    const m1 = await until(live, (m) => m.type === 'metrics.updated');
    const first = live.messages.slice(0, m1 + 1);
    expect(first.map((m) => m.type)).toEqual(['call.started', 'metrics.updated']);
    first.forEach(expectShape);
    expect(first[0]!.data).toMatchObject({ call_sid: 'CA-live-1', status: 'live', from: '+13125550101', caller_name: 'Ana Ruiz' });
    expect(first[1]!.data).toMatchObject({ week: { start: '2026-11-23', end: '2026-11-29', complete: false }, figures: { calls_total: 1, calls_answered: 0 } });

    const ended = { event: 'ended', call_sid: 'CA-live-1', status: 'completed', duration_sec: 95, timestamp: '2026-11-25T09:01:35-06:00' };
    expect((await server.request('POST', '/salon/call', ended)).status).toBe(200);
    const m2 = await until(live, (m) => m.type === 'metrics.updated', m1 + 1);
    const second = live.messages.slice(m1 + 1, m2 + 1);
    expect(second.map((m) => m.type)).toEqual(['call.updated', 'metrics.updated']);
    second.forEach(expectShape);
    expect(second[0]!.data).toMatchObject({ call_sid: 'CA-live-1', status: 'answered', duration_sec: 95 });
    expect(second[1]!.data).toMatchObject({ figures: { calls_total: 1, calls_answered: 1, avg_call_duration_sec: 95, answer_rate: 1 } });
    expect(second[1]!.data).toHaveProperty('growth');
  });

  it('a booking sends appointment.created and a PATCH of its status appointment.updated, each with metrics.updated', async () => {
    live = await connectLive(server.url);
    const booking = {
      appointment_id: 'apt-live-1',
      call_sid: 'CA-live-1',
      customer: { name: 'Ana Ruiz', phone: '+13125550101' },
      service: 'Haircut',
      start: '2026-11-24T10:00:00-06:00',
    };
    expect((await server.request('POST', '/salon/appointment', booking)).status).toBe(200);
    const m1 = await until(live, (m) => m.type === 'metrics.updated');
    const first = live.messages.slice(0, m1 + 1);
    expect(first.map((m) => m.type)).toEqual(['appointment.created', 'metrics.updated']);
    first.forEach(expectShape);
    expect(first[0]!.data).toMatchObject({ appointment_id: 'apt-live-1', status: 'scheduled', service: 'Haircut', price_cents: 4500, call_sid: 'CA-live-1' });
    expect(first[1]!.data).toMatchObject({ figures: { appointments_booked: 1, appointments_scheduled: 1, calls_converted: 1, revenue_cents: 0 } });

    expect((await server.request('PATCH', '/salon/appointments/apt-live-1', { status: 'completed' })).status).toBe(200);
    const m2 = await until(live, (m) => m.type === 'metrics.updated', m1 + 1);
    const second = live.messages.slice(m1 + 1, m2 + 1);
    expect(second.map((m) => m.type)).toEqual(['appointment.updated', 'metrics.updated']);
    second.forEach(expectShape);
    expect(second[0]!.data).toMatchObject({ appointment_id: 'apt-live-1', status: 'completed' });
    expect(second[1]!.data).toMatchObject({ figures: { appointments_completed: 1, revenue_cents: 4500, customers_served: 1, new_customers: 1 } });
  });

  it('a duplicate event sends no message', async () => {
    live = await connectLive(server.url);
    const repeats: [string, unknown][] = [
      ['/salon/call', { event: 'started', call_sid: 'CA-live-1', from: '+13125550101', caller_name: 'Ana Ruiz', timestamp: '2026-11-25T09:00:00-06:00' }],
      ['/salon/call', { event: 'ended', call_sid: 'CA-live-1', status: 'completed', duration_sec: 95, timestamp: '2026-11-25T09:01:35-06:00' }],
      ['/salon/appointment', { appointment_id: 'apt-live-1', customer: { phone: '+13125550101' }, service: 'Haircut', start: '2026-11-24T10:00:00-06:00' }],
      ['/salon/appointment', { event: 'completed', appointment_id: 'apt-live-1', timestamp: '2026-11-24T10:45:00-06:00' }],
    ];
    // The status event is new the first time: it sends its message, then its repeat must not.
    expect((await server.request('POST', repeats[3]![0], repeats[3]![1])).body.duplicate).toBe(false);
    await until(live, (m) => m.type === 'metrics.updated');
    const from = live.messages.length;
    for (const [path, body] of repeats) {
      const res = await server.request('POST', path, body);
      expect(res.status).toBe(200);
      expect(res.body.duplicate).toBe(true);
    }
    const marker = await barrier();
    expect(marker).toBe(from);
    expect(live.messages[marker]!.type).toBe('call.started');
  });

  it('weekly.report is sent when a week closes, and a second close sends nothing and answers false', async () => {
    live = await connectLive(server.url);
    // Something in the week of 2026-11-16, so that the report has figures to carry.
    for (const e of [
      { event: 'started', call_sid: 'CA-last-week', from: '+13125550150', timestamp: '2026-11-17T11:00:00-06:00' },
      { event: 'ended', call_sid: 'CA-last-week', status: 'no-answer', duration_sec: 0, timestamp: '2026-11-17T11:00:30-06:00' },
    ]) {
      expect((await server.request('POST', '/salon/call', e)).status).toBe(200);
    }
    // The figures these calls (or an earlier test's last events) queued are sent by now: nothing
    // is left to arrive unasked between the two closes below.
    const ended = await until(live, (m) => callOf('CA-last-week')(m) && m.type === 'call.updated');
    await until(live, (m) => m.type === 'metrics.updated', ended + 1);
    const week = server.salon.week('2026-11-16');
    expect(server.salon.closeWeek(week)).toBe(true);
    const i = await until(live, (m) => m.type === 'weekly.report');
    const report = live.messages[i]!;
    expectShape(report);
    expect(report.data).toMatchObject({
      week: { start: '2026-11-16', end: '2026-11-22', complete: true },
      figures: { calls_total: 1, calls_missed: 1, calls_answered: 0, answer_rate: 0 },
    });
    expect(live.messages.filter((m) => m.type === 'weekly.report')).toHaveLength(1);

    const from = live.messages.length;
    expect(server.salon.closeWeek(server.salon.week('2026-11-19'))).toBe(false);
    const marker = await barrier();
    expect(marker).toBe(from);
    expect(live.messages.filter((m) => m.type === 'weekly.report')).toHaveLength(1);
  });

  it('a test event is pushed with its test mark', async () => {
    live = await connectLive(server.url);
    const res = await server.request('POST', '/salon/test/call', { call_sid: 'TEST-live' });
    expect(res.status).toBe(200);
    const i = await until(live, callOf('TEST-live'));
    expect(live.messages[i]).toMatchObject({ type: 'call.started', data: { call_sid: 'TEST-live', is_test: true } });
  });

  it('every open dashboard receives each change, and a closed one is no longer sent anything', async () => {
    live = await connectLive(server.url);
    const other = await connectLive(server.url);
    expect(server.salon.changes.size).toBe(2);
    const e = { event: 'started', call_sid: 'CA-both', timestamp: '2026-11-25T11:00:00-06:00' };
    expect((await server.request('POST', '/salon/call', e)).status).toBe(200);
    const a = live.messages[await until(live, callOf('CA-both'))]!;
    const b = other.messages[await until(other, callOf('CA-both'))]!;
    expect(b).toEqual(a);
    other.close();
    const deadline = Date.now() + 2000;
    while (server.salon.changes.size !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(server.salon.changes.size).toBe(1);
    const seen = other.messages.length;
    expect((await server.request('POST', '/salon/call', { ...e, call_sid: 'CA-after-close' })).status).toBe(200);
    await until(live, callOf('CA-after-close'));
    expect(other.messages).toHaveLength(seen);
  });
});

describe('a batch of events', () => {
  it('is announced once, as metrics.updated after the commit, not one message per event', async () => {
    const server = await startTestServer();
    const live = await connectLive(server.url);
    try {
      server.salon.batch(() => {
        for (let i = 0; i < 20; i++) server.salon.recordCallEvent({ event: 'started', call_sid: `CA-batch-${i}`, from: '+13125550123' });
      });
      const metrics = await live.next('metrics.updated');
      expect((metrics.data as { figures: { calls_total: number } }).figures.calls_total).toBe(20);
      await new Promise((r) => setTimeout(r, 100));
      expect(live.messages.map((m) => m.type)).toEqual(['metrics.updated']);
    } finally {
      live.close();
      await server.stop();
    }
  });
});
