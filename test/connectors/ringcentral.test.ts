/**
 * The RingCentral connector, for real: the headless server (real database file, real HTTP
 * and WebSocket) against a local stand-in of RingCentral's REST API and WebSocket gateway.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { logRecordEvents, sessionEvents } from '../../electron/connectors/ringcentral/mapping.js';
import { CLIENT_ID, CLIENT_SECRET, JWT, logRecord, sessionBody, startRingCentralStandIn, type RingCentralStandIn } from './ringcentral-stand-in.js';
import { removeDir, startConnectorServer, TOKEN, type ConnectorServer, callOf as call, callsOf as calls, eventually as until } from './support.js';
import { connectLive } from '../support/server.js';

const DAY = 86_400_000;

describe('RingCentral records as call events', () => {
  it.each([
    ['Accepted', 'completed'],
    ['Call connected', 'completed'],
    ['Missed', 'missed'],
    ['No Answer', 'missed'],
    ['Hang Up', 'missed'],
    ['Abandoned', 'missed'],
    ['Busy', 'missed'],
    ['Rejected', 'missed'],
    ['Declined', 'missed'],
    ['Voicemail', 'voicemail'],
  ])('call log result %s ends the call as %s', (result, status) => {
    const events = logRecordEvents(logRecord('s-1', Date.parse('2026-11-23T15:00:00Z'), result, 30));
    expect(events.map((e) => e.event)).toEqual(['started', 'ended']);
    expect(events[1]).toMatchObject({ call_sid: 's-1', status, duration_sec: 30, timestamp: '2026-11-23T15:00:30.000Z' });
  });

  it.each([
    ['Setup', ['started']],
    ['Proceeding', ['started']],
    ['Answered', ['started', 'answered']],
    ['Disconnected', ['started', 'ended']],
    ['Gone', ['started', 'ended']],
    ['VoiceMail', ['started', 'ended']],
    ['Hold', []],
  ])('party status %s gives %o', (code, events) => {
    expect(sessionEvents(sessionBody('s-2', code)).map((e) => e.event)).toEqual(events);
  });

  it('missedCall makes the end missed; VoiceMail keeps voicemail as the end status', () => {
    expect(sessionEvents(sessionBody('s-3', 'Disconnected', { missedCall: true }))[1]).toMatchObject({ status: 'missed' });
    expect(sessionEvents(sessionBody('s-3', 'Disconnected'))[1]).toMatchObject({ status: 'completed' });
    expect(sessionEvents(sessionBody('s-3', 'VoiceMail'))[1]).toMatchObject({ status: 'voicemail' });
  });
});

let standIn: RingCentralStandIn | undefined;
let server: ConnectorServer | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.close();
  await standIn?.close();
  if (server) removeDir(server.dir);
  server = undefined;
  standIn = undefined;
});

const rcEnv = (url: string, extra: Record<string, string> = {}) => ({
  env: { ringcentral: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, jwt: JWT, ...extra } },
  baseUrls: { ringcentral: url },
});


describe('RingCentral: live sessions and call-log sync', () => {
  it('backfills with FSync page by page, then is live: a test call rings, is answered and ends on the dashboard as it happens', async () => {
    standIn = await startRingCentralStandIn();
    const now = Date.now();
    for (let i = 0; i < 300; i++) standIn.log.push(logRecord(`s-old-${i}`, now - 29 * DAY + i * 60_000 * 130, i % 4 === 0 ? 'Missed' : 'Accepted', 60));
    server = await startConnectorServer({ ...rcEnv(standIn.url), pollSeconds: 60 });
    const view = await server.until('ringcentral', (v) => v.state === 'ok');
    expect(view).toMatchObject({ name: 'RingCentral', mode: 'live', calls_imported: 300, last_error: null });
    expect(standIn.syncRequests[0]).toContain('syncType=FSync');
    expect(standIn.syncRequests.some((u) => u.includes('dateTo='))).toBe(true);
    expect(standIn.syncRequests.at(-1)).toContain('syncType=ISync');
    expect(standIn.subscriptions).toBe(1);
    expect(await calls(server)).toHaveLength(300);

    const live = await connectLive(server.url, TOKEN);
    cleanups.push(() => live.close());
    standIn.notify(sessionBody('s-test', 'Setup', { name: 'Owner Mobile', from: '+13125550142' }));
    const started = await live.next('call.started', 5000);
    expect(started.data).toMatchObject({ call_sid: 's-test', status: 'live', caller_name: 'Owner Mobile' });
    standIn.notify(sessionBody('s-test', 'Answered'));
    await until('answered', async () => (await call(server!, 's-test'))?.answered_at);
    standIn.notify(sessionBody('s-test', 'Disconnected', { at: Date.now() + 5000 }));
    const ended = await until('ended', async () => { const c = await call(server!, 's-test'); return c?.status === 'answered' && c; });
    expect(ended).toMatchObject({ status: 'answered', end_status: 'completed', duration_sec: 5 });
    // The same call in the call log (same telephonySessionId) is the same call.
    standIn.log.push(logRecord('s-test', Date.parse(ended.started_at), 'Accepted', 5));
    await server.connectors.syncNow('ringcentral');
    expect((await calls(server)).filter((c) => c.call_sid === 's-test')).toHaveLength(1);
    expect(await calls(server)).toHaveLength(301);
    standIn.notify(sessionBody('s-missed', 'Setup'));
    standIn.notify(sessionBody('s-missed', 'Disconnected', { missedCall: true }));
    standIn.notify(sessionBody('s-vm', 'Setup'));
    standIn.notify(sessionBody('s-vm', 'VoiceMail'));
    expect(await until('missed', async () => (await call(server!, 's-missed'))?.status === 'missed')).toBe(true);
    expect(await until('voicemail', async () => (await call(server!, 's-vm'))?.end_status === 'voicemail')).toBe(true);
  });

  it('a dropped socket recovers its session with wsc: what rang meanwhile is replayed, no new subscription', async () => {
    standIn = await startRingCentralStandIn();
    server = await startConnectorServer({ ...rcEnv(standIn.url), pollSeconds: 60 });
    await server.until('ringcentral', (v) => v.state === 'ok');
    standIn.drop({ recoverable: true });
    standIn.notify(sessionBody('s-during-drop', 'Setup'));
    await until('the call replayed after recovery', async () => call(server!, 's-during-drop'));
    expect(standIn.recoveries).toBe(1);
    expect(standIn.subscriptions).toBe(1);
    expect((await server.until('ringcentral', (v) => v.state === 'ok')).last_error).toBeNull();
  });

  it('a session that cannot be recovered: it subscribes again and catches up from the call log', async () => {
    standIn = await startRingCentralStandIn();
    server = await startConnectorServer({ ...rcEnv(standIn.url), pollSeconds: 60 });
    await server.until('ringcentral', (v) => v.state === 'ok');
    standIn.drop({ recoverable: false });
    // Rang and ended while no socket was up: the notification is lost, the call log has it.
    standIn.notify(sessionBody('s-lost', 'Setup'));
    standIn.log.push(logRecord('s-lost', Date.now() - 20_000, 'Missed', 0));
    const lost = await until('the call from the catch-up', async () => call(server!, 's-lost'));
    expect(lost).toMatchObject({ status: 'missed' });
    expect(standIn.subscriptions).toBe(2);
    expect(standIn.recoveries).toBe(0);
  });

  it('refreshes the access token before it expires, and gets a new one when the server says it expired', async () => {
    standIn = await startRingCentralStandIn();
    standIn.tokenSeconds = 61; // stale a second after it is issued (refreshed a minute early)
    server = await startConnectorServer(rcEnv(standIn.url));
    await server.until('ringcentral', (v) => v.state === 'ok');
    await until('a refresh', async () => standIn!.grants.includes('refresh_token'));
    expect(standIn.expiredRefusals).toBe(0);
    standIn.tokenSeconds = 3600;
    const grants = standIn.grants.length;
    await until('a long-lived token', async () => standIn!.grants.length > grants);
    standIn.expireAll();
    standIn.log.push(logRecord('s-after-expiry', Date.now() - 1000, 'Accepted', 42));
    const after = await until('the call after a new token', async () => call(server!, 's-after-expiry'), 15_000);
    expect(after).toMatchObject({ status: 'answered', duration_sec: 42 });
    expect(standIn.expiredRefusals).toBeGreaterThan(0);
  });

  it('obeys the Heavy group’s X-Rate-Limit-Remaining / -Window: it waits instead of being refused', async () => {
    standIn = await startRingCentralStandIn();
    standIn.heavyLimit = 2;
    standIn.heavyWindowSeconds = 1;
    server = await startConnectorServer(rcEnv(standIn.url));
    await server.until('ringcentral', (v) => v.state === 'ok');
    await until('a few polls', async () => standIn!.syncRequests.length >= 6, 10_000);
    expect(standIn.throttled).toBe(0);
  });

  it('wrong credentials: an error in words, no call stored, the server healthy', async () => {
    standIn = await startRingCentralStandIn();
    standIn.log.push(logRecord('s-x', Date.now() - DAY, 'Accepted', 10));
    server = await startConnectorServer(rcEnv(standIn.url, { jwt: 'eyJh.bad.jwt' }));
    const view = await server.until('ringcentral', (v) => v.state === 'error');
    expect(view.last_error).toBe('RingCentral refused the JWT (400 invalid_grant): check the JWT credential, and that it belongs to this app');
    expect(await calls(server)).toHaveLength(0);
    expect((await server.request('GET', '/health')).body).toMatchObject({ status: 'ok' });
    const tested = await server.request('POST', '/salon/connectors/ringcentral/test', { credentials: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, jwt: JWT } });
    expect(tested.body).toEqual({ id: 'ringcentral', ok: true, message: 'RingCentral: 1 call in the last 30 days' });
  });
});
