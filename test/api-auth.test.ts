import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { startServer } from '../electron/server/start.js';
import { connectLive, rawRequest, startTestServer, tryWebSocket, type TestServer } from './support/server.js';
import { runCli, tableCounts, type Child } from './support/child.js';

const TOKEN = 'front-desk-secret-7f3a';
const NOW = Date.parse('2026-11-25T18:00:00Z');

/**
 * A request with exactly the headers given (the harness's `request` adds the token by itself),
 * from the loopback address given: wrong tokens are rate-limited per peer address.
 */
async function raw(server: TestServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, from?: string) {
  return rawRequest(server.url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(from ? { from } : {}),
  });
}

/** Every `/salon` route, each with a request that succeeds when the token is given. */
const ROUTES: [method: string, path: string, body?: unknown][] = [
  ['POST', '/salon/call', { event: 'started', call_sid: 'CA-auth-2', from: '+13125550102', timestamp: '2026-11-24T10:00:00-06:00' }],
  ['POST', '/salon/appointment', { appointment_id: 'apt-auth-2', customer: { phone: '+13125550102' }, service: 'Blowout', start: '2026-11-27T10:00:00-06:00' }],
  ['POST', '/salon/test/call', {}],
  ['POST', '/salon/test/appointment', {}],
  ['GET', '/salon/dashboard'],
  ['GET', '/salon/dashboard?week=2026-11-16'],
  ['GET', '/salon/metrics/weekly?weeks_back=4'],
  ['GET', '/salon/customers?query=555'],
  ['GET', '/salon/customers/1'],
  ['PATCH', '/salon/customers/1', { notes: 'likes a fringe' }],
  ['GET', '/salon/appointments'],
  ['GET', '/salon/appointments/apt-auth'],
  ['PATCH', '/salon/appointments/apt-auth', { status: 'completed' }],
  ['GET', '/salon/calls?status=answered'],
  ['GET', '/salon/connectors'],
  ['PUT', '/salon/connectors/twilio', { credentials: null }],
];

describe('with a webhook token set', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ token: TOKEN, clock: new ManualClock(NOW) });
    // The harness sends the token: these make customer 1 and appointment apt-auth exist.
    expect((await server.request('POST', '/salon/call', { event: 'started', call_sid: 'CA-auth', from: '+13125550101', timestamp: '2026-11-23T10:00:00-06:00' })).status).toBe(200);
    const booked = await server.request('POST', '/salon/appointment', {
      appointment_id: 'apt-auth',
      customer: { phone: '+13125550101', name: 'Ana Ruiz' },
      service: 'Haircut',
      start: '2026-11-26T10:00:00-06:00',
    });
    expect(booked.status).toBe(200);
  });
  afterAll(() => server.stop());

  const refusals: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['the token with a character too many', { authorization: `Bearer ${TOKEN}x` }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['the token without the Bearer scheme', { authorization: TOKEN }],
    ['the token as Basic credentials', { authorization: `Basic ${Buffer.from(`salon:${TOKEN}`).toString('base64')}` }],
    ['an empty Bearer', { authorization: 'Bearer ' }],
  ];

  ROUTES.forEach(([method, path, body], i) => {
    it(`${method} ${path} answers 401 without the token or with a wrong one, and stores nothing`, async () => {
      const before = tableCounts(server.salon.db);
      // Each route's wrong tokens from an address of their own, within the per-peer limit.
      const from = `127.0.0.${10 + i}`;
      for (const [how, headers] of refusals) {
        const res = await raw(server, method, path, body, headers, from);
        expect(res.status, how).toBe(401);
        expect(res.body, how).toMatchObject({ error: expect.any(String), details: expect.any(Array) });
      }
      // On plain HTTP the query parameter is not a way in: only the WebSocket takes it there.
      const viaQuery = await raw(server, method, `${path}${path.includes('?') ? '&' : '?'}token=${TOKEN}`, body, {}, from);
      expect(viaQuery.status).toBe(401);
      // Nor is a path the router decodes to the same route.
      const encoded = await raw(server, method, path.replace('/salon/', '/%73alon/'), body, {}, from);
      expect(encoded.status).toBe(401);
      expect(tableCounts(server.salon.db)).toEqual(before);
    });
  });

  for (const [method, path, body] of ROUTES) {
    it(`${method} ${path} answers 200 with Authorization: Bearer <token>`, async () => {
      const res = await raw(server, method, path, body, { authorization: `Bearer ${TOKEN}` });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });
  }

  it('an unknown /salon path answers 401 without the token: routes are not revealed', async () => {
    expect((await raw(server, 'GET', '/salon/no-such-route')).status).toBe(401);
    expect((await raw(server, 'GET', '/salon/no-such-route', undefined, { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
  });

  it('GET /health needs no token', async () => {
    const res = await raw(server, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'ok' });
  });


  it('the WebSocket /salon refuses a connection without ?token= or with a wrong one', async () => {
    const base = server.url.replace(/^http/, 'ws') + '/salon';
    expect(await tryWebSocket(base)).toBe(401);
    expect(await tryWebSocket(`${base}?token=wrong`)).toBe(401);
    expect(await tryWebSocket(`${base}?token=`)).toBe(401);
    expect(server.salon.changes.size).toBe(0);
  });

  it('a refused WebSocket upgrade leaves no socket open: the server still closes promptly', async () => {
    const other = await startTestServer({ token: TOKEN });
    const base = other.url.replace(/^http/, 'ws') + '/salon';
    expect(await tryWebSocket(base)).toBe(401);
    expect(await tryWebSocket(`${base}?token=wrong`)).toBe(401);
    const closed = await Promise.race([other.stop().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open after 5 s'), 5000).unref())]);
    expect(closed).toBe('closed');
  });

  it('the WebSocket /salon accepts a connection with ?token= and pushes changes to it', async () => {
    const live = await connectLive(server.url, TOKEN);
    try {
      const started = live.next('call.started');
      expect((await server.request('POST', '/salon/call', { event: 'started', call_sid: 'CA-auth-ws', timestamp: '2026-11-25T10:00:00-06:00' })).status).toBe(200);
      expect((await started).data).toMatchObject({ call_sid: 'CA-auth-ws' });
    } finally {
      live.close();
    }
  });
});

describe('binding off loopback without a token', () => {
  // Made when the suite runs (not when it is collected), so a filtered run leaves nothing behind.
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'salon-bind-'));
  });
  let child: Child | undefined;
  afterEach(() => child?.kill());
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const config = (host: string, token?: string) => ({ host, port: 0, dbPath: join(dir, `${host.replace(/\W/g, '_')}.db`), token, overrides: {}, priceEnv: {} });

  it('startServer rejects host 0.0.0.0 with a clear message, before opening the database', async () => {
    const c = config('0.0.0.0');
    await expect(startServer(c)).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without a webhook token.*SALON_WEBHOOK_TOKEN/);
    expect(existsSync(c.dbPath)).toBe(false);
  });

  it('startServer rejects other non-loopback hosts (::, a LAN address) too', async () => {
    await expect(startServer(config('::'))).rejects.toThrow(/refusing to listen on :: without a webhook token/);
    await expect(startServer(config('192.168.1.20'))).rejects.toThrow(/refusing to listen on 192\.168\.1\.20 without a webhook token/);
  });

  it('startServer listens on 0.0.0.0 when a token is set', async () => {
    const server = await startServer(config('0.0.0.0', TOKEN));
    try {
      const port = new URL(server.url).port;
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('npm run serve -- --host 0.0.0.0 exits non-zero with that message', async () => {
    const dbPath = join(dir, 'cli.db');
    child = runCli('serve', ['--host', '0.0.0.0', '--port', '0', '--db', dbPath]);
    const code = await child.exited();
    expect(code).not.toBe(0);
    expect(code).toBe(1);
    expect(child.stderr()).toMatch(/refusing to listen on 0\.0\.0\.0 without a webhook token/);
    expect(child.stdout()).not.toMatch(/listening on/);
    expect(existsSync(dbPath)).toBe(false);
  });
});
