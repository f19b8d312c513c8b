/**
 * The Twilio connector, for real: the headless server (real database file, real HTTP and
 * WebSocket) syncing from a local stand-in of Twilio's REST API.
 */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioStandIn, twilioCall, type TwilioStandIn } from './twilio-stand-in.js';
import { removeDir, startConnectorServer, TOKEN, type ConnectorServer } from './support.js';
import { credentialsPathFor } from '../../electron/connectors/credentials.js';
import { connectLive } from '../support/server.js';
import { twilioSignature } from '../../electron/server/twilio-signature.js';
import type { Call, ConnectorView } from '../../electron/contract/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();

let standIn: TwilioStandIn | undefined;
let server: ConnectorServer | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await server?.close();
  await standIn?.close();
  for (const c of cleanups.splice(0)) await c();
  if (server) removeDir(server.dir);
  server = undefined;
  standIn = undefined;
});

const twilioEnv = (url: string, extra: Record<string, string> = {}) => ({
  env: { twilio: { account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN, ...extra } },
  baseUrls: { twilio: url },
});

async function calls(s: ConnectorServer): Promise<Call[]> {
  return (await s.request<{ items: Call[] }>('GET', '/salon/calls?limit=1000')).body.items;
}

/** A month of history: a forwarded call a day (answered on even days), a missed call, an outbound call. */
function history(days: number) {
  const records = [];
  for (let d = days; d >= 1; d--) {
    const start = now - d * DAY;
    records.push(twilioCall({ sid: `CAparent${d}`, startMs: start, status: 'completed', durationSec: 60 }));
    records.push(twilioCall({ sid: `CAleg${d}`, parent: `CAparent${d}`, startMs: start + 2000, status: d % 2 === 0 ? 'completed' : 'no-answer', durationSec: d % 2 === 0 ? 50 : 0 }));
    records.push(twilioCall({ sid: `CAbusy${d}`, startMs: start + HOUR, status: 'busy' }));
  }
  records.push(twilioCall({ sid: 'CAout1', startMs: now - 2 * DAY, status: 'completed', durationSec: 30, direction: 'outbound-api', from: '+13125550100', to: '+13125550177' }));
  return records;
}

describe('Twilio call-log sync', () => {
  it('backfills 30 days page by page, maps every call, and says so on GET /salon/connectors and WS /salon', async () => {
    standIn = await startTwilioStandIn();
    standIn.maxPageSize = 2;
    standIn.calls.push(...history(10));
    server = await startConnectorServer({ ...twilioEnv(standIn.url), pollSeconds: 60 });
    const live = await connectLive(server.url, TOKEN);
    cleanups.push(() => live.close());
    const view = await server.until('twilio', (v) => v.state === 'ok');
    expect(view).toMatchObject({ id: 'twilio', name: 'Twilio', mode: 'pull', last_error: null, calls_imported: 21, backfill: null });
    expect(view.last_sync_at).not.toBeNull();
    expect(view.credentials.source).toBe('env');
    // Pagination: days with three records took two pages (next_page_uri followed).
    expect(standIn.requests.some((r) => r.url.includes('Page=1'))).toBe(true);
    const stored = await calls(server);
    expect(stored).toHaveLength(21);
    const bySid = new Map(stored.map((c) => [c.call_sid, c]));
    expect(bySid.get('CAparent2')).toMatchObject({ status: 'answered', duration_sec: 60 });
    expect(bySid.get('CAparent3')).toMatchObject({ status: 'missed', end_status: 'no-answer' });
    expect(bySid.get('CAbusy4')).toMatchObject({ status: 'missed', end_status: 'busy' });
    expect(bySid.get('CAout1')).toMatchObject({ direction: 'outbound' });
    expect(bySid.has('CAleg2')).toBe(false);
    // Progress and state were pushed live.
    const pushed = live.messages.filter((m) => m.type === 'connector.updated').map((m) => m.data as ConnectorView);
    expect(pushed.some((v) => v.state === 'syncing' && v.backfill && v.backfill.total === 31)).toBe(true);
    expect(pushed.at(-1)).toMatchObject({ state: 'ok' });
  });

  it('waits out a 429 with Retry-After and carries on', async () => {
    standIn = await startTwilioStandIn();
    standIn.calls.push(...history(3));
    standIn.failNext({ status: 429, headers: { 'retry-after': '1' } });
    server = await startConnectorServer({ ...twilioEnv(standIn.url), pollSeconds: 60 });
    await server.until('twilio', (v) => v.state === 'ok');
    const [first, second] = standIn.requests;
    expect(second!.url).toBe(first!.url);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(await calls(server)).toHaveLength(7);
  });

  it('a long Retry-After never holds up the server’s shutdown', async () => {
    standIn = await startTwilioStandIn();
    standIn.failNext({ status: 429, headers: { 'retry-after': '120' } });
    server = await startConnectorServer({ ...twilioEnv(standIn.url), pollSeconds: 60 });
    while (standIn.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('wrong credentials: an error in words, no call stored, the server healthy', async () => {
    standIn = await startTwilioStandIn();
    standIn.calls.push(...history(2));
    server = await startConnectorServer({ ...twilioEnv(standIn.url, { auth_token: 'wrong-token-wrong-token-0000' }) });
    const view = await server.until('twilio', (v) => v.state === 'error');
    expect(view.last_error).toBe('Twilio refused the credentials (401): check the Account SID and Auth Token');
    expect(await calls(server)).toHaveLength(0);
    expect((await server.request('GET', '/health')).body).toMatchObject({ status: 'ok', db: 'ok' });
    // The file log has one line for the state change, in words, and no credential.
    await server.close();
    const log = readFileSync(join(server.dir, 'logs', 'salon_analytics.log'), 'utf8');
    expect(log).toContain('connector twilio: error (Twilio refused the credentials (401): check the Account SID and Auth Token)');
    expect(log.match(/connector twilio: error/g)).toHaveLength(1);
    expect(log).not.toContain('wrong-token-wrong-token-0000');
    expect(log).not.toContain(ACCOUNT_SID);
    server = await startConnectorServer({ ...twilioEnv(standIn.url, { auth_token: 'wrong-token-wrong-token-0000' }) }, { dir: server.dir });
    const tried = await server.request('POST', '/salon/connectors/twilio/test', {});
    expect(tried.body).toEqual({ id: 'twilio', ok: false, message: 'Twilio refused the credentials (401): check the Account SID and Auth Token' });
  });

  it('a call reported by a webhook and by the pull is one call', async () => {
    standIn = await startTwilioStandIn();
    server = await startConnectorServer({ ...twilioEnv(standIn.url), pollSeconds: 60 });
    await server.until('twilio', (v) => v.state === 'ok');
    const sid = 'CAboth1';
    // TWILIO_AUTH_TOKEN is set (the pull needs it), so the webhooks must carry Twilio's signature.
    const post = (path: string, params: Record<string, string>) =>
      fetch(server!.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, server!.url + path, params) },
        body: new URLSearchParams(params).toString(),
      });
    expect((await post('/twilio/voice', { CallSid: sid, From: '+13125550123', To: '+13125550100', Direction: 'inbound' })).status).toBe(200);
    expect((await post('/twilio/status', { CallSid: 'CAbothleg', ParentCallSid: sid, CallStatus: 'in-progress', StatusCallbackEvent: 'answered' })).status).toBe(200);
    standIn.calls.push(
      twilioCall({ sid, startMs: now - 5 * 60_000, status: 'completed', durationSec: 200, from: '+13125550123' }),
      twilioCall({ sid: 'CAbothleg', parent: sid, startMs: now - 5 * 60_000 + 3000, status: 'completed', durationSec: 190 }),
    );
    await server.connectors.syncNow('twilio');
    const stored = await calls(server);
    expect(stored.filter((c) => c.call_sid === sid)).toHaveLength(1);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'answered', duration_sec: 200, from: '+13125550123' });
    // The webhook saw it first: the pull brought nothing new.
    expect((await server.connector('twilio')).calls_imported).toBe(0);
  });

  it('a restart in the middle of the backfill goes on from its cursor: no gap, no duplicate', async () => {
    standIn = await startTwilioStandIn();
    standIn.calls.push(...history(30));
    standIn.failAfter(12);
    server = await startConnectorServer({ ...twilioEnv(standIn.url), pollSeconds: 60 });
    await server.until('twilio', (v) => v.state === 'error');
    const partial = (await calls(server)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(61);
    const { dir } = server;
    await server.close();
    standIn.failAfter(null);
    const before = standIn.requests.length;
    server = await startConnectorServer({ ...twilioEnv(standIn.url), pollSeconds: 60 }, { dir });
    const view = await server.until('twilio', (v) => v.state === 'ok');
    const stored = await calls(server);
    expect(stored).toHaveLength(61);
    expect(new Set(stored.map((c) => c.call_sid)).size).toBe(61);
    expect(view.calls_imported).toBe(61);
    // It went on from the day it stopped at, not from the start.
    const firstDay = new Date(now - 30 * DAY).toISOString().slice(0, 10);
    expect(standIn.requests.slice(before).some((r) => r.url.includes(`StartTime=${firstDay}`))).toBe(false);
  });

  it('a test call made during setup shows up live, then answered', async () => {
    standIn = await startTwilioStandIn();
    server = await startConnectorServer(twilioEnv(standIn.url));
    await server.until('twilio', (v) => v.state === 'ok');
    const live = await connectLive(server.url, TOKEN);
    cleanups.push(() => live.close());
    const ringing = twilioCall({ sid: 'CAsetup1', startMs: Date.now() - 3000, status: 'ringing', from: '+13125550142', callerName: 'OWNER MOBILE' });
    standIn.calls.push(ringing);
    const started = await live.next('call.started', 5000);
    expect(started.data).toMatchObject({ call_sid: 'CAsetup1', status: 'live', caller_name: 'OWNER MOBILE' });
    const dashboard = (await server.request('GET', '/salon/dashboard')).body;
    expect(dashboard.live_calls.map((c: Call) => c.call_sid)).toContain('CAsetup1');
    standIn.calls.splice(0, 1, twilioCall({ sid: 'CAsetup1', startMs: Date.now() - 3000, status: 'completed', durationSec: 12, from: '+13125550142' }));
    const updated = await live.next('call.updated', 5000);
    expect(updated.data).toMatchObject({ call_sid: 'CAsetup1', status: 'answered' });
  });

  it('credentials saved in Settings: checked, kept in a 0600 file, never sent back, and the connector starts', async () => {
    standIn = await startTwilioStandIn();
    standIn.calls.push(...history(2));
    server = await startConnectorServer({ baseUrls: { twilio: standIn.url } });
    expect(await server.connector('twilio')).toMatchObject({ state: 'off', credentials: { source: null } });
    const bad = await server.request('PUT', '/salon/connectors/twilio', { credentials: { account_sid: 'nope', auth_token: AUTH_TOKEN } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('Account SID does not look right');
    const tested = await server.request('POST', '/salon/connectors/twilio/test', { credentials: { account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN } });
    expect(tested.body).toEqual({ id: 'twilio', ok: true, message: 'Twilio: 5 calls in the last 30 days' });
    const saved = await server.request('PUT', '/salon/connectors/twilio', { credentials: { account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN } });
    expect(saved.status).toBe(200);
    expect(JSON.stringify(saved.body)).not.toContain(AUTH_TOKEN);
    expect(saved.body.credentials).toMatchObject({ source: 'settings', fields: [{ name: 'account_sid', masked: ACCOUNT_SID }, { name: 'auth_token', masked: 'f0…ed (32 characters)' }] });
    await server.until('twilio', (v) => v.state === 'ok');
    expect(await calls(server)).toHaveLength(5);
    const file = credentialsPathFor(server.dbPath);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).twilio.auth_token).toBe(AUTH_TOKEN);
    const list = await server.request('GET', '/salon/connectors');
    expect(JSON.stringify(list.body)).not.toContain(AUTH_TOKEN);
    const off = await server.request('PUT', '/salon/connectors/twilio', { credentials: null });
    expect(off.body).toMatchObject({ state: 'off', credentials: { source: null } });
  });
});
