/**
 * Abandoned calls: a missed call that rang for less than SALON_ABANDON_SECONDS (15) is flagged
 * `abandoned`, still counts as missed, and the call-back list and the missed-call insight tell
 * the callers who hung up from those who rang on unanswered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { Salon } from '../electron/core/salon.js';
import { ConfigError, resolveConfig } from '../electron/config/config.js';
import { startTestServer, type TestServer } from './support/server.js';

// A Wednesday afternoon in Chicago, the salon open.
const NOW = Date.parse('2026-11-25T21:00:00Z');
const WEEK = '2026-11-23';
const at = (minutesAgo: number) => NOW - minutesAgo * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('abandoned calls', () => {
  let server: TestServer;
  /** A missed call from `phone` that rang for `ringMs`, `minutesAgo` before now. */
  const missed = async (sid: string, phone: string, minutesAgo: number, ringMs: number) => {
    const start = at(minutesAgo);
    await server.request('POST', '/salon/call', { event: 'started', call_sid: sid, from: phone, timestamp: iso(start) });
    const res = await server.request('POST', '/salon/call', { event: 'ended', call_sid: sid, status: 'no-answer', timestamp: iso(start + ringMs) });
    expect(res.status).toBe(200);
    return res.body.call;
  };
  const answered = async (sid: string, phone: string, minutesAgo: number) => {
    const start = at(minutesAgo);
    await server.request('POST', '/salon/call', { event: 'started', call_sid: sid, from: phone, timestamp: iso(start) });
    await server.request('POST', '/salon/call', { event: 'answered', call_sid: sid, timestamp: iso(start + 5_000) });
    await server.request('POST', '/salon/call', { event: 'ended', call_sid: sid, status: 'completed', timestamp: iso(start + 8_000) });
  };

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });
    await missed('CA-14s', '+13125550114', 300, 14_999);
    await missed('CA-15s', '+13125550115', 290, 15_000);
    await missed('CA-16s', '+13125550116', 280, 15_001);
    await missed('CA-2s', '+13125550102', 270, 2_000);
    await missed('CA-40s', '+13125550140', 260, 40_000);
    // The same caller: one hang-up, then one long ring.
    await missed('CA-r1', '+13125550177', 250, 4_000);
    await missed('CA-r2', '+13125550177', 240, 30_000);
    await answered('CA-ok', '+13125550188', 230);
  });
  afterAll(() => server.stop());

  it('flags a missed call that rang for less than 15 s, not one that rang exactly 15 s or longer, nor an answered call', async () => {
    const { body } = await server.request('GET', '/salon/calls?limit=100');
    const flag = Object.fromEntries(body.items.map((c: { call_sid: string; abandoned: boolean }) => [c.call_sid, c.abandoned]));
    expect(flag).toMatchObject({ 'CA-14s': true, 'CA-15s': false, 'CA-16s': false, 'CA-2s': true, 'CA-40s': false, 'CA-ok': false });
  });

  it('still counts abandoned calls as missed in the week’s figures', async () => {
    const { body } = await server.request('GET', `/salon/dashboard?week=${WEEK}`);
    expect(body.figures).toMatchObject({ calls_total: 8, calls_missed: 7, calls_answered: 1 });
  });

  it('writes the flag in the calls CSV export', async () => {
    const res = await fetch(`${server.url}/salon/export/calls.csv`);
    const [header, ...rows] = (await res.text()).trim().split(/\r?\n/);
    const column = header!.split(',').indexOf('abandoned');
    expect(column).toBeGreaterThan(-1);
    const of = (sid: string) => rows.find((r) => r.startsWith(sid))!.split(',')[column];
    expect([of('CA-14s'), of('CA-15s')]).toEqual(['true', 'false']);
  });

  it('tells hang-ups apart on the call-back list', async () => {
    const { body } = await server.request('GET', '/salon/callbacks');
    const entry = (phone: string) => body.items.find((e: { phone: string }) => e.phone === phone);
    expect(entry('+13125550114')).toMatchObject({ hung_up: 1, attempts: [{ call_sid: 'CA-14s', abandoned: true }] });
    expect(entry('+13125550114').reasons).toContain('hung up within 15 s');
    expect(entry('+13125550116')).toMatchObject({ hung_up: 0, attempts: [{ abandoned: false }] });
    expect(entry('+13125550177')).toMatchObject({ missed_calls: 2, hung_up: 1, attempts: [{ abandoned: true }, { abandoned: false }] });
    expect(entry('+13125550177').reasons).toContain('hung up within 15 s (1 of 2 tries)');
  });

  it('says in the missed-call insight how many missed callers hung up', async () => {
    const { body } = await server.request('GET', `/salon/insights?week=${WEEK}`);
    const finding = body.findings.find((f: { rule: string }) => f.rule === 'missed-calls');
    expect(finding.detail).toContain('3 of 7 missed callers hung up within 15 s; the other 4 rang on unanswered.');
    expect(finding.figures).toMatchObject({ missed_hung_up: 3, abandon_seconds: 15 });
  });
});

describe('SALON_ABANDON_SECONDS', () => {
  it('is read from the environment, and a bad value is refused by name', () => {
    expect(resolveConfig([], { SALON_ABANDON_SECONDS: '30' }, tmpdir()).config.abandonSeconds).toBe(30);
    expect(resolveConfig([], {}, tmpdir()).config.abandonSeconds).toBeUndefined();
    expect(() => resolveConfig([], { SALON_ABANDON_SECONDS: '15s' }, tmpdir())).toThrow(ConfigError);
    expect(() => resolveConfig([], { SALON_ABANDON_SECONDS: '0' }, tmpdir())).toThrow(/SALON_ABANDON_SECONDS/);
  });

  it('moves the threshold for every stored call at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'salon-abandon-'));
    const path = join(dir, 'salon.db');
    try {
      const first = new Salon(path, { clock: new ManualClock(NOW) });
      first.recordCallEvent({ event: 'started', call_sid: 'CA-20s', from: '+13125550120', timestamp: iso(at(10)) });
      expect(first.recordCallEvent({ event: 'ended', call_sid: 'CA-20s', status: 'missed', timestamp: iso(at(10) + 20_000) }).call.abandoned).toBe(false);
      first.close();
      const again = new Salon(path, { clock: new ManualClock(NOW), abandonSeconds: 30 });
      expect(again.call('CA-20s')).toMatchObject({ call_sid: 'CA-20s', status: 'missed', abandoned: true });
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
