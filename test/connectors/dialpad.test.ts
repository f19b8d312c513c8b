/**
 * The Dialpad connector against a local stand-in of Dialpad's API and websocket: the mapping
 * of its call states, the backfill through `GET /api/v2/call` (`started_after`, `cursor`), live
 * call events, and the hourly websocket URL renewed before it expires.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.js';
import { Salon } from '../../electron/core/salon.js';
import { ManualTimer } from '../../electron/scheduler/timer.js';
import { salonSink } from '../../electron/connectors/sink.js';
import { ConnectorStateStore } from '../../electron/connectors/state-store.js';
import { dialpadConnector } from '../../electron/connectors/dialpad/connector.js';
import { dialpadEvents, type DialpadCall } from '../../electron/connectors/dialpad/mapping.js';
import { RENEW_BEFORE_MS, URL_LIFETIME_MS } from '../../electron/connectors/dialpad/live.js';
import type { DialpadCursor } from '../../electron/connectors/dialpad/log-source.js';
import { API_KEY, startDialpadStandIn, type DialpadStandIn } from './dialpad-stand-in.js';
import { removeDir, startConnectorServer, type ConnectorServer } from './support.js';

const DAY = 86_400_000;

const call = (id: string, startedMs: number, state: string, extra: Partial<DialpadCall> = {}): DialpadCall => ({
  call_id: id,
  state,
  direction: 'inbound',
  external_number: '+13125550101',
  internal_number: '+13125550199',
  contact: { name: 'Ana Ruiz', phone: '+13125550101' },
  date_started: startedMs,
  ...extra,
});

async function until(ok: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Dialpad call states as call events', () => {
  const t = Date.parse('2026-11-23T15:00:00Z');
  it.each([
    ['connected', { date_connected: t + 8_000 }, 'answered', null],
    ['hangup', { date_connected: t + 8_000, date_ended: t + 68_000 }, 'answered', 60],
    ['hangup', { date_ended: t + 20_000 }, 'missed', null],
    ['missed', { date_ended: t + 20_000 }, 'missed', null],
    ['voicemail', { date_ended: t + 40_000 }, 'missed', null],
  ])('%s %o is %s', (state, extra, outcome, duration) => {
    const events = dialpadEvents(call('d-1', t, state, extra as Partial<DialpadCall>));
    const ended = events.find((e) => e.event === 'ended');
    if (outcome === 'answered') expect(events.some((e) => e.event === 'answered')).toBe(true);
    else expect(ended?.status).toMatch(/missed|voicemail/);
    if (duration !== null) expect(ended?.duration_sec).toBe(duration);
    expect(events[0]).toMatchObject({ event: 'started', call_sid: 'd-1', from: '+13125550101', caller_name: 'Ana Ruiz', timestamp: new Date(t).toISOString() });
  });

  it('a ringing call is live; an unknown state says nothing', () => {
    expect(dialpadEvents(call('d-2', t, 'ringing')).map((e) => e.event)).toEqual(['started']);
    expect(dialpadEvents(call('d-3', t, 'hold'))).toEqual([]);
  });
});

let standIn: DialpadStandIn | undefined;
let server: ConnectorServer | undefined;
afterEach(async () => {
  await server?.close();
  await standIn?.close();
  if (server) removeDir(server.dir);
  server = undefined;
  standIn = undefined;
});

describe('Dialpad connector through the server', () => {
  it('backfills the call list page by page, then takes call events live over the websocket', async () => {
    standIn = await startDialpadStandIn();
    const now = Date.now();
    standIn.calls.push(
      call('bf-1', now - 3 * DAY, 'hangup', { date_connected: now - 3 * DAY + 5_000, date_ended: now - 3 * DAY + 125_000 }),
      call('bf-2', now - 2 * DAY, 'hangup', { date_ended: now - 2 * DAY + 9_000 }),
      call('bf-3', now - DAY, 'voicemail', { date_ended: now - DAY + 30_000 }),
      call('too-old', now - 40 * DAY, 'hangup', { date_ended: now - 40 * DAY + 9_000 }),
    );
    server = await startConnectorServer({ env: { dialpad: { api_key: API_KEY } }, baseUrls: { dialpad: standIn.url } });
    await server.until('dialpad', (v) => v.state === 'ok' && v.calls_imported >= 3);
    expect(standIn.subscriptions).toMatchObject([{ endpoint_id: 5150, enabled: true }]);
    expect(standIn.listRequests.some((u) => u.includes('cursor=2'))).toBe(true);
    const calls = (await server.request('GET', '/salon/calls')).body.items as { call_sid: string; status: string; duration_sec: number | null; abandoned: boolean }[];
    expect(calls.map((c) => c.call_sid).sort()).toEqual(['bf-1', 'bf-2', 'bf-3']);
    expect(calls.find((c) => c.call_sid === 'bf-1')).toMatchObject({ status: 'answered', duration_sec: 120 });
    expect(calls.find((c) => c.call_sid === 'bf-2')).toMatchObject({ status: 'missed', abandoned: true });
    expect(calls.find((c) => c.call_sid === 'bf-3')).toMatchObject({ status: 'missed', abandoned: false });

    await until(() => standIn!.open() === 1, 'the websocket is open');
    standIn.push(call('live-1', Date.now(), 'ringing'));
    await until(async () => (await server!.request('GET', '/salon/calls')).body.items.some((c: { call_sid: string; status: string }) => c.call_sid === 'live-1' && c.status === 'live'), 'the live call is stored');
    standIn.push(call('live-1', Date.now() - 1_000, 'connected', { date_connected: Date.now() }));
    await until(async () => (await server!.request('GET', '/salon/calls')).body.items.some((c: { call_sid: string; answered_at: string | null }) => c.call_sid === 'live-1' && c.answered_at), 'the live call is answered');
  });

  it('says in words when Dialpad refuses the API key', async () => {
    standIn = await startDialpadStandIn();
    server = await startConnectorServer({ env: { dialpad: { api_key: 'not-the-dialpad-key-000' } }, baseUrls: { dialpad: standIn.url } });
    const view = await server.until('dialpad', (v) => v.state === 'error');
    expect(view.last_error).toMatch(/Dialpad refused the credentials \(401\): check the API key/);
  });
});

describe('Dialpad’s hourly websocket URL', () => {
  it('is renewed before it expires: a new connection opens, the old one closes, and no event is lost', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T15:00:00Z'));
    const timer = new ManualTimer(clock);
    standIn = await startDialpadStandIn(() => clock.now());
    const dir = mkdtempSync(join(tmpdir(), 'salon-dialpad-'));
    const salon = new Salon(join(dir, 'salon.db'), { clock, overrides: { timezone: 'America/Chicago' } });
    const connector = dialpadConnector(API_KEY, standIn.url, {
      store: new ConnectorStateStore<DialpadCursor>(salon.db, 'dialpad'),
      sink: salonSink(salon),
      timer,
      now: () => clock.now(),
      pollMs: 60_000,
      backfillDays: 1,
      maxBackoffMs: 60_000,
      changed: () => {},
      log: () => {},
    });
    try {
      connector.start();
      timer.advanceBy(0);
      await until(() => standIn!.open() === 1, 'the first connection');
      standIn.push(call('hour-1', clock.now(), 'ringing'));
      await until(() => salon.calls({ limit: 10, offset: 0 }).total === 1, 'the first call');

      // Five minutes before the hour is up, a fresh URL is fetched and opened, and the old connection closed.
      timer.advanceBy(URL_LIFETIME_MS - RENEW_BEFORE_MS);
      await until(() => standIn!.urlsIssued === 2 && standIn!.open() === 1 && standIn!.connections.length === 2, 'the renewed connection');
      expect(standIn.connections[1]!.token).toBe('t2');
      expect(standIn.connections[0]!.socket.readyState).not.toBe(standIn.connections[0]!.socket.OPEN);

      // The hour of the first URL passes: Dialpad closes what still used it; nothing does.
      timer.advanceBy(RENEW_BEFORE_MS + 1);
      standIn.expire();
      standIn.push(call('hour-2', clock.now(), 'ringing'));
      await until(() => salon.calls({ limit: 10, offset: 0 }).total === 2, 'the call after the first URL expired');
      expect(connector.status().state).not.toBe('error');

      // And so on every hour.
      timer.advanceBy(URL_LIFETIME_MS - RENEW_BEFORE_MS);
      await until(() => standIn!.urlsIssued === 3 && standIn!.open() === 1, 'the second renewal');
    } finally {
      await connector.stop();
      salon.close();
      removeDir(dir);
    }
  });
});
