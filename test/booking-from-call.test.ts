import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';
import { tableCounts } from './support/child.js';

const at = (time: string) => `2026-03-04T${time}:00-06:00`; // a Wednesday, salon time
const START = '2026-03-06T10:00:00-06:00';

describe('a booking made during a call takes what it leaves out from that call', () => {
  let server: TestServer;
  const call = (body: Record<string, unknown>) => server.request('POST', '/salon/call', body);
  const book = (body: Record<string, unknown>) => server.request('POST', '/salon/appointment', body);
  const counts = () => {
    const db = new Database(server.dbPath, { readonly: true });
    try {
      return tableCounts(db);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    server = await startTestServer();
    for (const body of [
      { event: 'started', call_sid: 'CA-ana', from: '(312) 555-0101', caller_name: 'Ana Ruiz', timestamp: at('09:00') },
      { event: 'intent', call_sid: 'CA-ana', intent: 'leaking_fixture', timestamp: at('09:01') },
      { event: 'started', call_sid: 'CA-bo', from: '312-555-0102', timestamp: at('09:10') },
      { event: 'intent', call_sid: 'CA-bo', intent: 'NOT_IN_THE_MAP', timestamp: at('09:11') },
      { event: 'started', call_sid: 'CA-hidden', from: 'anonymous', caller_name: 'Withheld', timestamp: at('09:20') },
      { event: 'intent', call_sid: 'CA-hidden', intent: 'EMERGENCY_FIX', timestamp: at('09:21') },
    ]) {
      expect((await call(body)).status).toBe(200);
    }
  });
  afterAll(() => server.stop());

  it('no customer and no service: the caller (E.164 number and name) and the intent\'s service, at its price; the answer says so and the call counts as converted', async () => {
    const res = await book({ appointment_id: 'apt-ana', call_sid: 'CA-ana', start: START, timestamp: at('09:02') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.from_call).toEqual(['customer.phone', 'customer.name', 'service']);
    expect(res.body.appointment).toMatchObject({ call_sid: 'CA-ana', customer_phone: '+13125550101', customer_name: 'Ana Ruiz', service: 'Hair Color', price_cents: 12000, duration_min: 120 });
    const week = (await server.request('GET', '/salon/metrics/weekly?weeks_back=1&until=2026-03-04')).body.weeks[0];
    expect(week).toMatchObject({ calls_total: 3, calls_converted: 1, appointments_booked: 1 });
    // Sent again, it is the same booking, and the answer still says where its values came from.
    const again = await book({ appointment_id: 'apt-ana', call_sid: 'CA-ana', start: START, timestamp: at('09:02') });
    expect(again.body).toMatchObject({ duplicate: true, from_call: ['customer.phone', 'customer.name', 'service'] });
  });

  it('what the event gives wins: its own name, service and price are kept, and only the rest is taken from the call', async () => {
    const named = await book({ appointment_id: 'apt-ana-2', call_sid: 'CA-ana', customer: { name: 'Ana R.', email: 'ana@example.com' }, start: START, price: 99.5 });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body.from_call).toEqual(['customer.phone', 'service']);
    expect(named.body.appointment).toMatchObject({ customer_phone: '+13125550101', service: 'Hair Color', price_cents: 9950 });

    const serviced = await book({ appointment_id: 'apt-ana-3', call_sid: 'CA-ana', service: 'Blowout', start: START });
    expect(serviced.body.from_call).toEqual(['customer.phone', 'customer.name']);
    expect(serviced.body.appointment).toMatchObject({ service: 'Blowout', price_cents: 3500 });

    const complete = await book({ appointment_id: 'apt-full', call_sid: 'CA-nowhere', customer: { phone: '+13125550109' }, service: 'Perm', start: START });
    expect(complete.status).toBe(200);
    expect(complete.body.from_call).toEqual([]);
  });

  it('a caller without a name gives the number only; a later change of the appointment says nothing about the call', async () => {
    const res = await book({ appointment_id: 'apt-bo', call_sid: 'CA-bo', service: 'Haircut', start: START });
    expect(res.body.from_call).toEqual(['customer.phone']);
    expect(res.body.appointment).toMatchObject({ customer_phone: '+13125550102', customer_name: null });
    const done = await book({ event: 'completed', appointment_id: 'apt-bo' });
    expect(done.status).toBe(200);
    expect(done.body).not.toHaveProperty('from_call');
  });

  it('still a 400 naming the field when neither the event nor the call has it, and nothing is stored', async () => {
    const before = counts();
    for (const [body, field, reason] of [
      // A call not (yet) reported: the app cannot know who called.
      [{ call_sid: 'CA-unknown', service: 'Haircut', start: START }, 'customer.phone', /CA-unknown has not been reported/],
      [{ call_sid: 'CA-unknown', customer: { phone: '+13125550103' }, start: START }, 'service', /CA-unknown has not been reported/],
      [{ call_sid: 'CA-hidden', start: START }, 'customer.phone', /no caller number/],
      [{ call_sid: 'CA-bo', start: START }, 'service', /NOT_IN_THE_MAP maps to no service/],
      [{ call_sid: 'CA-ana', start: '2026-03-06T10:00:00' }, 'start', /offset/],
      [{ call_sid: 'CA-ana' }, 'start', /required/],
      [{ start: START, service: 'Haircut' }, 'customer.phone', /required/],
      [{ start: START, customer: { phone: '+13125550103' } }, 'service', /required/],
    ] as const) {
      const res = await book({ appointment_id: 'apt-refused', ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
      expect(res.body.error).toMatch(reason);
    }
    const noIntent = await call({ event: 'started', call_sid: 'CA-quiet', from: '+13125550104', timestamp: at('10:00') });
    expect(noIntent.status).toBe(200);
    const res = await book({ call_sid: 'CA-quiet', start: START });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^service: .*CA-quiet reported no intent/);
    expect(counts()).toEqual({ ...before, events: before.events! + 1, calls: before.calls! + 1, customers: before.customers! + 1 });
  });
});

describe('a phone service that reports an end without a status', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('an `ended` event with a duration and no status counts as answered; with no duration, or 0, as missed (SPEC §2)', async () => {
    const cases = [
      { sid: 'CA-talked', duration_sec: 184, status: 'answered' },
      { sid: 'CA-zero', duration_sec: 0, status: 'missed' },
      { sid: 'CA-none', duration_sec: undefined, status: 'missed' },
    ];
    for (const c of cases) {
      await server.request('POST', '/salon/call', { event: 'started', call_sid: c.sid, from: '+13125550101', timestamp: at('11:00') });
      const res = await server.request('POST', '/salon/call', { event: 'ended', call_sid: c.sid, duration_sec: c.duration_sec, timestamp: at('11:04') });
      expect(res.body.call, c.sid).toMatchObject({ status: c.status, end_status: null, duration_sec: c.duration_sec ?? null });
    }
    const week = (await server.request('GET', '/salon/metrics/weekly?weeks_back=1&until=2026-03-04')).body.weeks[0];
    expect(week).toMatchObject({ calls_total: 3, calls_answered: 1, calls_missed: 2, avg_call_duration_sec: 184 });
  });
});
