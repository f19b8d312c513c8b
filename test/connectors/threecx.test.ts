/**
 * The 3CX (v20) connector, for real: the headless server (real database file, real HTTP and
 * WebSocket) against a local stand-in of a 3CX PBX (token, Call Control WebSocket, participant
 * entities, XAPI CallHistoryView).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../electron/config/config.js';
import { historyCallEvents, isoDurationSeconds } from '../../electron/connectors/threecx/mapping.js';
import { cleanEnv } from '../support/child.js';
import { CX_CLIENT_ID, CX_SECRET, historyCall, startThreeCxStandIn, type ThreeCxStandIn } from './threecx-stand-in.js';
import { removeDir, startConnectorServer, type ConnectorServer, callOf as call, callsOf as calls, eventually as until } from './support.js';

const DAY = 86_400_000;
let standIn: ThreeCxStandIn | undefined;
let server: ConnectorServer | undefined;
afterEach(async () => {
  await server?.close();
  await standIn?.close();
  if (server) removeDir(server.dir);
  server = undefined;
  standIn = undefined;
});

const cxEnv = (url: string, secret = CX_SECRET) => ({ env: { threecx: { url, client_id: CX_CLIENT_ID, client_secret: secret } }, pollSeconds: 60 });


describe('3CX history as call events', () => {
  it('segments of one call: answered by the segment someone inside picked up, its talk time; a ring alone is missed', () => {
    const t = Date.parse('2026-11-23T15:00:00Z');
    expect(historyCallEvents(historyCall(7, t, '+13125550142', 'Ana Ruiz', 8, 65))).toEqual([
      { event: 'started', call_sid: '7', direction: 'inbound', timestamp: '2026-11-23T15:00:00.000Z', from: '+13125550142', caller_name: 'Ana Ruiz' },
      { event: 'answered', call_sid: '7', timestamp: '2026-11-23T15:00:08.000Z' },
      { event: 'ended', call_sid: '7', timestamp: '2026-11-23T15:01:13.000Z', status: 'completed', duration_sec: 65 },
    ]);
    expect(historyCallEvents(historyCall(8, t, '+13125550143', 'Bo Lee', 12, null)).at(-1)).toEqual({ event: 'ended', call_sid: '8', timestamp: '2026-11-23T15:00:12.000Z', status: 'missed' });
    expect(isoDurationSeconds('PT1H2M3.4S')).toBe(3723);
    expect(isoDurationSeconds('soon')).toBe(0);
  });
});

describe('3CX: Call Control live, CallHistoryView backfill', () => {
  it('backfills the history, then a call rings, is answered and ends on the dashboard as it happens', async () => {
    standIn = await startThreeCxStandIn();
    const now = Date.now();
    standIn.history.push(...historyCall(101, now - 3 * DAY, '+13125550101', 'Old Answered', 5, 120), ...historyCall(102, now - 2 * DAY, '+13125550102', 'Old Missed', 20, null));
    server = await startConnectorServer(cxEnv(standIn.url));
    const view = await server.until('threecx', (v) => v.state === 'ok');
    expect(view).toMatchObject({ name: '3CX', mode: 'live', calls_imported: 2, last_error: null });
    expect(decodeURIComponent(standIn.historyRequests[0]!)).toMatch(/\$filter=SegmentStartTime ge \d{4}-\d\d-\d\dT/);
    expect(await call(server, '102')).toMatchObject({ status: 'missed', caller_name: 'Old Missed' });

    await until('the socket', async () => standIn!.connected() === 1);
    standIn.upsert('101', { id: 1, callid: 900, status: 'Ringing', party_caller_id: '+13125550190', party_caller_name: 'Live Caller' });
    standIn.upsert('102', { id: 2, callid: 900, status: 'Ringing', party_caller_id: '+13125550190', party_caller_name: 'Live Caller' });
    expect(await until('ringing', () => call(server!, '900'))).toMatchObject({ status: 'live', caller_name: 'Live Caller', from: '+13125550190' });
    standIn.upsert('101', { id: 1, callid: 900, status: 'Connected', party_caller_id: '+13125550190', party_caller_name: 'Live Caller' });
    standIn.remove('102', 2);
    await until('answered', async () => (await call(server!, '900'))?.answered_at);
    standIn.remove('101', 1);
    expect(await until('ended', async () => { const c = await call(server!, '900'); return c?.ended_at && c; })).toMatchObject({ status: 'answered', end_status: 'completed' });
    expect(JSON.stringify(await server.connector('threecx'))).not.toContain(CX_SECRET);
  });

  it('a Call Control session that drops reconnects, and what rang and ended meanwhile comes from the history', async () => {
    standIn = await startThreeCxStandIn();
    server = await startConnectorServer(cxEnv(standIn.url));
    await server.until('threecx', (v) => v.state === 'ok');
    await until('the socket', async () => standIn!.connected() === 1);
    standIn.upsert('101', { id: 5, callid: 950, status: 'Ringing', party_caller_id: '+13125550150', party_caller_name: 'Ringing At The Drop' });
    await until('ringing', () => call(server!, '950'));
    standIn.drop();
    // While no socket is up: the ringing call is given up by the caller; another one rings and is missed.
    standIn.remove('101', 5);
    const now = Date.now();
    standIn.history.push(...historyCall(950, now - 15_000, '+13125550150', 'Ringing At The Drop', 9, null), ...historyCall(951, now - 8000, '+13125550151', 'During The Drop', 6, null));
    await until('a second socket', async () => standIn!.sockets === 2 && standIn!.connected() === 1);
    expect(await until('the call from the drop', () => call(server!, '951'))).toMatchObject({ status: 'missed', caller_name: 'During The Drop' });
    expect(await until('the ringing call ended', async () => { const c = await call(server!, '950'); return c?.ended_at && c; })).toMatchObject({ status: 'missed' });
    expect((await server.until('threecx', (v) => v.state === 'ok')).last_error).toBeNull();
    // Live again after the reconnect.
    standIn.upsert('101', { id: 6, callid: 952, status: 'Ringing', party_caller_id: '+13125550152', party_caller_name: 'After The Drop' });
    expect(await until('live after the drop', () => call(server!, '952'))).toMatchObject({ status: 'live' });
  });

  it('a wrong API key: an error in words, nothing stored; the right one tests fine', async () => {
    standIn = await startThreeCxStandIn();
    standIn.history.push(...historyCall(77, Date.now() - DAY, '+13125550177', 'Someone', 5, 30));
    server = await startConnectorServer(cxEnv(standIn.url, 'wrong-api-key-000000'));
    const view = await server.until('threecx', (v) => v.state === 'error');
    expect(view.last_error).toBe('3CX refused the API client (400 invalid_client): check the Client ID and secret (3CX Admin → Integrations → API)');
    expect(await calls(server)).toHaveLength(0);
    const tested = await server.request('POST', '/salon/connectors/threecx/test', { credentials: { url: standIn.url, client_id: CX_CLIENT_ID, client_secret: CX_SECRET } });
    expect(tested.body).toEqual({ id: 'threecx', ok: true, message: '3CX: 1 call in the last 30 days' });
  });
});

describe('3CX configuration', () => {
  it('SALON_3CX_URL, SALON_3CX_CLIENT_ID and SALON_3CX_CLIENT_SECRET turn it on; the secret is masked; a bad URL is refused', () => {
    const { config, sources } = resolveConfig(['--db', '/tmp/x.db'], cleanEnv({ SALON_3CX_URL: 'https://salon.3cx.us:5001/', SALON_3CX_CLIENT_ID: 'salon-api', SALON_3CX_CLIENT_SECRET: 'cx-api-key-0123456789abcdef' }), '/tmp');
    expect(config.connectors!.env.threecx).toEqual({ url: 'https://salon.3cx.us:5001', client_id: 'salon-api', client_secret: 'cx-api-key-0123456789abcdef' });
    expect(JSON.stringify(sources)).not.toContain('cx-api-key-0123456789abcdef');
    expect(() => resolveConfig(['--db', '/tmp/x.db'], cleanEnv({ SALON_3CX_URL: 'salon pbx', SALON_3CX_CLIENT_ID: 'a', SALON_3CX_CLIENT_SECRET: 'b' }), '/tmp')).toThrow('configuration SALON_3CX_URL');
  });
});
