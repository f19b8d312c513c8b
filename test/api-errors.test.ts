import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { startTestServer, type TestServer } from './support/server.js';
import { tableCounts } from './support/child.js';

// Wednesday of the week of Monday 2026-11-23, salon time America/Chicago.
const NOW = Date.parse('2026-11-25T18:00:00Z');

interface Answer {
  status: number;
  body: { error: string; details: { field: string; message: string }[] };
}

/** The error shape of SPEC §3, and, for a 400, the field at fault named in `details`. */
function expectError(res: Answer, status: number, field?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ error: expect.any(String), details: expect.any(Array) });
  expect(res.body.error.length).toBeGreaterThan(0);
  if (field !== undefined) {
    for (const d of res.body.details) expect(d).toMatchObject({ field: expect.any(String), message: expect.any(String) });
    expect(res.body.details.map((d) => d.field)).toContain(field);
  }
}

describe('bad input answers 400 naming the field at fault, and stores nothing', () => {
  let server: TestServer;
  let before: Awaited<ReturnType<typeof snapshot>>;

  /** Everything a bad request could have changed: list totals, the dashboard, and every table's rows. */
  async function snapshot() {
    const [calls, appointments, customers, dashboard] = await Promise.all([
      server.request('GET', '/salon/calls'),
      server.request('GET', '/salon/appointments'),
      server.request('GET', '/salon/customers'),
      server.request('GET', '/salon/dashboard'),
    ]);
    return {
      calls: calls.body.total as number,
      appointments: appointments.body.total as number,
      customers: customers.body.total as number,
      dashboard: dashboard.body,
      tables: tableCounts(server.salon.db),
    };
  }

  async function expectNothingStored(): Promise<void> {
    expect(await snapshot()).toEqual(before);
  }

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });
    // A week with something in it, so that "unchanged" figures are not all zero.
    const events = [
      { event: 'started', call_sid: 'CA-base', from: '+13125550101', caller_name: 'Ana Ruiz', timestamp: '2026-11-23T10:00:00-06:00' },
      { event: 'ended', call_sid: 'CA-base', status: 'completed', duration_sec: 120, timestamp: '2026-11-23T10:02:00-06:00' },
    ];
    for (const e of events) expect((await server.request('POST', '/salon/call', e)).status).toBe(200);
    const booked = await server.request('POST', '/salon/appointment', {
      appointment_id: 'apt-base',
      call_sid: 'CA-base',
      customer: { name: 'Ana Ruiz', phone: '+13125550101' },
      service: 'Haircut',
      start: '2026-11-24T10:00:00-06:00',
    });
    expect(booked.status).toBe(200);
    before = await snapshot();
    expect(before.calls).toBe(1);
    expect(before.appointments).toBe(1);
    expect(before.customers).toBe(1);
    expect(before.dashboard.figures.calls_total).toBe(1);
    expect(before.dashboard.figures.appointments_booked).toBe(1);
  });
  afterAll(() => server.stop());

  const callCases: [string, unknown, string][] = [
    ['a call event without call_sid', { event: 'started', from: '+13125550102' }, 'call_sid'],
    ['a call event with an empty call_sid', { event: 'started', call_sid: '' }, 'call_sid'],
    ['a call event without event', { call_sid: 'CA-bad' }, 'event'],
    ['an unknown call event', { event: 'hung_up', call_sid: 'CA-bad' }, 'event'],
    ['a call_sid that is an object', { event: 'started', call_sid: { id: 1 } }, 'call_sid'],
    ['a duration that is not a number', { event: 'ended', call_sid: 'CA-bad', status: 'completed', duration_sec: 'long' }, 'duration_sec'],
    ['a fractional duration', { event: 'ended', call_sid: 'CA-bad', status: 'completed', duration_sec: 12.5 }, 'duration_sec'],
    ['an unknown end status', { event: 'ended', call_sid: 'CA-bad', status: 'exploded' }, 'status'],
    ['an unknown direction', { event: 'started', call_sid: 'CA-bad', direction: 'sideways' }, 'direction'],
    ['a timestamp without an offset', { event: 'started', call_sid: 'CA-bad', timestamp: '2026-11-23T14:05:00' }, 'timestamp'],
    ['a garbage timestamp', { event: 'started', call_sid: 'CA-bad', timestamp: 'yesterday at noon' }, 'timestamp'],
    ['an impossible timestamp', { event: 'started', call_sid: 'CA-bad', timestamp: '2026-02-30T10:00:00Z' }, 'timestamp'],
    ['a negative duration', { event: 'ended', call_sid: 'CA-bad', status: 'completed', duration_sec: -5 }, 'duration_sec'],
    ['an intent event without intent', { event: 'intent', call_sid: 'CA-base' }, 'intent'],
    ['a JSON array body', [{ event: 'started', call_sid: 'CA-bad' }], 'body'],
    ['a JSON string body', '"started"', 'body'],
  ];
  it.each(callCases)('POST /salon/call refuses %s', async (_, body, field) => {
    expectError(await server.request('POST', '/salon/call', body), 400, field);
    await expectNothingStored();
  });

  it('POST /salon/call refuses a body that is not JSON', async () => {
    expectError(await server.request('POST', '/salon/call', '{"event": "started", call_sid: CA-bad'), 400, 'body');
    await expectNothingStored();
  });

  it('POST /salon/call refuses a body sent as another content type', async () => {
    const res = await server.request('POST', '/salon/call', '<call sid="CA-bad"/>', { 'content-type': 'application/xml' });
    expectError(res, 400, 'body');
    await expectNothingStored();
  });

  const booking = {
    appointment_id: 'apt-bad',
    customer: { name: 'Bo Chen', phone: '+13125550177' },
    service: 'Haircut',
    start: '2026-11-26T10:00:00-06:00',
  };
  const appointmentCases: [string, unknown, string][] = [
    ['an unknown service', { ...booking, service: 'Mullet Deluxe' }, 'service'],
    ['a booking without a service', { ...booking, service: undefined }, 'service'],
    ['a booking without a start', { ...booking, start: undefined }, 'start'],
    ['a booking without the customer phone', { ...booking, customer: { name: 'Bo Chen' } }, 'customer.phone'],
    ['a booking without any customer', { ...booking, customer: undefined }, 'customer.phone'],
    ['an invalid phone', { ...booking, customer: { name: 'Bo Chen', phone: 'call me maybe' } }, 'customer.phone'],
    ['a phone that is too short', { ...booking, customer: { name: 'Bo Chen', phone: '555-01' } }, 'customer.phone'],
    ['an invalid email', { ...booking, customer: { ...booking.customer, email: 'not an email' } }, 'customer.email'],
    ['an unknown customer id', { ...booking, customer: { id: 9999 } }, 'customer.id'],
    ['a price with 3 decimals', { ...booking, price: 45.125 }, 'price'],
    ['a negative price', { ...booking, price: -1 }, 'price'],
    ['a price that is not a number', { ...booking, price: 'cheap' }, 'price'],
    ['a customer that is a string', { ...booking, customer: 'Bo Chen' }, 'customer'],
    ['a start without an offset', { ...booking, start: '2026-11-26T10:00:00' }, 'start'],
    ['an unknown appointment event', { ...booking, event: 'teleported' }, 'event'],
    ['a status event without appointment_id', { event: 'completed' }, 'appointment_id'],
    ['a reschedule without a start', { event: 'rescheduled', appointment_id: 'apt-base' }, 'start'],
    ['a JSON array body', [booking], 'body'],
  ];
  it.each(appointmentCases)('POST /salon/appointment refuses %s', async (_, body, field) => {
    expectError(await server.request('POST', '/salon/appointment', body), 400, field);
    await expectNothingStored();
  });

  it('POST /salon/appointment refuses a body that is not JSON', async () => {
    expectError(await server.request('POST', '/salon/appointment', 'service=Haircut&start=tomorrow'), 400, 'body');
    await expectNothingStored();
  });

  it('PATCH of an unknown appointment answers 404 and stores nothing', async () => {
    expectError(await server.request('PATCH', '/salon/appointments/apt-nobody', { status: 'completed' }), 404);
    await expectNothingStored();
  });

  const patchCases: [string, unknown, string][] = [
    ['a price with 3 decimals', { price: 45.999 }, 'price'],
    ['an unknown status', { status: 'vanished' }, 'status'],
    ['a start that is not a time', { start: 'soon' }, 'start'],
    ['an empty change', {}, 'body'],
  ];
  it.each(patchCases)('PATCH /salon/appointments/:id refuses %s and leaves the appointment as it was', async (_, body, field) => {
    const was = await server.request('GET', '/salon/appointments/apt-base');
    expectError(await server.request('PATCH', '/salon/appointments/apt-base', body), 400, field);
    expect((await server.request('GET', '/salon/appointments/apt-base')).body).toEqual(was.body);
    await expectNothingStored();
  });

  const queryCases: [string, string][] = [
    ['/salon/metrics/weekly?weeks_back=0', 'weeks_back'],
    ['/salon/metrics/weekly?weeks_back=521', 'weeks_back'],
    ['/salon/metrics/weekly?weeks_back=many', 'weeks_back'],
    ['/salon/metrics/weekly?until=last-monday', 'until'],
    ['/salon/dashboard?week=not-a-date', 'week'],
    ['/salon/dashboard?week=2026-02-30', 'week'],
    ['/salon/calls?limit=5000', 'limit'],
    ['/salon/calls?limit=0', 'limit'],
    ['/salon/calls?offset=-1', 'offset'],
    ['/salon/calls?from=garbage', 'from'],
    ['/salon/calls?status=ringing', 'status'],
    ['/salon/appointments?limit=5000', 'limit'],
    ['/salon/appointments?to=2026-13-45', 'to'],
    ['/salon/customers?limit=5000', 'limit'],
    ['/salon/customers/not-a-number', 'id'],
  ];
  it.each(queryCases)('GET %s answers 400 naming the parameter', async (path, field) => {
    expectError(await server.request('GET', path), 400, field);
    await expectNothingStored();
  });

  it('the limits themselves are accepted: weeks_back=520 and limit=1000', async () => {
    const weekly = await server.request('GET', '/salon/metrics/weekly?weeks_back=520&until=2026-11-23');
    expect(weekly.status).toBe(200);
    expect(weekly.body.weeks).toHaveLength(520);
    expect(weekly.body.weeks.at(-1).week_start).toBe('2026-11-23');
    const calls = await server.request('GET', '/salon/calls?limit=1000');
    expect(calls.status).toBe(200);
    expect(calls.body.total).toBe(1);
  });

  it('a body over 64 KiB answers 413 with the error shape, and stores nothing', async () => {
    const body = JSON.stringify({ event: 'started', call_sid: 'CA-huge', padding: 'x'.repeat(65 * 1024) });
    expect(body.length).toBeGreaterThan(64 * 1024);
    expectError(await server.request('POST', '/salon/call', body), 413);
    expectError(await server.request('POST', '/salon/appointment', JSON.stringify({ ...booking, notes: 'y'.repeat(70 * 1024) })), 413);
    await expectNothingStored();
  });

  it('an unknown route answers 404 with the error shape', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/salon/nothing-here'],
      ['POST', '/salon/calls'],
      ['DELETE', '/salon/appointments/apt-base'],
    ] as const) {
      const res = await server.request(method, path, method === 'POST' ? { event: 'started', call_sid: 'CA-404' } : undefined);
      expectError(res, 404);
    }
    await expectNothingStored();
  });

  // Last: it stores a call.
  it('accepts the seed-style aliases CallSid, From and CallerName', async () => {
    const res = await server.request('POST', '/salon/call', {
      event: 'started',
      CallSid: 'CA-alias',
      From: '(312) 555-0199',
      CallerName: 'Dee Park',
      timestamp: '2026-11-24T11:00:00-06:00',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, duplicate: false, call: { call_sid: 'CA-alias', from: '+13125550199', caller_name: 'Dee Park' } });
    const stored = await server.request('GET', '/salon/calls');
    expect(stored.body.total).toBe(2);
    expect(stored.body.items.map((c: { call_sid: string }) => c.call_sid)).toContain('CA-alias');
    const customers = await server.request('GET', '/salon/customers?query=555-0199');
    expect(customers.body.items).toEqual([expect.objectContaining({ name: 'Dee Park', phone: '+13125550199' })]);
  });
});
