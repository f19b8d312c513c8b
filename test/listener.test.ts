/**
 * The local listener as a web page, a tunnel or a guesser would meet it (issue 13): a foreign
 * Host, a foreign Origin, writes a browser sends without a preflight, unsigned Twilio webhooks
 * through a proxy, short and oddly spelt tokens, the report's headers and links out of the
 * dashboard's folder. All over real HTTP and WebSocket against the real server.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../electron/config/config.js';
import { startServer, type RunningServer } from '../electron/server/start.js';
import { LOG_FILE, safeUrl } from '../electron/server/logging.js';
import { twilioSignature } from '../electron/server/twilio-signature.js';
import { rawRequest, startTestServer, tryWebSocket, type RawAnswer, type TestServer } from './support/server.js';
import { runCli, tableCounts } from './support/child.js';

const TOKEN = 'listener-test-token-0123';
const CALL = JSON.stringify({ event: 'started', call_sid: 'CA-listener', from: '+13125550140', timestamp: '2026-11-24T10:00:00-06:00' });


const corsHeaders = (res: RawAnswer) => Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));

/** A non-loopback address of this machine, if it has one (to be a peer from "the network"). */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('the Host allow-list', () => {
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer();
    port = Number(new URL(server.url).port);
  });
  afterAll(() => server.stop());

  it('without a token, serves 127.0.0.1, localhost and [::1] on any port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost', 'LOCALHOST:80', '127.0.0.1:1']) {
      const res = await rawRequest(`${server.url}/salon/customers`, { headers: { host } });
      expect(res.status, host).toBe(200);
    }
  });

  it('answers 421 naming SALON_ALLOWED_HOSTS to any other Host, before routing: the page, its files, /health, the API, unknown paths', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', 'localhost.', `127.0.0.1.nip.io:${port}`, `[::2]:${port}`, `127.0.0.2:${port}`, `localhost:${port}@evil.example`]) {
      for (const path of ['/', '/index.html', '/assets/x.js', '/health', '/salon/customers', '/salon/export/customers.csv', '/no-such-path']) {
        const res = await rawRequest(server.url + path, { headers: { host } });
        expect(res.status, `${host} ${path}`).toBe(421);
        expect(res.body.error).toMatch(/SALON_ALLOWED_HOSTS/);
      }
    }
    // An HTTP/1.0 request names no Host at all.
    const noHost = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('GET /health HTTP/1.0\r\n\r\n'));
      let answer = '';
      socket.on('data', (d) => (answer += String(d)));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(noHost).toMatch(/^HTTP\/1\.[01] 421/);
    const before = tableCounts(server.salon.db);
    const write = await rawRequest(`${server.url}/salon/call`, { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' }, body: CALL });
    expect(write.status).toBe(421);
    expect(tableCounts(server.salon.db)).toEqual(before);
  });

  it('the page and its files, which exist and are served to localhost, are 421 to a foreign Host', async () => {
    const site = mkdtempSync(join(tmpdir(), 'salon-host-site-'));
    mkdirSync(join(site, 'assets'));
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(site, 'assets', 'app.js'), 'console.log("dashboard")');
    const previous = process.env.SALON_RENDERER_DIR;
    process.env.SALON_RENDERER_DIR = site;
    const own = await startTestServer();
    try {
      const ownPort = new URL(own.url).port;
      for (const path of ['/', '/index.html', '/assets/app.js']) {
        const served = await rawRequest(own.url + path, { headers: { host: `localhost:${ownPort}` } });
        expect(served.status, path).toBe(200);
        expect(served.text, path).toContain('dashboard');
        for (const host of [`evil.example:${ownPort}`, `rebound.example`]) {
          const res = await rawRequest(own.url + path, { headers: { host } });
          expect(res.status, `${host} ${path}`).toBe(421);
          expect(res.text, `${host} ${path}`).not.toContain('dashboard');
        }
      }
    } finally {
      if (previous === undefined) delete process.env.SALON_RENDERER_DIR;
      else process.env.SALON_RENDERER_DIR = previous;
      await own.stop();
      rmSync(site, { recursive: true, force: true });
    }
  });

  it('refuses the live feed to a foreign Host', async () => {
    expect(await tryWebSocket(`${server.url.replace('http', 'ws')}/salon`, { host: `evil.example:${port}` })).toBe(421);
    expect(server.salon.changes.size).toBe(0);
  });

  describe('with a token and a bind off loopback', () => {
    let dir = '';
    let open: RunningServer;
    let openPort: number;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'salon-hosts-'));
      open = await startServer({ host: '0.0.0.0', port: 0, dbPath: join(dir, 'open.db'), token: TOKEN, allowedHosts: ['salon.local', 'Front-Desk.example'], overrides: {}, priceEnv: {} });
      openPort = Number(new URL(open.url).port);
    });
    afterAll(async () => {
      await open.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const health = (host: string) => rawRequest(`http://127.0.0.1:${openPort}/health`, { headers: { host } });

    it('also serves the names in SALON_ALLOWED_HOSTS (any case) and the machine’s own addresses', async () => {
      for (const host of ['salon.local', `salon.local:${openPort}`, 'front-desk.example', `localhost:${openPort}`]) expect((await health(host)).status, host).toBe(200);
      if (lanAddress) expect((await health(`${lanAddress}:${openPort}`)).status).toBe(200);
    });

    it('and still nothing else', async () => {
      for (const host of ['evil.example', 'salon.local.evil.example', 'xsalon.local']) expect((await health(host)).status, host).toBe(421);
    });

    it('a loopback bind ignores SALON_ALLOWED_HOSTS: the names are for a listener other machines reach', async () => {
      const local = await startServer({ host: '127.0.0.1', port: 0, dbPath: join(dir, 'local.db'), token: TOKEN, allowedHosts: ['salon.local'], overrides: {}, priceEnv: {} });
      try {
        const res = await rawRequest(`${local.url}/health`, { headers: { host: 'salon.local' } });
        expect(res.status).toBe(421);
      } finally {
        await local.close();
      }
    });
  });

  it('SALON_ALLOWED_HOSTS is read as a comma-separated list, and a bad entry names the variable', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'salon-cfg-'));
    try {
      const { config } = resolveConfig([], { SALON_ALLOWED_HOSTS: ' salon.local, 192.168.1.20 ,[fe80::1]' }, cwd);
      expect(config.allowedHosts).toEqual(['salon.local', '192.168.1.20', '[fe80::1]']);
      for (const bad of ['https://salon.local', 'salon.local:5002', 'salon.local/x', 'a b']) {
        expect(() => resolveConfig([], { SALON_ALLOWED_HOSTS: bad }, cwd), bad).toThrow(/SALON_ALLOWED_HOSTS/);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('the Origin check', () => {
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer();
    port = Number(new URL(server.url).port);
  });
  afterAll(() => server.stop());

  const foreign = () => ['http://localhost:1234', `http://evil.example:${port}`, 'null', `http://127.0.0.1:${port + 1}`, `ftp://127.0.0.1:${port}`, 'app://evil', `http://127.0.0.1:${port}/path`];

  it('answers 403 to a request from any other page, reading or writing, and stores nothing', async () => {
    const before = tableCounts(server.salon.db);
    for (const origin of foreign()) {
      const read = await rawRequest(`${server.url}/salon/customers`, { headers: { origin } });
      expect(read.status, origin).toBe(403);
      const write = await rawRequest(`${server.url}/salon/call`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: CALL });
      expect(write.status, origin).toBe(403);
      expect(corsHeaders(write)).toEqual([]);
      // The CSV import reads its upload itself (server/upload-body.ts): refused before that too.
      const upload = await rawRequest(`${server.url}/salon/import?kind=customers`, { method: 'POST', headers: { origin, 'content-type': 'text/csv' }, body: 'phone,name\n+13125550101,Ana Ruiz\n' });
      expect(upload.status, origin).toBe(403);
    }
    expect(tableCounts(server.salon.db)).toEqual(before);
  });

  it('refuses another page on the phone connectors’ routes too: no list, no credentials tried or saved', async () => {
    const credentials = { account_sid: 'AC00000000000000000000000000000000', auth_token: 'f00dfeedf00dfeedf00dfeedf00dfeed' };
    for (const origin of foreign()) {
      const headers = { origin, 'content-type': 'application/json' };
      expect((await rawRequest(`${server.url}/salon/connectors`, { headers: { origin } })).status, origin).toBe(403);
      expect((await rawRequest(`${server.url}/salon/connectors/twilio/test`, { method: 'POST', headers, body: JSON.stringify({ credentials }) })).status, origin).toBe(403);
      expect((await rawRequest(`${server.url}/salon/connectors/twilio`, { method: 'PUT', headers, body: JSON.stringify({ credentials }) })).status, origin).toBe(403);
    }
    const listed = await rawRequest(`${server.url}/salon/connectors`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((c: { id: string }) => c.id === 'twilio')).toMatchObject({ state: 'off', credentials: { source: null } });
  });

  it('takes requests with no Origin (phone systems) and from the dashboard’s own origins', async () => {
    for (const origin of [undefined, 'app://salon', `http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`, `https://localhost:${port}`]) {
      const res = await rawRequest(`${server.url}/salon/customers`, { headers: origin ? { origin } : {} });
      expect(res.status, origin).toBe(200);
      expect(corsHeaders(res)).toEqual([]);
    }
  });

  it('behind a port mapping or a proxy that keeps the Host, the page’s own origin is the one its Host names', async () => {
    const mapped = await rawRequest(`${server.url}/salon/customers`, { headers: { host: 'localhost:8080', origin: 'http://localhost:8080' } });
    expect(mapped.status).toBe(200);
    const proxied = await rawRequest(`${server.url}/salon/customers`, { headers: { host: 'localhost', origin: 'https://localhost' } });
    expect(proxied.status).toBe(200);
    for (const [host, origin] of [['localhost:8080', 'http://localhost:8081'], ['localhost:8080', 'http://127.0.0.1:8080'], ['evil.example:8080', 'http://evil.example:8080']]) {
      const res = await rawRequest(`${server.url}/salon/customers`, { headers: { host: host!, origin: origin! } });
      expect(res.status, `${host} ${origin}`).toBeGreaterThanOrEqual(403);
    }
  });

  it('never sends CORS headers, not even to a preflight', async () => {
    const preflight = await rawRequest(`${server.url}/salon/call`, {
      method: 'OPTIONS',
      headers: { origin: `http://127.0.0.1:${port}`, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(corsHeaders(preflight)).toEqual([]);
  });

  it('refuses the live feed’s upgrade from another page (403), and opens it from the dashboard or with no Origin', async () => {
    const url = `${server.url.replace('http', 'ws')}/salon`;
    for (const origin of foreign()) expect(await tryWebSocket(url, { origin }), origin).toBe(403);
    expect(await tryWebSocket(url, { origin: `http://127.0.0.1:${port}` })).toBe('open');
    expect(await tryWebSocket(url, { origin: 'app://salon' })).toBe('open');
    expect(await tryWebSocket(url)).toBe('open');
  });
});

describe('writes a browser sends without a preflight', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const post = (path: string, body: string | undefined, contentType?: string) =>
    rawRequest(server.url + path, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, ...(body !== undefined ? { body } : {}) });

  it('a body-less POST to a write route is 400 and stores nothing', async () => {
    const before = tableCounts(server.salon.db);
    for (const path of ['/salon/test/call', '/salon/test/appointment', '/salon/call', '/salon/appointment', '/salon/callbacks/called-back', '/salon/backups']) {
      for (const type of [undefined, 'application/json', 'text/plain']) {
        const res = await post(path, undefined, type);
        expect(res.status, `${path} ${type}`).toBe(400);
        expect(res.body.details, path).toEqual([expect.objectContaining({ field: 'body' })]);
      }
    }
    expect(tableCounts(server.salon.db)).toEqual(before);
  });

  it('text/plain, form and multipart bodies, or a body with no type, reach no /salon write', async () => {
    const before = tableCounts(server.salon.db);
    const multipart = '--b\r\nContent-Disposition: form-data; name="event"\r\n\r\nstarted\r\n--b--\r\n';
    for (const path of ['/salon/call', '/salon/test/call', '/salon/appointment', '/salon/backups']) {
      for (const [body, type] of [
        [CALL, 'text/plain'],
        [CALL, 'text/plain;charset=UTF-8'],
        [CALL, 'text/plain; x="application/json"'],
        ['event=started&call_sid=CA-form', 'application/x-www-form-urlencoded'],
        [multipart, 'multipart/form-data; boundary=b'],
        [CALL, undefined],
      ] as const) {
        const res = await post(path, body, type);
        expect(res.status, `${path} ${type}`).toBe(400);
      }
    }
    expect(tableCounts(server.salon.db)).toEqual(before);
  });

  it('a CSV upload labelled text/plain (or as a form) is 415 and imports nothing; text/csv and the other CSV types are taken', async () => {
    const csv = 'name,phone\nMallory Fake,+13125550666\n';
    const before = tableCounts(server.salon.db);
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', 'application/json']) {
      const res = await post('/salon/import?kind=customers', csv, type);
      expect(res.status, type).toBe(415);
      expect(res.body.error).toMatch(/text\/csv/);
    }
    expect((await post('/salon/import?kind=customers', undefined, 'text/csv')).status).toBe(400);
    expect(tableCounts(server.salon.db)).toEqual(before);
    for (const type of ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream']) {
      const res = await post('/salon/import?kind=customers&dry_run=1', csv, type);
      expect(res.status, type).toBe(200);
    }
    expect((await post('/salon/import?kind=customers', csv, 'text/csv; charset=utf-8')).status).toBe(200);
    expect((await server.request('GET', '/salon/customers?query=Mallory')).body.total).toBe(1);
  });

  it('JSON writes still work', async () => {
    expect((await post('/salon/call', CALL, 'application/json')).status).toBe(200);
    expect((await post('/salon/test/call', '{}', 'application/json; charset=utf-8')).status).toBe(200);
  });
});

describe('Twilio webhooks without TWILIO_AUTH_TOKEN', () => {
  const form = (sid: string) => new URLSearchParams({ CallSid: sid, From: '+13125550150', To: '+13125550199', CallStatus: 'ringing', Direction: 'inbound' }).toString();
  const voice = (server: TestServer, sid: string, headers: Record<string, string> = {}, from?: string, route = '/twilio/voice') =>
    rawRequest(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form(sid), ...(from ? { from } : {}) });
  const ROUTES = ['/twilio/voice', '/twilio/status', '/twilio/dial'];
  const sids = async (server: TestServer) => (await server.request('GET', '/salon/calls')).body.items.map((c: { call_sid: string }) => c.call_sid);

  describe('and no webhook token', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    it('accepts an unsigned request made on this machine, straight to the listener', async () => {
      expect((await voice(server, 'CA-local')).status).toBe(200);
      expect(await sids(server)).toContain('CA-local');
    });

    it('refuses one that came through a proxy or tunnel (any forwarding header) with 403 "set TWILIO_AUTH_TOKEN", storing nothing', async () => {
      const headers = {
        forwarded: 'for=203.0.113.9;proto=https',
        'x-forwarded-for': '203.0.113.9',
        'x-real-ip': '203.0.113.9',
        'cf-connecting-ip': '203.0.113.9',
        'x-forwarded-host': 'salon.trycloudflare.com',
        'x-forwarded-proto': 'https',
        'X-Forwarded-For': '127.0.0.1',
      };
      for (const [name, value] of Object.entries(headers)) {
        for (const route of ROUTES) {
          const res = await voice(server, `CA-fwd-${name}`, { [name]: value }, undefined, route);
          expect(res.status, `${name} ${route}`).toBe(403);
          expect(res.body.error).toMatch(/^set TWILIO_AUTH_TOKEN/);
        }
      }
      expect((await sids(server)).filter((s: string) => s.startsWith('CA-fwd'))).toEqual([]);
    });

    it.skipIf(!lanAddress)('refuses one from another address than loopback', async () => {
      const res = await voice(server, 'CA-network', {}, lanAddress);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatch(/^set TWILIO_AUTH_TOKEN.*network/);
      expect(await sids(server)).not.toContain('CA-network');
    });
  });

  describe('and a webhook token set', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ token: TOKEN });
    });
    afterAll(() => server.stop());

    it('refuses even an unsigned request from this machine (403 "set TWILIO_AUTH_TOKEN"), storing nothing', async () => {
      const before = tableCounts(server.salon.db);
      for (const route of ROUTES) {
        const res = await voice(server, 'CA-token-set', {}, undefined, route);
        expect(res.status, route).toBe(403);
        expect(res.body.error).toMatch(/^set TWILIO_AUTH_TOKEN/);
      }
      expect(await sids(server)).not.toContain('CA-token-set');
      expect(tableCounts(server.salon.db)).toEqual(before);
    });
  });

  it('with TWILIO_AUTH_TOKEN set, a signed request is taken behind a proxy and with a webhook token', async () => {
    const server = await startTestServer({ token: TOKEN, twilio: { authToken: 'twilio-auth-token', publicUrl: 'https://salon.example.com' } });
    try {
      const params = { CallSid: 'CA-signed', From: '+13125550151', To: '+13125550199', CallStatus: 'ringing', Direction: 'inbound' };
      const signature = twilioSignature('twilio-auth-token', 'https://salon.example.com/twilio/voice', params);
      const res = await rawRequest(`${server.url}/twilio/voice`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'x-forwarded-for': '54.172.60.1' },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(200);
      expect(await sids(server)).toContain('CA-signed');
    } finally {
      await server.stop();
    }
  });
});

describe('webhook tokens', () => {
  it('a token shorter than 16 characters stops the start with a clear message, from a flag, the environment or a caller', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'salon-token-'));
    try {
      expect(() => resolveConfig(['--token', 'short-token'], {}, cwd)).toThrow(ConfigError);
      expect(() => resolveConfig(['--token', 'short-token'], {}, cwd)).toThrow(/at least 16 characters; this one has 11/);
      expect(() => resolveConfig([], { SALON_WEBHOOK_TOKEN: 'x'.repeat(15) }, cwd)).toThrow(/SALON_WEBHOOK_TOKEN.*at least 16/);
      expect(resolveConfig([], { SALON_WEBHOOK_TOKEN: 'x'.repeat(16) }, cwd).config.token).toBe('x'.repeat(16));
      const dbPath = join(cwd, 'salon.db');
      await expect(startServer({ host: '127.0.0.1', port: 0, dbPath, token: 'x'.repeat(15), overrides: {}, priceEnv: {} })).rejects.toThrow(/at least 16 characters/);
      expect(() => readFileSync(dbPath)).toThrow();
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('npm run serve -- --token <15 characters> exits 1 with that message, before opening the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salon-short-'));
    const child = runCli('serve', ['--token', 'x'.repeat(15), '--port', '0', '--db', join(dir, 'salon.db')]);
    try {
      expect(await child.exited(60_000)).toBe(1);
      expect(child.stderr()).toMatch(/at least 16 characters; this one has 15/);
      expect(child.stdout()).not.toMatch(/listening on/);
      expect(existsSync(join(dir, 'salon.db'))).toBe(false);
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  describe('as presented', () => {
    let server: TestServer;
    let ws: string;
    beforeAll(async () => {
      server = await startTestServer({ token: TOKEN });
      ws = `${server.url.replace('http', 'ws')}/salon`;
    });
    afterAll(() => server.stop());

    it('the live feed takes ?token= only so spelt: percent-encoded or other-case names do not authenticate', async () => {
      expect(await tryWebSocket(`${ws}?token=${TOKEN}`)).toBe('open');
      for (const query of [`%74oken=${TOKEN}`, `%74%6f%6b%65%6e=${TOKEN}`, `TOKEN=${TOKEN}`, `Token=${TOKEN}`, `token%3D${TOKEN}`, `token=${TOKEN}&token=${TOKEN}`, `token[]=${TOKEN}`]) {
        expect(await tryWebSocket(`${ws}?${query}`), query).toBe(401);
      }
      // Off the WebSocket, only the Authorization header counts: ?token= in any spelling is 401.
      for (const query of [`token=${TOKEN}`, `%74oken=${TOKEN}`]) {
        expect((await rawRequest(`${server.url}/salon/customers?${query}`)).status, query).toBe(401);
      }
    });

    it('wrong tokens are limited per peer: the 11th within a minute is 429, even with the right token, while other peers are served', async () => {
      const from = '127.0.0.99';
      const get = (authorization: string | undefined, peer = from) =>
        rawRequest(`${server.url}/salon/customers`, { headers: authorization ? { authorization } : {}, from: peer });
      for (let i = 0; i < 10; i++) expect((await get(`Bearer wrong-token-${i}`)).status, `try ${i + 1}`).toBe(401);
      const limited = await get('Bearer wrong-token-10');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body.error).toMatch(/too many wrong tokens/);
      expect((await get(`Bearer ${TOKEN}`)).status).toBe(429);
      // A request with no token is not a guess: it is told the token is missing.
      expect((await get(undefined)).status).toBe(401);
      expect((await get(`Bearer ${TOKEN}`, '127.0.0.98')).status).toBe(200);
    });
  });

  it('the log redacts every spelling of the token parameter', async () => {
    expect(safeUrl('/salon?%74oken=s1&a=1&TOKEN=s2&to%6Ben=s3&access_token=s4&t%256fken=s5&x=token')).toBe('/salon?%74oken=***&a=1&TOKEN=***&to%6Ben=***&access_token=***&t%256fken=***&x=token');
    const dir = mkdtempSync(join(tmpdir(), 'salon-redact-'));
    const logDir = join(dir, 'logs');
    const server = await startServer({ host: '127.0.0.1', port: 0, dbPath: join(dir, 'salon.db'), token: TOKEN, overrides: {}, priceEnv: {}, logDir });
    try {
      const ws = `${server.url.replace('http', 'ws')}/salon`;
      for (const name of ['%74oken', 'Token', 'to%6Ben', 'token']) await tryWebSocket(`${ws}?${name}=SECRET-${name.length}-${TOKEN}`);
      await rawRequest(`${server.url}/health?%74oken=SECRET-health`);
    } finally {
      await server.close();
    }
    const text = readFileSync(join(logDir, LOG_FILE), 'utf8');
    expect(text).toContain('/salon?');
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain(TOKEN);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the weekly report and the dashboard’s files', () => {
  it('the report page carries a strict CSP and nosniff', async () => {
    const server = await startTestServer();
    try {
      const res = await rawRequest(`${server.url}/salon/reports/2026-11-23.html`);
      expect(res.status).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toMatch(/unsafe-inline|script-src/);
      const csv = await rawRequest(`${server.url}/salon/reports/2026-11-23.csv`);
      expect(csv.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await server.stop();
    }
  });

  it('the static server does not follow a link out of its folder; one inside it is served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salon-static-'));
    const site = join(dir, 'site');
    const outside = join(dir, 'outside');
    mkdirSync(join(site, 'assets'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(site, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(outside, 'secret.txt'), 'SECRET');
    symlinkSync(join(outside, 'secret.txt'), join(site, 'leak.txt'));
    symlinkSync(outside, join(site, 'out'));
    symlinkSync('/etc/passwd', join(site, 'assets', 'passwd.js'));
    symlinkSync(join(site, 'assets', 'app.js'), join(site, 'alias.js'));
    const previous = process.env.SALON_RENDERER_DIR;
    process.env.SALON_RENDERER_DIR = site;
    const server = await startTestServer();
    try {
      expect((await rawRequest(`${server.url}/`)).text).toContain('dashboard');
      expect((await rawRequest(`${server.url}/alias.js`)).status).toBe(200);
      for (const path of ['/leak.txt', '/out/secret.txt', '/assets/passwd.js']) {
        const res = await rawRequest(server.url + path);
        expect(res.status, path).toBe(404);
        expect(res.text).not.toContain('SECRET');
        expect(res.text).not.toContain('root:');
      }
    } finally {
      if (previous === undefined) delete process.env.SALON_RENDERER_DIR;
      else process.env.SALON_RENDERER_DIR = previous;
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
