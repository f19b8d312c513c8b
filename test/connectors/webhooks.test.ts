/**
 * The push-only providers' signed webhooks, over real HTTP into the real server and database:
 * each signed the way its provider documents it.
 */
import { createHash, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startConnectorServer, type ConnectorServer } from './support.js';

const AIRCALL_TOKEN = 'aircall-webhook-token-0123456789';
const QUO_KEY = Buffer.from('quo-signing-key-0123456789abcdef').toString('base64');
const VONAGE_SECRET = 'vonage-signature-secret-0123456789';
const telnyxKeys = generateKeyPairSync('ed25519');
const TELNYX_PUBLIC = Buffer.from((telnyxKeys.publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url').toString('base64');

const HOUR = 3_600_000;
const unix = (ms: number) => Math.floor(ms / 1000);
const iso = (ms: number) => new Date(ms).toISOString();

/** One provider's documented request: the body of a missed call that ended, and how it is signed. */
interface Fixture {
  id: 'aircall' | 'quo' | 'telnyx' | 'vonage';
  /** A call that rang from `at` and ended 20 s later, unanswered. */
  body(sid: string, at: number): unknown;
  headers(raw: string, at: number): Record<string, string>;
  /** The raw body with one byte changed where the signature covers it. */
  tamper(raw: string): string;
}

const flipDigit = (raw: string) => raw.replace('5550101', '5550102');

const hmacB64 = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest('base64');

function jwt(secret: string, claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const telnyxSign = (key: KeyObject, raw: string, at: number) => sign(null, Buffer.from(`${unix(at)}|${raw}`), key).toString('base64');

const FIXTURES: Fixture[] = [
  {
    id: 'aircall',
    body: (sid, at) => ({
      resource: 'call',
      event: 'call.ended',
      timestamp: unix(at + 20_000),
      token: AIRCALL_TOKEN,
      data: { id: Number(sid), direction: 'inbound', status: 'done', started_at: unix(at), answered_at: null, ended_at: unix(at + 20_000), duration: 20, missed_call_reason: 'agents_did_not_answer', raw_digits: '+1 312-555-0101', number: { digits: '+1 312-555-0199' }, contact: { first_name: 'Ana', last_name: 'Ruiz' } },
    }),
    headers: () => ({}),
    // Aircall signs nothing but its token: the byte changed is in the token.
    tamper: (raw) => raw.replace(AIRCALL_TOKEN, AIRCALL_TOKEN.slice(0, -1) + 'X'),
  },
  {
    id: 'quo',
    body: (sid, at) => ({
      id: `EV${sid}`,
      object: 'event',
      apiVersion: 'v3',
      createdAt: iso(at + 20_000),
      type: 'call.completed',
      data: { object: { id: sid, object: 'call', direction: 'incoming', from: '+13125550101', to: '+13125550199', status: 'no-answer', createdAt: iso(at), answeredAt: null, completedAt: iso(at + 20_000), voicemail: null } },
    }),
    headers: (raw, at) => ({ 'openphone-signature': `hmac;1;${at + 20_000};${hmacB64(Buffer.from(QUO_KEY, 'base64'), `${at + 20_000}.${raw}`)}` }),
    tamper: flipDigit,
  },
  {
    id: 'telnyx',
    body: (sid, at) => ({
      data: {
        record_type: 'event',
        event_type: 'call.hangup',
        id: `ev-${sid}`,
        occurred_at: iso(at + 20_000),
        payload: { call_control_id: `v3:${sid}`, call_leg_id: `leg-${sid}`, call_session_id: sid, direction: 'incoming', from: '+13125550101', to: '+13125550199', state: 'hangup', hangup_cause: 'originator_cancel', start_time: iso(at), end_time: iso(at + 20_000) },
      },
    }),
    headers: (raw, at) => ({ 'telnyx-timestamp': String(unix(at + 20_000)), 'telnyx-signature-ed25519': telnyxSign(telnyxKeys.privateKey, raw, at + 20_000) }),
    tamper: flipDigit,
  },
  {
    id: 'vonage',
    body: (sid, at) => ({ uuid: sid, conversation_uuid: `CON-${sid}`, status: 'unanswered', direction: 'inbound', from: '13125550101', to: '13125550199', timestamp: iso(at + 20_000), start_time: iso(at) }),
    headers: (raw, at) => ({ authorization: `Bearer ${jwt(VONAGE_SECRET, { iat: unix(at + 20_000), jti: `j-${at}`, iss: 'Vonage', payload_hash: createHash('sha256').update(raw).digest('hex'), application_id: 'app-1' })}` }),
    tamper: flipDigit,
  },
];

describe('signed webhooks', () => {
  let server: ConnectorServer;
  beforeAll(async () => {
    server = await startConnectorServer({
      env: { aircall: { webhook_token: AIRCALL_TOKEN }, quo: { webhook_secret: QUO_KEY }, telnyx: { public_key: TELNYX_PUBLIC }, vonage: { signature_secret: VONAGE_SECRET } },
    });
  });
  afterAll(async () => {
    await server.close();
    removeDir(server.dir);
  });

  const post = (path: string, raw: string, headers: Record<string, string>) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
  const callsWith = async (sid: string) => (await server.request('GET', '/salon/calls?limit=1000')).body.items.filter((c: { call_sid: string }) => c.call_sid === sid);

  let n = 100;
  const request = (f: Fixture, at = Date.now() - 60_000) => {
    // Aircall's call ids are numbers.
    const sid = f.id === 'aircall' ? String(n++) : `${f.id.toUpperCase()}${n++}`;
    const raw = JSON.stringify(f.body(sid, at));
    return { sid, raw, headers: f.headers(raw, at) };
  };

  describe.each(FIXTURES)('$id', (f) => {
    it('stores a missed call from a validly signed request, and counts it on the connector', async () => {
      const { sid, raw, headers } = request(f);
      const res = await post(`/${f.id}/webhook`, raw, headers);
      expect(res.status).toBe(200);
      const [call] = await callsWith(sid);
      expect(call).toMatchObject({ call_sid: sid, direction: 'inbound', from: '+13125550101', status: 'missed' });
      expect(Date.parse(call.ended_at) - Date.parse(call.started_at)).toBe(20_000);
      const view = await server.connector(f.id);
      expect(view).toMatchObject({ mode: 'webhook', state: 'ok', credentials: { source: 'env' } });
      expect(view.calls_imported).toBeGreaterThanOrEqual(1);
    });

    it('answers 403 to a body with one byte changed, and stores nothing', async () => {
      const { sid, raw, headers } = request(f);
      const res = await post(`/${f.id}/webhook`, f.tamper(raw), headers);
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatch(/webhook refused/);
      expect(await callsWith(sid)).toEqual([]);
    });

    it('answers 403 to a request signed ten minutes ago, and stores nothing', async () => {
      const { sid, raw, headers } = request(f, Date.now() - 10 * 60_000 - 20_000);
      const res = await post(`/${f.id}/webhook`, raw, headers);
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatch(/timestamp is \d+ s old/);
      expect(await callsWith(sid)).toEqual([]);
    });

    it('stores a replayed request once', async () => {
      const { sid, raw, headers } = request(f);
      const first = await post(`/${f.id}/webhook`, raw, headers);
      const again = await post(`/${f.id}/webhook`, raw, headers);
      expect([first.status, again.status]).toEqual([200, 200]);
      expect((await again.json()).imported).toBe(0);
      expect(await callsWith(sid)).toHaveLength(1);
    });

    it('refuses a request from a foreign page (Origin) before reading it', async () => {
      const { sid, raw, headers } = request(f);
      const res = await post(`/${f.id}/webhook`, raw, { ...headers, origin: 'https://evil.example' });
      expect(res.status).toBe(403);
      expect(await callsWith(sid)).toEqual([]);
    });

    it('answers 403 to a request with no signature at all', async () => {
      const { sid, raw } = request(f);
      const unsigned = f.id === 'aircall' ? raw.replace(`"token":"${AIRCALL_TOKEN}",`, '') : raw;
      expect((await post(`/${f.id}/webhook`, unsigned, {})).status).toBe(403);
      expect(await callsWith(sid)).toEqual([]);
    });
  });

  it('takes OpenPhone’s Standard Webhooks form too (whsec_ secret, webhook-id, several signatures)', async () => {
    const at = Date.now() - 30_000;
    const sid = 'ACstandard1';
    const raw = JSON.stringify({ id: 'EVs1', object: 'event', createdAt: iso(at), type: 'call.ringing', data: { object: { id: sid, direction: 'incoming', from: '+13125550101', to: '+13125550199', status: 'ringing', createdAt: iso(at) } } });
    const signed = (body: string, ts: number) => `v1,${hmacB64(Buffer.from(QUO_KEY, 'base64'), `msg_1.${ts}.${body}`)}`;
    const headers = (body: string, ts = unix(at)) => ({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts), 'webhook-signature': `v1,bm90IGl0 ${signed(body, ts)}` });
    expect((await post('/quo/webhook', flipDigit(raw), headers(raw))).status).toBe(403);
    expect((await post('/quo/webhook', raw, headers(raw, unix(at - 10 * 60_000)))).status).toBe(403);
    expect(await callsWith(sid)).toEqual([]);
    expect((await post('/quo/webhook', raw, headers(raw))).status).toBe(200);
    expect(await callsWith(sid)).toMatchObject([{ status: 'live', from: '+13125550101' }]);
  });

  it('follows a Vonage call through answered and completed: answered, with its duration', async () => {
    const at = Date.now() - HOUR / 60;
    const sid = 'vonage-answered-1';
    const send = async (status: string, ms: number, extra: Record<string, unknown> = {}) => {
      const raw = JSON.stringify({ uuid: sid, status, direction: 'inbound', from: '13125550103', to: '13125550199', timestamp: iso(ms), ...extra });
      return post('/vonage/webhook', raw, FIXTURES[3]!.headers(raw, ms));
    };
    expect((await send('ringing', at)).status).toBe(200);
    expect((await send('answered', at + 5_000)).status).toBe(200);
    expect((await send('completed', at + 65_000, { duration: '60', start_time: iso(at) })).status).toBe(200);
    expect(await callsWith(sid)).toMatchObject([{ status: 'answered', duration_sec: 60, from: '+13125550103' }]);
  });
});

describe('a push-only provider with no secret set', () => {
  it('has its webhook refused with 403, and nothing stored', async () => {
    const server = await startConnectorServer({});
    try {
      const raw = JSON.stringify({ resource: 'call', event: 'call.created', timestamp: unix(Date.now()), token: 'anything-at-all-0123', data: { id: 9001, direction: 'inbound', started_at: unix(Date.now()) } });
      const res = await fetch(`${server.url}/aircall/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatch(/Aircall webhooks are refused until its webhook token is set/);
      expect((await server.request('GET', '/salon/calls')).body.total).toBe(0);
      expect(await server.connector('aircall')).toMatchObject({ mode: 'webhook', state: 'off' });
    } finally {
      await server.close();
      removeDir(server.dir);
    }
  });
});
