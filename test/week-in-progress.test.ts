/**
 * The week in progress (SPEC §2): growth compares with last week up to the same moment, in salon
 * time; no-show and cancellation rates divide by the appointments that have started by now; the
 * goals still aim at the whole of last week, with projections in whole calls and dollars.
 *
 * America/Chicago. Last week, 2026-10-26 … 11-01, is a DST week (169 hours: CDT −05:00 until
 * Sunday 11-01 02:00, then CST −06:00). The clock stands at Wednesday 2026-11-04 14:00 CST, so
 * the same moment last week is Wednesday 10-28 14:00 CDT (19:00Z), an hour earlier in UTC than
 * 168 hours before now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import type { Dashboard, Goals } from '../electron/contract/index.js';
import { startTestServer, type TestServer } from './support/server.js';

const NOW = Date.parse('2026-11-04T14:00:00-06:00');
const AFTER_THE_WEEK = Date.parse('2026-11-09T09:00:00-06:00');

// Last week: four calls before Wednesday 14:00 local, two after it. The one at 14:30 CDT lies
// before "168 hours ago" (20:00Z), so only a local-time comparison leaves it out.
const LAST_WEEK_BEFORE = ['2026-10-26T10:00:00-05:00', '2026-10-27T11:00:00-05:00', '2026-10-28T09:00:00-05:00', '2026-10-28T13:59:00-05:00'];
const LAST_WEEK_AFTER = ['2026-10-28T14:30:00-05:00', '2026-10-30T15:00:00-05:00'];
const THIS_WEEK = ['2026-11-02T10:00:00-06:00', '2026-11-02T16:00:00-06:00', '2026-11-03T10:00:00-06:00', '2026-11-03T12:00:00-06:00', '2026-11-04T09:30:00-06:00', '2026-11-04T13:00:00-06:00'];

describe('the week in progress', () => {
  let server: TestServer;
  const clock = new ManualClock(NOW);

  async function post(path: string, body: object): Promise<void> {
    const res = await server.request('POST', path, body);
    expect(res.status, `${path} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(200);
  }
  const dashboard = async (query = '') => (await server.request<Dashboard>('GET', `/salon/dashboard${query}`)).body;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    const calls = [...LAST_WEEK_BEFORE, ...LAST_WEEK_AFTER, ...THIS_WEEK];
    for (const [i, at] of calls.entries()) {
      await post('/salon/call', { event: 'started', call_sid: `C${i}`, from: `+1312555${String(1000 + i)}`, timestamp: at });
      await post('/salon/call', { event: 'ended', call_sid: `C${i}`, status: 'completed', duration_sec: 60, timestamp: at.replace(/:00-0/, ':59-0') });
    }
    const customer = { name: 'Ana Ruiz', phone: '+13125550101' };
    const book = (id: string, start: string) =>
      post('/salon/appointment', { appointment_id: id, customer, service: 'Haircut', start, timestamp: '2026-11-01T10:00:00-06:00' });
    // This week: two appointments have started (one a no-show), two are still to come (one already cancelled).
    await book('done', '2026-11-02T11:00:00-06:00');
    await book('missed', '2026-11-03T11:00:00-06:00');
    await book('friday', '2026-11-06T11:00:00-06:00');
    await book('saturday', '2026-11-07T11:00:00-06:00');
    await post('/salon/appointment', { event: 'completed', appointment_id: 'done', timestamp: '2026-11-02T12:00:00-06:00' });
    await post('/salon/appointment', { event: 'no_show', appointment_id: 'missed', timestamp: '2026-11-03T11:30:00-06:00' });
    await post('/salon/appointment', { event: 'cancelled', appointment_id: 'saturday', timestamp: '2026-11-03T12:00:00-06:00' });
  });
  afterAll(() => server?.stop());

  it('compares with last week up to the same weekday and local time of day, across the DST change', async () => {
    const d = await dashboard();
    expect(d.week).toMatchObject({ start: '2026-11-02', complete: false });
    expect(d.previous.start).toBe('2026-10-26T05:00:00.000Z');
    expect(d.previous.end).toBe('2026-10-28T19:00:00.000Z');
    expect(d.previous.figures.calls_total).toBe(LAST_WEEK_BEFORE.length);
    expect(d.figures.calls_total).toBe(THIS_WEEK.length);
    expect(d.growth.calls_total).toBe((THIS_WEEK.length - LAST_WEEK_BEFORE.length) / LAST_WEEK_BEFORE.length);
  });

  it("divides the week's no-show and cancellation rates by the appointments that have started by now", async () => {
    const { figures } = await dashboard();
    expect(figures.appointments_scheduled).toBe(4);
    expect(figures.no_shows).toBe(1);
    expect(figures.cancellations).toBe(1);
    expect(figures.no_show_rate).toBe(1 / 2);
    expect(figures.cancellation_rate).toBe(0);
  });

  it("keeps the goals against the whole of last week, projecting whole calls", async () => {
    const goals = (await server.request<Goals>('GET', '/salon/goals')).body;
    const calls = goals.goals.find((g) => g.metric === 'calls_total')!;
    expect(calls.target).toBe(LAST_WEEK_BEFORE.length + LAST_WEEK_AFTER.length);
    expect(Number.isInteger(calls.projected)).toBe(true);
    expect(calls.projected).toBeGreaterThan(THIS_WEEK.length);
    const revenue = goals.goals.find((g) => g.metric === 'revenue_cents')!;
    expect(revenue.projected % 100).toBe(0);
  });

  it('compares a complete week with the whole of the week before', async () => {
    clock.set(AFTER_THE_WEEK);
    try {
      const d = await dashboard('?week=2026-11-02');
      expect(d.week.complete).toBe(true);
      expect(d.previous).toMatchObject({ start: '2026-10-26T05:00:00.000Z', end: '2026-11-02T06:00:00.000Z' });
      expect(d.previous.figures.calls_total).toBe(LAST_WEEK_BEFORE.length + LAST_WEEK_AFTER.length);
      expect(d.growth.calls_total).toBe(0);
      expect(d.figures.cancellation_rate).toBe(1 / 4);
      expect(d.figures.no_show_rate).toBe(1 / 4);
    } finally {
      clock.set(NOW);
    }
  });
});
