import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { Salon } from '../electron/core/salon.js';
import { DemoDataError, generateDemoData, type DemoSummary } from '../electron/demo/generate.js';
import type { WeeklyMetrics } from '../electron/contract/index.js';
import { Random } from '../electron/demo/random.js';
import { runCli } from './support/child.js';

// A Wednesday afternoon in Chicago (14:30 CST): the current week is partly over.
const NOW = Date.parse('2026-11-25T20:30:00Z');
const ZONE = 'America/Chicago';
const WEEKS = 8;

const dir = mkdtempSync(join(tmpdir(), 'salon-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(path: string): Salon {
  return new Salon(path, { clock: new ManualClock(NOW), overrides: { timezone: ZONE } });
}

function metricsOf(path: string): WeeklyMetrics {
  const salon = open(path);
  try {
    return salon.weeklyMetrics({ weeks_back: WEEKS });
  } finally {
    salon.close();
  }
}

describe('demo data', () => {
  let summary: DemoSummary;
  let metrics: WeeklyMetrics;
  const first = join(dir, 'seed1.db');

  beforeAll(() => {
    summary = generateDemoData({ dbPath: first, weeks: WEEKS, seed: 1, now: NOW });
    metrics = metricsOf(first);
  });

  it('fills the weeks ending with the current one, through the core without a repeated event', () => {
    expect(summary).toMatchObject({ weeks: WEEKS, seed: 1, timezone: ZONE, firstWeek: '2026-10-05', lastWeek: '2026-11-23' });
    expect(metrics.weeks.map((w) => w.week_start)).toHaveLength(WEEKS);
    expect(metrics.weeks[0]!.week_start).toBe('2026-10-05');
    expect(summary.events.duplicates).toBe(0);
    expect(summary.events.calls).toBeGreaterThan(0);
    expect(summary.customers).toBeGreaterThan(300);
  });

  it('gives plausible figures: calls, misses, after-hours calls, bookings, outcomes and revenue', () => {
    const total = (name: keyof WeeklyMetrics['weeks'][number]) => metrics.weeks.reduce((sum, w) => sum + Number(w[name]), 0);
    for (const name of [
      'calls_total', 'calls_answered', 'calls_missed', 'calls_after_hours', 'calls_converted', 'appointments_booked',
      'appointments_scheduled', 'appointments_completed', 'no_shows', 'cancellations', 'revenue_cents', 'new_customers', 'returning_customers',
    ] as const) {
      expect(total(name), name).toBeGreaterThan(0);
    }
    const answerRate = total('calls_answered') / (total('calls_answered') + total('calls_missed'));
    expect(answerRate).toBeGreaterThan(0.6);
    expect(answerRate).toBeLessThan(0.95);
    for (const week of metrics.weeks.filter((w) => w.complete)) {
      expect(week.answer_rate, week.week_start).toBeGreaterThan(0.6);
      expect(week.answer_rate, week.week_start).toBeLessThan(0.95);
      expect(week.calls_total, week.week_start).toBeGreaterThan(60);
      expect(week.avg_call_duration_sec, week.week_start).toBeGreaterThan(30);
    }
    const scheduled = total('appointments_scheduled');
    expect(total('no_shows') / scheduled).toBeGreaterThan(0.02);
    expect(total('no_shows') / scheduled).toBeLessThan(0.12);
    expect(total('cancellations') / scheduled).toBeGreaterThan(0.04);
    expect(total('cancellations') / scheduled).toBeLessThan(0.16);
    expect(total('calls_after_hours') / total('calls_total')).toBeLessThan(0.35);
  });

  it('leaves appointments after now scheduled and gives past ones an outcome', () => {
    const salon = open(first);
    try {
      const future = salon.appointments({ from: new Date(NOW).toISOString(), limit: 1000 });
      expect(future.total).toBeGreaterThan(0);
      expect(future.items.every((a) => a.status === 'scheduled')).toBe(true);
      // Anything that started more than a day ago has its outcome.
      expect(salon.appointments({ to: new Date(NOW - 86_400_000).toISOString(), status: 'scheduled' }).total).toBe(0);
      // No call after now.
      expect(salon.calls({ from: new Date(NOW + 1).toISOString() }).total).toBe(0);
    } finally {
      salon.close();
    }
  });

  it('books during calls (linked, days ahead) and takes walk-ins (same day, no call)', () => {
    const salon = open(first);
    try {
      const items = salon.appointments({ limit: 1000 }).items;
      const byCall = items.filter((a) => a.call_sid);
      expect(byCall.length).toBeGreaterThan(100);
      const sample = byCall[0]!;
      const call = salon.call(sample.call_sid!);
      expect(call.status).toBe('answered');
      expect(Date.parse(sample.booked_at)).toBeGreaterThanOrEqual(Date.parse(call.started_at));
      expect(Date.parse(sample.booked_at)).toBeLessThanOrEqual(Date.parse(call.ended_at!));
      expect(byCall.filter((a) => Date.parse(a.start) - Date.parse(a.booked_at) > 86_400_000).length / byCall.length).toBeGreaterThan(0.7);

      const walkIns = items.filter((a) => a.notes === 'walk-in');
      expect(walkIns.length).toBeGreaterThan(10);
      for (const a of walkIns) {
        expect(a.call_sid).toBeNull();
        expect(Date.parse(a.start) - Date.parse(a.booked_at)).toBeLessThan(3_600_000);
      }
      // Prices default from the catalogue.
      const prices = new Map(salon.services.list().map((s) => [s.name, s.price_cents]));
      expect(items.every((a) => a.price_cents === prices.get(a.service))).toBe(true);
      expect(new Set(items.map((a) => a.service)).size).toBeGreaterThanOrEqual(5);
    } finally {
      salon.close();
    }
  });

  it('makes customers with names, Chicago numbers and some emails, and remembers the time zone', () => {
    const salon = new Salon(first, { clock: new ManualClock(NOW) });
    try {
      expect(salon.settings().timezone).toBe(ZONE);
      const customers = salon.customers({ limit: 1000 }).items;
      const chicago = customers.filter((c) => /^\+1(312|773|872)\d{7}$/.test(c.phone ?? ''));
      expect(chicago.length / customers.length).toBeGreaterThan(0.9);
      expect(customers.filter((c) => c.email).length).toBeGreaterThan(100);
      expect(customers.filter((c) => c.name && /^[A-Z][a-z'-]+ [A-Z][A-Za-z'-]+$/.test(c.name)).length).toBeGreaterThan(500);
    } finally {
      salon.close();
    }
  });

  it('gives the same figures for the same seed and different ones for another seed', () => {
    const again = join(dir, 'seed1-again.db');
    const other = join(dir, 'seed2.db');
    const same = generateDemoData({ dbPath: again, weeks: WEEKS, seed: 1, now: NOW });
    generateDemoData({ dbPath: other, weeks: WEEKS, seed: 2, now: NOW });
    expect(metricsOf(again)).toEqual(metrics);
    expect({ ...same, dbPath: '', elapsedMs: 0 }).toEqual({ ...summary, dbPath: '', elapsedMs: 0 });
    expect(metricsOf(other)).not.toEqual(metrics);
  });

  it('refuses a database that already holds events, and a file that is not a salon database', () => {
    expect(() => generateDemoData({ dbPath: first, weeks: 1, now: NOW })).toThrow(DemoDataError);
    expect(() => generateDemoData({ dbPath: first, weeks: 1, now: NOW })).toThrow(/already holds \d+ recorded events/);
    const junk = join(dir, 'not-a-db.db');
    writeFileSync(junk, 'hello, this is not SQLite at all, just some text long enough to look like a file');
    expect(() => generateDemoData({ dbPath: junk, weeks: 1, now: NOW })).toThrow(/cannot read .* as a SQLite database/);
    expect(() => generateDemoData({ dbPath: join(dir, 'missing', 'x.db'), weeks: 1, now: NOW })).toThrow(/does not exist/);
    expect(() => generateDemoData({ dbPath: join(dir, 'w.db'), weeks: 0, now: NOW })).toThrow(/weeks must be/);
    expect(() => generateDemoData({ dbPath: join(dir, 'w.db'), timezone: 'Mars/Olympus', now: NOW })).toThrow(/IANA/);
  });
});

describe('the seeded PRNG', () => {
  it('repeats itself for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('npm run demo-data', () => {
  it('prints a one-line summary with counts, time and size', async () => {
    const db = join(dir, 'cli.db');
    const child = runCli('demo-data', ['--db', db, '--weeks', '2', '--seed', '3']);
    expect(await child.exited(20_000)).toBe(0);
    const out = child.stdout().trim();
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toMatch(/^demo data: 2 weeks .* \(America\/Chicago, seed 3\): [\d,]+ customers, [\d,]+ calls \([\d,]+ missed, [\d,]+ after hours\), [\d,]+ appointments .* in [\d.]+ s; .*cli\.db [\d.]+ MB$/);
  });

  it('explains bad flags and exits 1', async () => {
    const child = runCli('demo-data', ['--weeks', 'ten']);
    expect(await child.exited(20_000)).toBe(1);
    expect(child.stderr()).toMatch(/error: --db PATH is required/);
    const bad = runCli('demo-data', ['--db', join(dir, 'bad.db'), '--weeks', 'ten']);
    expect(await bad.exited(20_000)).toBe(1);
    expect(bad.stderr()).toMatch(/error: --weeks must be a whole number, not "ten"/);
  });
});
