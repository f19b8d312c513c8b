/**
 * `GET /salon/customers` sorts, filters by segment and pages (SPEC §3, issue 14). Six customers,
 * their visits days before the clock (America/Chicago, Wednesday 2026-11-04 14:00):
 *
 *   Ana    5 visits at $100, 130 … 10 days ago, every 30 days  → regular, VIP
 *   Ben    1 visit at $45, 5 days ago                          → new
 *   Carla  3 visits at $50, 160, 130, 100 days ago             → at risk (usual 30 days, 100 since)
 *   Dan    1 visit at $45, 200 days ago, nothing booked        → lapsed
 *   Eve    2 visits at $60, 280 and 250 days ago, one booked   → none (booked, so not lapsed)
 *   Finn   called, never visited                               → none
 *
 * A test call's customer is left out of every list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import type { CustomerListItem, Page } from '../electron/contract/index.js';
import { startTestServer, type TestServer } from './support/server.js';

const NOW = Date.parse('2026-11-04T14:00:00-06:00');
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (d: number) => new Date(NOW - d * DAY).toISOString();

const PEOPLE = [
  { name: 'Ana Ruiz', phone: '+13125550101', price: 100, visitsDaysAgo: [130, 100, 70, 40, 10] },
  { name: 'Ben Okafor', phone: '+13125550102', price: 45, visitsDaysAgo: [5] },
  { name: 'Carla Diaz', phone: '+13125550103', price: 50, visitsDaysAgo: [160, 130, 100] },
  { name: 'Dan Brooks', phone: '+13125550104', price: 45, visitsDaysAgo: [200] },
  { name: 'Eve Stone', phone: '+13125550105', price: 60, visitsDaysAgo: [280, 250] },
];

describe('the customer list: sort, segment, pages', () => {
  let server: TestServer;

  async function post(path: string, body: object): Promise<void> {
    const res = await server.request('POST', path, body);
    expect(res.status, `${path} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(200);
  }
  const list = async (query: string) => {
    const res = await server.request<Page<CustomerListItem>>('GET', `/salon/customers?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const names = async (query: string) => (await list(query)).items.map((c) => c.name?.split(' ')[0]);

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });
    for (const p of PEOPLE) {
      for (const d of p.visitsDaysAgo) {
        const id = `${p.name}-${d}`;
        await post('/salon/appointment', { appointment_id: id, customer: { name: p.name, phone: p.phone }, service: 'Haircut', price: p.price, start: daysAgo(d), timestamp: daysAgo(d + 1) });
        await post('/salon/appointment', { event: 'completed', appointment_id: id, timestamp: daysAgo(d - 0.05) });
      }
    }
    await post('/salon/appointment', { appointment_id: 'eve-next', customer: { phone: '+13125550105' }, service: 'Haircut', start: new Date(NOW + 3 * DAY).toISOString(), timestamp: daysAgo(1) });
    await post('/salon/call', { event: 'started', call_sid: 'finn', from: '+13125550106', caller_name: 'Finn Walsh', timestamp: daysAgo(2) });
    await post('/salon/test/call', { event: 'started', call_sid: 'test-1', from: '+13125550199', caller_name: 'Zed Test' });
  });
  afterAll(() => server?.stop());

  it('answers each customer with their visits, last visit and spend over the last 365 days', async () => {
    const { items, total } = await list('');
    expect(total).toBe(6);
    const ana = items.find((c) => c.name === 'Ana Ruiz')!;
    expect(ana).toMatchObject({ visits: 5, last_visit_at: daysAgo(10), spend_365d_cents: 50_000, first_visit_at: daysAgo(130) });
    expect(items.find((c) => c.name === 'Finn Walsh')).toMatchObject({ visits: 0, last_visit_at: null, spend_365d_cents: 0 });
  });

  it('sorts by name, last visit, spend, visits and first visit, each in its useful order unless asked', async () => {
    expect(await names('sort=name')).toEqual(['Ana', 'Ben', 'Carla', 'Dan', 'Eve', 'Finn']);
    expect(await names('sort=name&order=desc')).toEqual(['Finn', 'Eve', 'Dan', 'Carla', 'Ben', 'Ana']);
    expect(await names('sort=last_visit')).toEqual(['Ben', 'Ana', 'Carla', 'Dan', 'Eve', 'Finn']);
    // Never visited stays last either way.
    expect(await names('sort=last_visit&order=asc')).toEqual(['Eve', 'Dan', 'Carla', 'Ana', 'Ben', 'Finn']);
    expect(await names('sort=spend_365d')).toEqual(['Ana', 'Carla', 'Eve', 'Ben', 'Dan', 'Finn']);
    expect(await names('sort=visits')).toEqual(['Ana', 'Carla', 'Eve', 'Ben', 'Dan', 'Finn']);
    expect(await names('sort=first_visit')).toEqual(['Ben', 'Ana', 'Carla', 'Dan', 'Eve', 'Finn']);
  });

  it('narrows to each segment by its definition', async () => {
    expect(await names('segment=new')).toEqual(['Ben']);
    expect(await names('segment=regular')).toEqual(['Ana']);
    expect(await names('segment=at_risk')).toEqual(['Carla']);
    expect(await names('segment=lapsed')).toEqual(['Dan']);
    expect(await names('segment=vip')).toEqual(['Ana']);
  });

  it('pages through the whole list, and combines search, segment and sort', async () => {
    expect(await list('sort=name&limit=2&offset=2')).toMatchObject({ total: 6, items: [{ name: 'Carla Diaz' }, { name: 'Dan Brooks' }] });
    expect(await list('sort=name&limit=2&offset=6')).toEqual({ total: 6, items: [] });
    expect(await names('query=an&sort=spend_365d')).toEqual(['Ana', 'Dan']);
    expect(await list('query=Ana&segment=lapsed')).toEqual({ total: 0, items: [] });
    expect(await names('query=555-0103&segment=at_risk')).toEqual(['Carla']);
  });

  it('refuses an unknown sort, order or segment with a 400 that names it', async () => {
    for (const [query, field] of [['sort=price', 'sort'], ['order=up', 'order'], ['segment=gold', 'segment']] as const) {
      const res = await server.request('GET', `/salon/customers?${query}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });
});
