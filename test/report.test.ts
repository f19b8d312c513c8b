import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { ManualClock } from '../electron/core/clock.js';
import { generateDemoData } from '../electron/demo/generate.js';
import { money, pct } from '../electron/core/insights/stats.js';
import { WeeklyScheduler } from '../electron/scheduler/scheduler.js';
import { ManualTimer } from '../electron/scheduler/timer.js';
import type { WeeklyRow } from '../electron/contract/index.js';
import { startTestServer, type TestServer } from './support/server.js';

const CHROMIUM = '/usr/bin/chromium';
// Wednesday 2026-11-25 12:00 Chicago: the last complete week is the one of Monday 2026-11-16.
const NOW = Date.parse('2026-11-25T18:00:00Z');
const WEEK = '2026-11-16';
const ARTIFACTS = join(import.meta.dirname, 'artifacts');

describe.skipIf(!existsSync(CHROMIUM))('the weekly HTML report of a demo week, in Chromium', () => {
  let dir: string;
  let server: TestServer;
  let browser: Browser;
  let reportsDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'salon-report-'));
    const dbPath = join(dir, 'salon.db');
    generateDemoData({ dbPath, weeks: 12, seed: 11, now: NOW, timezone: 'America/Chicago' });
    const clock = new ManualClock(NOW);
    server = await startTestServer({ clock, dbPath });
    reportsDir = join(dir, 'reports');
    // The scheduler writes the reports, as it does every Monday.
    const closed = new WeeklyScheduler(server.salon, { reportsDir, timer: new ManualTimer(clock) }).start();
    expect(closed.map((c) => c.week)).toContain(WEEK);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders with figures equal to the API\'s, four SVG charts, the insights and recommendations; a screenshot is saved', async () => {
    const file = join(reportsDir, `weekly-report-${WEEK}.html`);
    const html = readFileSync(file, 'utf8');
    // Self-contained: no script, no external stylesheet, image or font.
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('main').getAttribute('data-week')).toBe(WEEK);

    const metrics = await server.request('GET', `/salon/metrics/weekly?weeks_back=1&until=${WEEK}`);
    const api = metrics.body.weeks[0] as WeeklyRow;
    expect(api.week_start).toBe(WEEK);
    const cards = await page.locator('.card[data-figure]').evaluateAll((els) =>
      els.map((e) => ({ name: e.getAttribute('data-figure')!, value: Number(e.getAttribute('data-value')), text: e.querySelector('.value')!.textContent })),
    );
    expect(cards.length).toBe(12);
    for (const card of cards) {
      const value = api[card.name as keyof WeeklyRow] as number;
      expect(card.value, card.name).toBe(value);
      const shown = card.name === 'revenue_cents' ? money(value) : card.name.endsWith('_rate') ? pct(value, 1) : String(value);
      expect(card.text, card.name).toBe(shown);
    }
    const dashboard = await server.request('GET', `/salon/dashboard?week=${WEEK}`);
    expect(dashboard.body.figures.revenue_cents).toBe(api.revenue_cents);
    // A rate's change is in percentage points, not a percentage of a percentage.
    const answerRateChange = await page.locator('.card[data-figure="answer_rate"] .delta').textContent();
    const points = Math.round((api.answer_rate - dashboard.body.previous.figures.answer_rate) * 1000) / 10;
    expect(answerRateChange).toBe(points === 0 ? '±0 pts' : `${points > 0 ? '▲' : '▼'} ${Math.abs(points).toFixed(1)} pts`);
    expect(await page.locator('td[data-figure="revenue_cents"]').textContent()).toBe(money(api.revenue_cents));
    const estimate = Math.round(api.calls_missed * api.conversion_rate * api.revenue_per_appointment_cents);
    expect(await page.locator('td[data-figure="missed_call_cost_cents"]').textContent()).toBe(money(estimate));
    const recovered = await server.request('GET', `/salon/callbacks?week=${WEEK}`);
    expect(await page.locator('td[data-figure="recovered_revenue_cents"]').textContent()).toBe(money(recovered.body.recovered.recovered_revenue_cents));

    // Four charts, drawn: each SVG has a size and its bars or lines.
    const charts = await page.locator('svg.chart').evaluateAll((els) =>
      els.map((e) => ({ w: e.getBoundingClientRect().width, h: e.getBoundingClientRect().height, marks: e.querySelectorAll('rect, polyline').length })),
    );
    expect(charts).toHaveLength(4);
    for (const c of charts) {
      expect(c.w).toBeGreaterThan(200);
      expect(c.h).toBeGreaterThan(60);
      expect(c.marks).toBeGreaterThan(1);
    }

    // The insights and recommendations are the API's.
    const insights = await server.request('GET', `/salon/insights?week=${WEEK}`);
    expect(insights.body.findings.length).toBeGreaterThan(3);
    expect(await page.locator('.finding h3').allTextContents()).toEqual(insights.body.findings.map((f: { title: string }) => f.title));
    const recs = await page.locator('ol.recs li').allTextContents();
    expect(recs).toEqual(insights.body.recommendations.map((r: { priority: string; text: string }) => `${r.priority}${r.text}`));

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'weekly-report.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'weekly-report.png'))).toBe(true);

    // It prints: A4 pages, nothing wider than the page.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.setViewportSize({ width: 718, height: 1000 }); // A4 less 14 mm margins, at 96 dpi
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(718);
    await page.close();
  });

  it('GET /salon/reports/:week.html and .csv serve the same report as the files written by the scheduler', async () => {
    const htmlRes = await fetch(`${server.url}/salon/reports/${WEEK}.html`);
    expect(htmlRes.status).toBe(200);
    expect(htmlRes.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await htmlRes.text()).toBe(readFileSync(join(reportsDir, `weekly-report-${WEEK}.html`), 'utf8'));

    const csvRes = await fetch(`${server.url}/salon/reports/${WEEK}.csv`);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await csvRes.text();
    expect(csv).toBe(readFileSync(join(reportsDir, `weekly-report-${WEEK}.csv`), 'utf8'));
    const rows = csv.trim().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['week_start', 'timezone', 'figure', 'value', 'last_week', 'growth']);
    const api = (await server.request('GET', `/salon/metrics/weekly?weeks_back=1&until=${WEEK}`)).body.weeks[0] as WeeklyRow;
    for (const [week, zone, name, value] of rows.slice(1)) {
      expect([week, zone]).toEqual([WEEK, 'America/Chicago']);
      expect(Number(value), name).toBe(api[name as keyof WeeklyRow]);
    }
    expect(rows).toHaveLength(22);

    expect((await fetch(`${server.url}/salon/reports/last-week.pdf`)).status).toBe(404);
  });
});
