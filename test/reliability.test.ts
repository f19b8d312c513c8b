/**
 * Per-customer reliability over HTTP, on crafted histories: no-shows and late cancellations
 * (cancelled within 24 hours of the start) over the last 365 days, shown on the customer and
 * warned about when booking past the salon's `deposit_threshold`; and the due-to-rebook list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import type { AppointmentResult, CustomerDetail, OverdueCustomer, Page, WeeklyReportDocument } from '../electron/contract/index.js';
import { startTestServer, type TestServer } from './support/server.js';

// Wednesday 2026-11-25, 12:00 in Chicago (the test server's zone).
const NOW = Date.parse('2026-11-25T18:00:00Z');
const DAY = 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const NO_SHOWS = '+13125558001';
const EARLY_CANCELS = '+13125558002';
const OLD_INCIDENT = '+13125558003';
const MIXED = '+13125558004';
const REGULAR = '+13125558005';

let server: TestServer;
let seq = 0;

async function post<T = AppointmentResult>(body: unknown): Promise<T> {
  const res = await server.request<T>('POST', '/salon/appointment', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A past appointment: booked a week before its start, then marked `status` at `statusAt` (default: the start). */
async function past(phone: string, start: number, status: 'completed' | 'no_show' | 'cancelled', statusAt = start): Promise<number> {
  const id = `apt-${++seq}`;
  const booked = await post({ appointment_id: id, customer: { phone, name: `Customer ${phone.slice(-4)}` }, service: 'Haircut', start: iso(start), timestamp: iso(start - 7 * DAY) });
  await post({ event: status, appointment_id: id, timestamp: iso(statusAt) });
  return booked.appointment!.customer_id;
}

/** Books a visit next week for the customer and answers the booking. */
const bookNextWeek = (phone: string) =>
  post({ appointment_id: `next-${++seq}`, customer: { phone }, service: 'Blowout', start: iso(NOW + 7 * DAY) });

const customer = async (id: number) => (await server.request<CustomerDetail>('GET', `/salon/customers/${id}`)).body;
const setThreshold = async (deposit_threshold: unknown) => server.request('PATCH', '/salon/settings', { deposit_threshold });

const ids: Record<string, number> = {};

beforeAll(async () => {
  server = await startTestServer({ clock: new ManualClock(NOW) });
  // Two no-shows this autumn, and a visit in between.
  ids.noShows = await past(NO_SHOWS, NOW - 60 * DAY, 'no_show');
  await past(NO_SHOWS, NOW - 40 * DAY, 'completed');
  await past(NO_SHOWS, NOW - 20 * DAY, 'no_show');
  // Two cancellations, each three days ahead: not late.
  ids.early = await past(EARLY_CANCELS, NOW - 30 * DAY, 'cancelled', NOW - 33 * DAY);
  await past(EARLY_CANCELS, NOW - 10 * DAY, 'cancelled', NOW - 13 * DAY);
  // A no-show 400 days ago (outside the year) and one last month.
  ids.old = await past(OLD_INCIDENT, NOW - 400 * DAY, 'no_show');
  await past(OLD_INCIDENT, NOW - 30 * DAY, 'no_show');
  // One no-show and one cancellation two hours before the start; and a cancellation 25 hours ahead (not late).
  ids.mixed = await past(MIXED, NOW - 50 * DAY, 'no_show');
  await past(MIXED, NOW - 15 * DAY, 'cancelled', NOW - 15 * DAY - 2 * 3600_000);
  await past(MIXED, NOW - 5 * DAY, 'cancelled', NOW - 5 * DAY - 25 * 3600_000);
  // A regular every 28 days, last seen 70 days ago, nothing booked: due to rebook.
  for (const daysAgo of [154, 126, 98, 70]) ids.regular = await past(REGULAR, NOW - daysAgo * DAY, 'completed');
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('reliability on the customer and on booking', () => {
  it('two no-shows: the profile is flagged and a booking answers the warning', async () => {
    const c = await customer(ids.noShows!);
    expect(c.reliability).toMatchObject({ no_shows: 2, late_cancellations: 0, visits: 1, incidents: 2, deposit_threshold: 2, flagged: true, suggest_deposit: true });
    expect(c.reliability.warning).toBe('2 no-shows in the last year: consider asking for a deposit');
    expect(c.reliability.since).toBe(iso(NOW - 365 * DAY));
    const booked = await bookNextWeek(NO_SHOWS);
    expect(booked.appointment?.customer_id).toBe(ids.noShows);
    expect(booked.warnings).toEqual(['2 no-shows in the last year: consider asking for a deposit']);
  });

  it('cancellations three days ahead are not late: no flag, no warning', async () => {
    const c = await customer(ids.early!);
    expect(c.reliability).toMatchObject({ no_shows: 0, late_cancellations: 0, incidents: 0, flagged: false, suggest_deposit: false, warning: null });
    expect((await bookNextWeek(EARLY_CANCELS)).warnings).toEqual([]);
  });

  it('an incident older than a year does not count', async () => {
    const c = await customer(ids.old!);
    expect(c.reliability).toMatchObject({ no_shows: 1, late_cancellations: 0, flagged: false });
    expect((await bookNextWeek(OLD_INCIDENT)).warnings).toEqual([]);
  });

  it('a cancellation within 24 hours of the start is late; 25 hours ahead is not', async () => {
    const c = await customer(ids.mixed!);
    expect(c.reliability).toMatchObject({ no_shows: 1, late_cancellations: 1, incidents: 2, flagged: true });
    expect((await bookNextWeek(MIXED)).warnings).toEqual(['1 no-show and 1 late cancellation in the last year: consider asking for a deposit']);
  });

  it('only a booking carries warnings, not a status change', async () => {
    const booked = await post({ appointment_id: 'one-off', customer: { phone: '+13125558009' }, service: 'Haircut', start: iso(NOW - DAY), timestamp: iso(NOW - 3 * DAY) });
    expect(booked.warnings).toEqual([]);
    const res = await post({ event: 'completed', appointment_id: 'one-off', timestamp: iso(NOW - DAY) });
    expect(res.warnings).toBeUndefined();
  });

  it('the threshold setting changes the outcome, and bad values are refused', async () => {
    expect((await setThreshold(3)).status).toBe(200);
    expect((await server.request('GET', '/salon/settings')).body.deposit_threshold).toBe(3);
    expect((await customer(ids.noShows!)).reliability).toMatchObject({ flagged: false, deposit_threshold: 3, warning: null });
    expect((await bookNextWeek(NO_SHOWS)).warnings).toEqual([]);

    expect((await setThreshold(1)).status).toBe(200);
    expect((await customer(ids.old!)).reliability).toMatchObject({ flagged: true, warning: '1 no-show in the last year: consider asking for a deposit' });
    expect((await bookNextWeek(OLD_INCIDENT)).warnings).toHaveLength(1);

    // 0: never ask.
    expect((await setThreshold(0)).status).toBe(200);
    expect((await customer(ids.noShows!)).reliability.flagged).toBe(false);

    for (const bad of [-1, 2.5, '2', 101, null]) {
      const res = await setThreshold(bad);
      expect(res.status, String(bad)).toBe(400);
    }
    expect((await server.request('GET', '/salon/settings')).body.deposit_threshold).toBe(0);
    expect((await setThreshold(2)).status).toBe(200);
  });
});

describe('the due-to-rebook list', () => {
  it('GET /salon/customers/due lists the regular past their usual interval', async () => {
    const res = await server.request<Page<OverdueCustomer>>('GET', '/salon/customers/due');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({ customer_id: ids.regular, visits: 4, usual_interval_days: 28, days_since_last_visit: 70, days_overdue: 42, spend_365d_cents: 4 * 4500 });
    // Paging, and the route is not mistaken for a customer id.
    expect((await server.request<Page<OverdueCustomer>>('GET', '/salon/customers/due?limit=1&offset=1')).body).toEqual({ items: [], total: 1 });
    expect((await server.request('GET', '/salon/customers/due?limit=0')).status).toBe(400);
  });

  it('booking the regular takes them off the list', async () => {
    await bookNextWeek(REGULAR);
    expect((await server.request<Page<OverdueCustomer>>('GET', '/salon/customers/due')).body.total).toBe(0);
  });
});

describe('the weekly report as a document', () => {
  it('GET /salon/reports answers the same CSV as /salon/reports/WEEK.csv', async () => {
    const doc = await server.request<WeeklyReportDocument>('GET', '/salon/reports?week=2026-11-16&format=csv');
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({ format: 'csv', filename: 'weekly-report-2026-11-16.csv', week: { start: '2026-11-16', complete: true } });
    const raw = await fetch(`${server.url}/salon/reports/2026-11-16.csv`);
    expect(doc.body.body).toBe(await raw.text());
    // Default: the last complete week, as HTML.
    const html = await server.request<WeeklyReportDocument>('GET', '/salon/reports');
    expect(html.body.week.start).toBe('2026-11-16');
    expect(html.body.body).toMatch(/^<!doctype html>/i);
  });
});
