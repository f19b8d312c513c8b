import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { tableCounts } from './support/child.js';
import { startTestServer, type TestServer } from './support/server.js';

const NOW = Date.parse('2026-03-05T18:00:00Z');

interface Attempt {
  method: string;
  path: string;
  body?: string | Buffer;
  contentType?: string;
}

/** Every route that takes a body, with the fields its schema names (fast-check builds objects from them). */
const BODY_ROUTES: { method: string; path: string; fields: string[] }[] = [
  { method: 'POST', path: '/salon/call', fields: ['event', 'call_sid', 'from', 'to', 'caller_name', 'direction', 'timestamp', 'status', 'duration_sec', 'intent', 'CallSid', 'From', 'CallerName'] },
  { method: 'POST', path: '/salon/appointment', fields: ['event', 'appointment_id', 'call_sid', 'customer', 'service', 'start', 'duration_min', 'price', 'notes', 'timestamp'] },
  { method: 'POST', path: '/salon/test/call', fields: ['event', 'call_sid', 'from', 'caller_name', 'status', 'duration_sec'] },
  { method: 'POST', path: '/salon/test/appointment', fields: ['event', 'appointment_id', 'customer', 'service', 'start', 'price'] },
  { method: 'PATCH', path: '/salon/appointments/apt-h-1', fields: ['status', 'start', 'duration_min', 'price', 'notes'] },
  { method: 'PATCH', path: '/salon/customers/1', fields: ['name', 'phone', 'email', 'notes'] },
  { method: 'PATCH', path: '/salon/settings', fields: ['timezone', 'default_region', 'business_hours', 'deposit_threshold'] },
  { method: 'PUT', path: '/salon/services', fields: ['name', 'price', 'duration_min'] },
  { method: 'PUT', path: '/salon/intents', fields: ['intent', 'service'] },
  { method: 'POST', path: '/salon/callbacks/called-back', fields: ['phone'] },
  { method: 'POST', path: '/salon/backups/restore', fields: ['file', 'name', 'path'] },
  { method: 'PUT', path: '/salon/listener', fields: ['port', 'token', 'host'] },
];

const TWILIO = ['/twilio/voice', '/twilio/status', '/twilio/dial'];

const GET_ROUTES = [
  '/health',
  '/salon/calls',
  '/salon/appointments',
  '/salon/appointments/apt-h-1',
  '/salon/customers',
  '/salon/customers/due',
  '/salon/customers/1',
  '/salon/dashboard',
  '/salon/metrics/weekly',
  '/salon/insights',
  '/salon/goals',
  '/salon/callbacks',
  '/salon/reports',
  '/salon/reports/2026-03-02.html',
  '/salon/settings',
  '/salon/services',
  '/salon/export',
  '/salon/export/calls.csv',
];

const QUERY_KEYS = ['week', 'weeks_back', 'until', 'from', 'to', 'status', 'limit', 'offset', 'query', 'what', 'format'];

const valid = {
  call: { event: 'started', call_sid: 'CA-h-valid', from: '+13125550101', caller_name: 'Ana Ruiz', timestamp: '2026-03-04T10:00:00-06:00' },
  appointment: { appointment_id: 'apt-h-valid', customer: { phone: '+13125550101', name: 'Ana Ruiz' }, service: 'Haircut', start: '2026-03-06T10:00:00-06:00' },
};

const SQL = ["x'; DROP TABLE calls; --", "' OR 1=1 --", '" OR ""="', '1; DELETE FROM customers', "Robert'); DROP TABLE events;--", '%', '_', '\\', "' UNION SELECT * FROM settings --"];
const CONFUSABLE = [
  'ѕtarted', // Cyrillic s
  'stаrted', // Cyrillic a
  'ＳＴＡＲＴＥＤ', // fullwidth
  'Наircut', // Cyrillic H and a
  'Haircut\u200b', // zero-width space
  '\u202eHaircut', // right-to-left override
  'Ha\u0000ircut', // NUL
  '＋１３１２５５５０１０１', // fullwidth phone
  '+1 (312) 555-0101\u2028',
  'e\u0301vent', // combining accent
  '\ud800', // lone surrogate
  '🙂'.repeat(40),
  'İ'.repeat(10),
];

/** Hand-made hostile payloads for one JSON route. */
function corpusFor(route: { method: string; path: string; fields: string[] }): Attempt[] {
  const json = (value: unknown): Attempt => ({ method: route.method, path: route.path, body: JSON.stringify(value), contentType: 'application/json' });
  const raw = (body: string | Buffer, contentType = 'application/json'): Attempt => ({ method: route.method, path: route.path, body, contentType });
  const base = route.path === '/salon/appointment' ? valid.appointment : valid.call;
  const text = JSON.stringify(base);
  const out: Attempt[] = [
    // Malformed and truncated.
    raw('{'),
    raw('{"event":'),
    raw('{"event":"started",}'),
    raw('{"a":1}}'),
    raw("{'event':'started'}"),
    raw('NaN'),
    raw('undefined'),
    raw(''),
    raw('\ufeff' + text),
    raw(Buffer.from([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])),
    ...[1, 5, 17, Math.floor(text.length / 2), text.length - 1].map((n) => raw(text.slice(0, n))),
    // Not objects.
    json(null),
    json([]),
    json([base]),
    json('started'),
    json(42),
    json(true),
    // Oversized: over the 64 KiB limit, and fields over their own limits.
    raw(JSON.stringify({ ...base, notes: 'x'.repeat(70 * 1024) })),
    raw('x'.repeat(200 * 1024)),
    json(Object.fromEntries(route.fields.map((f) => [f, 'y'.repeat(5000)]))),
    json(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]))),
    // Deeply nested.
    raw('['.repeat(20_000) + ']'.repeat(20_000)),
    raw('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)),
    json(Object.fromEntries(route.fields.map((f) => [f, JSON.parse('{"a":'.repeat(50) + '1' + '}'.repeat(50))]))),
    // Prototype pollution.
    raw(`{"__proto__":{"polluted":true},${text.slice(1)}`),
    raw(`{"constructor":{"prototype":{"polluted":true}},${text.slice(1)}`),
    // Wrong content types.
    raw(text, 'text/plain'),
    raw(text, 'application/x-www-form-urlencoded'),
    raw(text, 'application/json; charset=utf-16'),
    raw('event=started&call_sid=x', 'application/x-www-form-urlencoded'),
    { method: route.method, path: route.path },
  ];
  // Wrong types, one field at a time.
  for (const f of route.fields) {
    for (const v of [null, 1, -1, 1e308, -0, true, [], {}, [1, 2], { $gt: '' }, '', ' ', '2026-13-45T99:99:99Z', 'not a date']) out.push(json({ ...base, [f]: v }));
  }
  // SQL injection and confusables in every field.
  for (const f of route.fields) for (const v of [...SQL, ...CONFUSABLE]) out.push(json({ ...base, [f]: v }));
  for (const v of [...SQL, ...CONFUSABLE]) out.push(json({ ...base, customer: { phone: v, name: v, email: v } }));
  return out;
}

function twilioCorpus(): Attempt[] {
  const form = (path: string, body: string | Buffer, contentType = 'application/x-www-form-urlencoded'): Attempt => ({ method: 'POST', path, body, contentType });
  const out: Attempt[] = [];
  for (const path of TWILIO) {
    out.push(
      form(path, ''),
      form(path, '%%%'),
      form(path, 'CallSid=' + 'A'.repeat(70 * 1024)),
      form(path, 'CallSid=CA1&CallSid=CA2&CallStatus=completed&CallDuration=abc'),
      form(path, 'CallSid=CA-tw&CallStatus=in-progress&From=%00%00&CallDuration=-5'),
      form(path, 'CallSid=&CallStatus=&From=&To='),
      form(path, '__proto__[polluted]=1&constructor[prototype][x]=1'),
      form(path, Buffer.from([0xff, 0xfe, 0x3d, 0x26])),
      form(path, JSON.stringify(valid.call), 'application/json'),
      form(path, '[]', 'application/json'),
      form(path, '<xml/>', 'text/xml'),
      ...[...SQL, ...CONFUSABLE].map((v) => form(path, new URLSearchParams({ CallSid: v, CallStatus: v, From: v, CallDuration: v, DialCallStatus: v }).toString())),
    );
  }
  return out;
}

/** Percent-encoded; a lone surrogate (which has no UTF-8) goes as the raw bytes of one: hostile too. */
const encodeQuery = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

function queryCorpus(): Attempt[] {
  const out: Attempt[] = [];
  const values = ['', '-1', '0', '1e309', '99999999999999999999', 'abc', '2026-02-30', '2026-13-01', '0000-00-00', '[]', '{}', '%00', '%ff', '%', ...SQL, ...CONFUSABLE];
  for (const path of GET_ROUTES) {
    // Every key with the sharpest values; every value under some key.
    for (const key of QUERY_KEYS) for (const v of ['', '-1', '1e309', 'abc', '2026-02-30', SQL[1]!, CONFUSABLE[0]!, '%00']) out.push({ method: 'GET', path: `${path}?${key}=${encodeQuery(v)}` });
    values.forEach((v, i) => out.push({ method: 'GET', path: `${path}?${QUERY_KEYS[i % QUERY_KEYS.length]}=${encodeQuery(v)}` }));
    out.push({ method: 'GET', path: `${path}?limit=1&limit=2&offset[]=1&__proto__[x]=1` });
    out.push({ method: 'GET', path: `${path}?${'a=1&'.repeat(3000)}` });
  }
  // Hostile path parameters.
  for (const id of ["1 OR 1=1", "' OR 1=1 --", '0', '-1', '1e3', '99999999999999999999', '%00', '..%2F..%2Fetc%2Fpasswd', 'ＩＤ', 'apt-h-1%27']) {
    out.push({ method: 'GET', path: `/salon/customers/${id}` }, { method: 'GET', path: `/salon/appointments/${id}` }, { method: 'GET', path: `/salon/reports/${id}` });
    out.push({ method: 'PATCH', path: `/salon/customers/${id}`, body: '{"notes":"x"}', contentType: 'application/json' });
    out.push({ method: 'PATCH', path: `/salon/appointments/${id}`, body: '{"notes":"x"}', contentType: 'application/json' });
  }
  return out;
}

describe('hostile input: never a 500, never a crash, nothing stored from a refused request', () => {
  let server: TestServer;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });
    // Something to find, change and break: a customer, a call, an appointment.
    expect((await server.request('POST', '/salon/call', { ...valid.call, call_sid: 'CA-h-1' })).status).toBe(200);
    expect((await server.request('POST', '/salon/appointment', { ...valid.appointment, appointment_id: 'apt-h-1', call_sid: 'CA-h-1' })).status).toBe(200);
  });
  afterAll(() => server?.stop());

  /** Sends one request; a refused one must leave every table as it was, and nothing may answer 5xx. */
  async function attempt(a: Attempt): Promise<number> {
    const before = tableCounts(server.salon.db);
    const res = await fetch(server.url + a.path, {
      method: a.method,
      headers: a.contentType ? { 'content-type': a.contentType } : {},
      ...(a.body !== undefined ? { body: typeof a.body === 'string' ? a.body : new Uint8Array(a.body) } : {}),
    });
    const text = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const what = `${a.method} ${a.path.slice(0, 120)} ${String(a.body ?? '').slice(0, 120)} → ${res.status} ${text.slice(0, 200)}`;
    expect(res.status, what).toBeLessThan(500);
    if (res.status >= 400) {
      expect(tableCounts(server.salon.db), what).toEqual(before);
      // Errors answer {"error", "details"}.
      if (res.headers.get('content-type')?.includes('json')) expect(JSON.parse(text), what).toHaveProperty('error');
    }
    return res.status;
  }

  it('the hand-made corpus against every JSON route', { timeout: 60_000 }, async () => {
    let n = 0;
    for (const route of BODY_ROUTES) for (const a of corpusFor(route)) n += (await attempt(a)) ? 1 : 0;
    expect(n).toBeGreaterThan(1500);
  });

  it('the hand-made corpus against /twilio/*, query strings and path parameters', { timeout: 60_000 }, async () => {
    for (const a of [...twilioCorpus(), ...queryCorpus()]) await attempt(a);
  });

  it('fast-check: arbitrary JSON bodies and objects made of each route’s own field names', { timeout: 60_000 }, async () => {
    const route = fc.constantFrom(...BODY_ROUTES);
    await fc.assert(
      fc.asyncProperty(route, fc.anything(), async (r, value) => {
        const body = JSON.stringify(value) ?? 'null';
        await attempt({ method: r.method, path: r.path, body, contentType: 'application/json' });
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(
        route.chain((r) => fc.tuple(fc.constant(r), fc.dictionary(fc.constantFrom(...r.fields), fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.double()), { maxKeys: 6 }))),
        async ([r, object]) => {
          await attempt({ method: r.method, path: r.path, body: JSON.stringify(object), contentType: 'application/json' });
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GET_ROUTES), fc.dictionary(fc.constantFrom(...QUERY_KEYS), fc.string(), { maxKeys: 4 }), async (path, query) => {
        await attempt({ method: 'GET', path: `${path}?${new URLSearchParams(query).toString()}` });
      }),
      { numRuns: 100 },
    );
  });

  it('the server is still healthy, its tables intact, and the injected SQL did nothing', async () => {
    const health = await server.request('GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', db: 'ok' } });
    expect(server.salon.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const counts = tableCounts(server.salon.db);
    for (const table of ['calls', 'customers', 'events', 'appointments', 'services']) expect(counts[table], table).toBeGreaterThan(0);
    expect((await server.request('GET', '/salon/appointments/apt-h-1')).status).toBe(200);
    // Mostly refused, as it should be; and no answer was a 5xx.
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(1000);
  });
});
