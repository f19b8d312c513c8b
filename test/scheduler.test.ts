import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import type { LiveMessage } from '../electron/contract/index.js';
import { WeeklyScheduler } from '../electron/scheduler/scheduler.js';
import { ManualTimer } from '../electron/scheduler/timer.js';
import { connectLive, startTestServer, type TestServer } from './support/server.js';

const NY = 'America/New_York';
type Live = Awaited<ReturnType<typeof connectLive>>;

const dirs: string[] = [];
const servers: TestServer[] = [];
const sockets: Live[] = [];
const schedulers: WeeklyScheduler[] = [];

afterEach(async () => {
  schedulers.splice(0).forEach((s) => s.stop());
  sockets.splice(0).forEach((s) => s.close());
  for (const s of servers.splice(0)) await s.stop();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'salon-sched-'));
  dirs.push(d);
  return d;
}

async function setup(nowIso: string, dbPath?: string) {
  const clock = new ManualClock(Date.parse(nowIso));
  const timer = new ManualTimer(clock);
  const server = await startTestServer({ clock, settings: { timezone: NY }, ...(dbPath ? { dbPath } : {}) });
  servers.push(server);
  const live = await connectLive(server.url);
  sockets.push(live);
  return { clock, timer, server, live };
}

function schedule(server: TestServer, timer: ManualTimer, reportsDir: string): WeeklyScheduler {
  const scheduler = new WeeklyScheduler(server.salon, { reportsDir, timer, onError: (err) => { throw err; } });
  schedulers.push(scheduler);
  return scheduler;
}

/** A missed call and an answered one at the given local times (with offsets), so a week has figures. */
async function calls(server: TestServer, sid: string, missedAt: string, answeredAt: string) {
  for (const body of [
    { event: 'started', call_sid: `${sid}-m`, from: '+12125550101', timestamp: missedAt },
    { event: 'ended', call_sid: `${sid}-m`, status: 'no-answer', duration_sec: 0, timestamp: missedAt },
    { event: 'started', call_sid: `${sid}-a`, from: '+12125550102', timestamp: answeredAt },
    { event: 'ended', call_sid: `${sid}-a`, status: 'completed', duration_sec: 60, timestamp: answeredAt },
  ]) {
    expect((await server.request('POST', '/salon/call', body)).status).toBe(200);
  }
}

const closedWeeks = (server: TestServer) =>
  server.salon.db.prepare('SELECT week_start, closed_at FROM weekly_figures ORDER BY week_start').all() as { week_start: string; closed_at: number }[];

/** Waits until every message sent before now has arrived: a new outbound call's call.started comes after them on the socket. */
let markers = 0;
async function settle(server: TestServer, live: Live): Promise<void> {
  const sid = `CA-marker-${++markers}`;
  expect((await server.request('POST', '/salon/call', { event: 'started', call_sid: sid, direction: 'outbound' })).status).toBe(200);
  const deadline = Date.now() + 3000;
  while (!live.messages.some((m) => m.type === 'call.started' && m.data.call_sid === sid)) {
    if (Date.now() > deadline) throw new Error(`no call.started for ${sid}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const reports = (live: Live) => live.messages.filter((m): m is Extract<LiveMessage, { type: 'weekly.report' }> => m.type === 'weekly.report');

describe('the weekly scheduler closes each week at Monday 00:00 salon time', () => {
  it('a normal Monday midnight in America/New_York closes the week that ended, with its report, push and files, not a millisecond before', async () => {
    // Wednesday 2026-11-18 12:00 EST, in the week of Monday 2026-11-16.
    const { timer, server, live } = await setup('2026-11-18T17:00:00Z');
    await calls(server, 'CA-nov', '2026-11-17T10:00:00-05:00', '2026-11-17T11:00:00-05:00');
    const dir = tmp();
    const scheduler = schedule(server, timer, dir);
    expect(scheduler.start()).toEqual([]);
    const monday = Date.parse('2026-11-23T05:00:00Z'); // Monday 2026-11-23 00:00 EST
    expect(scheduler.nextCloseAt).toBe(monday);

    timer.advanceTo(monday - 1);
    expect(closedWeeks(server)).toEqual([]);
    timer.advanceTo(monday);
    expect(closedWeeks(server)).toEqual([{ week_start: '2026-11-16', closed_at: monday }]);
    expect(readdirSync(dir).sort()).toEqual(['weekly-report-2026-11-16.csv', 'weekly-report-2026-11-16.html']);
    expect(readFileSync(join(dir, 'weekly-report-2026-11-16.csv'), 'utf8')).toContain('2026-11-16,America/New_York,calls_total,2,');

    await settle(server, live);
    const [report] = reports(live);
    expect(reports(live)).toHaveLength(1);
    expect(report!.at).toBe('2026-11-23T05:00:00.000Z');
    expect(report!.data.week).toEqual({ start: '2026-11-16', end: '2026-11-22', complete: true });
    expect(report!.data.figures).toMatchObject({ calls_total: 2, calls_missed: 1, calls_answered: 1 });
    expect(report!.data.report).toEqual({ html: '/salon/reports/2026-11-16.html', csv: '/salon/reports/2026-11-16.csv' });
    expect(report!.data.insights?.week.start).toBe('2026-11-16');

    // The next close is worked out again: the Monday after.
    expect(scheduler.nextCloseAt).toBe(Date.parse('2026-11-30T05:00:00Z'));
    timer.advanceBy(6 * 24 * 3600_000);
    expect(closedWeeks(server)).toHaveLength(1);
  });

  it('the spring-forward week (2026-03-08, 167 hours) closes at Monday 2026-03-09 00:00 EDT, an hour before 168 hours would say', async () => {
    const { timer, server } = await setup('2026-03-04T17:00:00Z');
    // 23:30 EDT on the Sunday of the change still belongs to the week of 2026-03-02.
    await calls(server, 'CA-spring', '2026-03-03T10:00:00-05:00', '2026-03-08T23:30:00-04:00');
    const scheduler = schedule(server, timer, tmp());
    scheduler.start();
    const mondayLocal = Date.parse('2026-03-09T04:00:00Z'); // 00:00 EDT
    expect(scheduler.nextCloseAt).toBe(mondayLocal);
    expect(mondayLocal - Date.parse('2026-03-02T05:00:00Z')).toBe(167 * 3600_000);
    timer.advanceTo(mondayLocal - 1);
    expect(closedWeeks(server)).toEqual([]);
    timer.advanceTo(mondayLocal);
    expect(closedWeeks(server)).toEqual([{ week_start: '2026-03-02', closed_at: mondayLocal }]);
    const stored = server.salon.db.prepare('SELECT figures FROM weekly_figures').get() as { figures: string };
    expect(JSON.parse(stored.figures)).toMatchObject({ calls_total: 2 });
  });

  it('the fall-back week (2026-11-01, 169 hours) closes at Monday 2026-11-02 00:00 EST, not at 23:00 on the Sunday', async () => {
    const { timer, server } = await setup('2026-10-28T16:00:00Z');
    // 23:30 EST on the Sunday of the change: 169 hours after the Monday, still the same week.
    await calls(server, 'CA-fall', '2026-10-27T10:00:00-04:00', '2026-11-01T23:30:00-05:00');
    const scheduler = schedule(server, timer, tmp());
    scheduler.start();
    const mondayLocal = Date.parse('2026-11-02T05:00:00Z'); // 00:00 EST
    expect(scheduler.nextCloseAt).toBe(mondayLocal);
    expect(mondayLocal - Date.parse('2026-10-26T04:00:00Z')).toBe(169 * 3600_000);
    timer.advanceTo(Date.parse('2026-11-02T04:00:00Z')); // 168 hours: Sunday 23:00 EST
    expect(closedWeeks(server)).toEqual([]);
    timer.advanceTo(mondayLocal);
    expect(closedWeeks(server)).toEqual([{ week_start: '2026-10-26', closed_at: mondayLocal }]);
    const stored = server.salon.db.prepare('SELECT figures FROM weekly_figures').get() as { figures: string };
    expect(JSON.parse(stored.figures)).toMatchObject({ calls_total: 2 });
  });

  it('a machine asleep through Monday midnight closes the week when it wakes, once', async () => {
    const { timer, server, live } = await setup('2026-11-20T22:00:00Z');
    await calls(server, 'CA-sleep', '2026-11-17T10:00:00-05:00', '2026-11-17T11:00:00-05:00');
    const scheduler = schedule(server, timer, tmp());
    scheduler.start();
    const wake = Date.parse('2026-11-23T14:30:00Z'); // Monday 09:30 EST
    timer.sleepUntil(wake);
    expect(closedWeeks(server)).toEqual([{ week_start: '2026-11-16', closed_at: wake }]);
    expect(scheduler.nextCloseAt).toBe(Date.parse('2026-11-30T05:00:00Z'));
    timer.advanceBy(3600_000);
    await settle(server, live);
    expect(reports(live).map((m) => m.data.week.start)).toEqual(['2026-11-16']);
  });

  it('after four weeks closed, the app closes the four missed weeks on start: four reports, each once, oldest first', async () => {
    const { clock, timer, server, live } = await setup('2026-11-04T17:00:00Z');
    for (const [i, day] of ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24', '2026-12-01'].entries()) {
      await calls(server, `CA-gap-${i}`, `${day}T10:00:00-05:00`, `${day}T11:00:00-05:00`);
    }
    const dir = tmp();
    // The app ran until Monday 2026-11-09 00:00 and closed the week of 2026-11-02 …
    const first = schedule(server, timer, dir);
    first.start();
    timer.advanceTo(Date.parse('2026-11-09T05:00:00Z'));
    expect(closedWeeks(server).map((w) => w.week_start)).toEqual(['2026-11-02']);
    first.stop();
    expect(timer.size).toBe(0);
    // … then stayed closed until Wednesday 2026-12-09.
    clock.set(Date.parse('2026-12-09T15:00:00Z'));
    const second = schedule(server, timer, dir);
    const closed = second.start();
    expect(closed.map((c) => [c.week, c.closed])).toEqual([
      ['2026-11-09', true],
      ['2026-11-16', true],
      ['2026-11-23', true],
      ['2026-11-30', true],
    ]);
    expect(closedWeeks(server).map((w) => w.week_start)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.html')).sort()).toEqual(
      ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'].map((w) => `weekly-report-${w}.html`),
    );
    // Each missed week carries its own figures: one missed and one answered call.
    for (const w of ['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']) {
      expect(readFileSync(join(dir, `weekly-report-${w}.csv`), 'utf8')).toContain(`${w},America/New_York,calls_missed,1,1,0`);
    }
    await settle(server, live);
    expect(reports(live).map((m) => m.data.week.start)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);

    // Starting again closes nothing more.
    second.stop();
    expect(schedule(server, timer, dir).start()).toEqual([]);
    await settle(server, live);
    expect(reports(live)).toHaveLength(5);
    expect(closedWeeks(server)).toHaveLength(5);
  });

  it('a restart right after a close sends no second report and writes no second file', async () => {
    const dir = tmp();
    const dbPath = join(tmp(), 'salon.db');
    const a = await setup('2026-11-18T17:00:00Z', dbPath);
    await calls(a.server, 'CA-restart', '2026-11-17T10:00:00-05:00', '2026-11-17T11:00:00-05:00');
    const scheduler = schedule(a.server, a.timer, dir);
    scheduler.start();
    const monday = Date.parse('2026-11-23T05:00:00Z');
    a.timer.advanceTo(monday);
    await settle(a.server, a.live);
    expect(reports(a.live)).toHaveLength(1);
    const html = join(dir, 'weekly-report-2026-11-16.html');
    const before = { text: readFileSync(html, 'utf8'), mtime: statSync(html).mtimeMs };

    // The process stops a minute after the close and starts again over the same database.
    scheduler.stop();
    a.live.close();
    await a.server.stop();
    servers.splice(servers.indexOf(a.server), 1);
    const b = await setup('2026-11-23T05:01:00Z', dbPath);
    const again = schedule(b.server, b.timer, dir);
    expect(again.start()).toEqual([]);
    b.timer.advanceBy(10 * 60_000);
    await settle(b.server, b.live);
    expect(reports(b.live)).toEqual([]);
    expect(closedWeeks(b.server)).toEqual([{ week_start: '2026-11-16', closed_at: monday }]);
    expect(readdirSync(dir).sort()).toEqual(['weekly-report-2026-11-16.csv', 'weekly-report-2026-11-16.html']);
    expect(statSync(html).mtimeMs).toBe(before.mtime);
    expect(readFileSync(html, 'utf8')).toBe(before.text);
  });

  it('a week closed before its report files were written gets them on the next start, without a second push', async () => {
    const { timer, server, live } = await setup('2026-11-23T06:00:00Z');
    await calls(server, 'CA-repair', '2026-11-17T10:00:00-05:00', '2026-11-17T11:00:00-05:00');
    // Closed (say, by a process that stopped before writing its files).
    expect(server.salon.closeWeek(server.salon.week('2026-11-16'))).toBe(true);
    await settle(server, live);
    const dir = tmp();
    const closed = schedule(server, timer, dir).start();
    expect(closed).toMatchObject([{ week: '2026-11-16', closed: false }]);
    expect(readdirSync(dir).sort()).toEqual(['weekly-report-2026-11-16.csv', 'weekly-report-2026-11-16.html']);
    await settle(server, live);
    expect(reports(live)).toHaveLength(1);
  });

  it('on a first start it closes the complete weeks since the first record, at most the cap', async () => {
    const { timer, server } = await setup('2026-11-25T17:00:00Z');
    await calls(server, 'CA-old', '2025-01-07T10:00:00-05:00', '2025-01-07T11:00:00-05:00');
    const scheduler = new WeeklyScheduler(server.salon, { reportsDir: tmp(), timer, maxCatchUpWeeks: 3 });
    schedulers.push(scheduler);
    expect(scheduler.start().map((c) => c.week)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
  });
});
