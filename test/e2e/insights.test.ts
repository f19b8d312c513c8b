/**
 * What the weekly close built, on the dashboard over a demo salon: the week's growth goals on
 * Overview (the API's numbers, and live); the ranked call-back list and what it recovered on
 * Calls; insights, recommendations, the due-to-rebook list and the weekly report's links on
 * Growth & Insights; and the reliability flag on the profile, the caller card and the booking
 * form. Screenshots: tab-growth-insights.png, booking-warning.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CallbacksAnswer, CustomerDetail, Dashboard, Insights, OverdueCustomer, Page as ListPage, WeeklyMetrics } from '../../electron/contract/index.js';
import { formatFigure } from '../../renderer/src/figures.js';
import { addDays, makeFormatter, wallToInstant } from '../../renderer/src/format.js';
import { HAVE_CHROMIUM, SALON_ZONE, openDashboard, openTab, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

const fmt = makeFormatter(SALON_ZONE, 'US', 'en-US');
const DAY = 24 * 3600_000;
const FLAKY_PHONE = '+13125559871';

async function settle(page: Page) {
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0 && !document.querySelector('main[aria-busy="true"]'));
}

describe.skipIf(!HAVE_CHROMIUM)('goals, call-backs, insights, reports and reliability on the dashboard', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;
  let d: Dashboard;
  let flaky: CustomerDetail;

  beforeAll(async () => {
    server = await startE2eServer({ demo: true, weeks: 6 });
    // A customer with two no-shows in the last two months: past the default deposit threshold (2).
    const now = Date.now();
    for (const [i, daysAgo] of [40, 12].entries()) {
      const id = `flaky-${i}`;
      const start = new Date(now - daysAgo * DAY).toISOString();
      const booked = await server.api('POST', '/salon/appointment', {
        appointment_id: id,
        customer: { phone: FLAKY_PHONE, name: 'Flo Flaky' },
        service: 'Haircut',
        start,
        timestamp: new Date(now - (daysAgo + 5) * DAY).toISOString(),
      });
      expect(booked.status).toBe(200);
      expect((await server.api('POST', '/salon/appointment', { event: 'no_show', appointment_id: id, timestamp: start })).status).toBe(200);
    }
    // A regular every four weeks, last seen 44 days ago with nothing booked: due to rebook.
    for (const daysAgo of [100, 72, 44]) {
      const id = `regular-${daysAgo}`;
      const start = new Date(now - daysAgo * DAY).toISOString();
      await server.api('POST', '/salon/appointment', { appointment_id: id, customer: { phone: '+13125559873', name: 'Reggie Regular' }, service: 'Hair Color', start, timestamp: new Date(now - (daysAgo + 7) * DAY).toISOString() });
      expect((await server.api('POST', '/salon/appointment', { event: 'completed', appointment_id: id, timestamp: start })).status).toBe(200);
    }
    const found = await server.api<ListPage<{ id: number }>>('GET', `/salon/customers?query=${encodeURIComponent('Flo Flaky')}`);
    flaky = (await server.api<CustomerDetail>('GET', `/salon/customers/${found.body.items[0]!.id}`)).body;
    expect(flaky.reliability).toMatchObject({ no_shows: 2, flagged: true });
    ui = await openDashboard(server.url, { connected: true });
    page = ui.page;
    await page.locator('main[data-tab="overview"] [data-testid="goals"]').waitFor();
    d = await server.dashboard();
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('Overview: the week’s growth goals are the API’s, and follow a completed visit live', async () => {
    await settle(page);
    const goals = d.goals!;
    expect(goals.goals.length).toBe(6);
    const shown = await page.locator('[data-testid="goals"] li[data-goal]').evaluateAll((items) =>
      items.map((li) => ({
        metric: li.getAttribute('data-goal'),
        current: Number(li.getAttribute('data-current')),
        target: Number(li.getAttribute('data-target')),
        progress: li.getAttribute('data-progress'),
        text: li.querySelector('.goal-current')!.textContent,
      })),
    );
    expect(shown).toEqual(
      goals.goals.map((g) => ({ metric: g.metric, current: g.current, target: g.target, progress: g.progress === null ? '' : String(g.progress), text: formatFigure(g.metric, g.current, fmt) })),
    );

    // A visit completed this week moves the revenue goal without a reload (metrics.updated).
    const revenue = goals.goals.find((g) => g.metric === 'revenue_cents')!;
    const start = wallToInstant(d.week.start, '09:30', SALON_ZONE).toISOString();
    await server.api('POST', '/salon/appointment', { appointment_id: 'goal-visit', customer: { phone: '+13125559872', name: 'Gail Goal' }, service: 'Highlights', start, price: 150 });
    await server.api('POST', '/salon/appointment', { event: 'completed', appointment_id: 'goal-visit' });
    await page.locator(`li[data-goal="revenue_cents"][data-current="${revenue.current + 15000}"]`).waitFor({ timeout: 3000 });
    const after = (await server.dashboard()).goals!.goals.find((g) => g.metric === 'revenue_cents')!;
    expect(after.current).toBe(revenue.current + 15000);
    await page.locator('section[data-section="overview-goals"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'overview-goals');
  });

  it('Calls: the ranked call-back list with tiers, reasons and attempts, and what it recovered', async () => {
    await openTab(page, 'Calls', 'calls');
    await settle(page);
    const dash = await server.dashboard();
    const rows = await page.locator('table.callbacks tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ phone: tr.getAttribute('data-phone'), tier: tr.getAttribute('data-tier'), attempts: tr.querySelectorAll('.attempts li').length, reasons: [...tr.querySelectorAll('.reasons li')].map((li) => li.textContent) })),
    );
    expect(rows).toEqual(dash.callback_list.map((e) => ({ phone: e.phone, tier: e.tier, attempts: e.attempts.length, reasons: e.reasons })));
    const { body } = await server.api<CallbacksAnswer>('GET', `/salon/callbacks?week=${dash.week.start}`);
    const recovered = page.getByTestId('recovered');
    expect(Number(await recovered.getAttribute('data-bookings'))).toBe(body.recovered.recovered_bookings);
    expect(Number(await recovered.getAttribute('data-revenue'))).toBe(body.recovered.recovered_revenue_cents);
    expect(await recovered.textContent()).toContain(fmt.money(body.recovered.recovered_revenue_cents));
  });

  it('Growth & Insights: the insights and recommendations are the API’s, with severities and figures', async () => {
    await openTab(page, 'Growth & Insights', 'growth');
    await settle(page);
    const { body: insights } = await server.api<Insights>('GET', '/salon/insights');
    expect(insights.findings.length).toBeGreaterThan(0);
    expect(insights.recommendations.length).toBeGreaterThan(0);
    const box = page.getByTestId('insights');
    expect(await box.getAttribute('data-week')).toBe(insights.week.start);
    const findings = await box.locator('li.finding').evaluateAll((lis) =>
      lis.map((li) => ({
        rule: li.getAttribute('data-rule'),
        severity: li.getAttribute('data-severity'),
        title: li.querySelector('.finding-title')!.textContent,
        detail: li.querySelector('.finding-detail')!.textContent,
        figures: Object.fromEntries([...li.querySelectorAll('.figure')].map((f) => [f.getAttribute('data-key'), f.getAttribute('data-value')])),
      })),
    );
    expect(findings).toEqual(
      insights.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        title: f.title,
        detail: f.detail,
        figures: Object.fromEntries(Object.entries(f.figures).map(([k, v]) => [k, v === null ? '' : String(v)])),
      })),
    );
    const recs = await box.locator('ul.recommendations li').evaluateAll((lis) => lis.map((li) => ({ priority: li.getAttribute('data-priority'), text: li.querySelector('.rec-text')!.textContent })));
    expect(recs).toEqual(insights.recommendations.map((r) => ({ priority: r.priority, text: r.text })));
    // The figures behind a finding open on a click.
    const first = box.locator('li.finding').first();
    await first.locator('summary').click();
    await first.locator('.figure').first().waitFor();
    await screenshot(page, 'tab-growth-insights');
  });

  it('Growth & Insights: the due-to-rebook list is the API’s, and a click opens the customer', async () => {
    const { body: due } = await server.api<ListPage<OverdueCustomer>>('GET', '/salon/customers/due?limit=50');
    expect(due.items.some((o) => o.name === 'Reggie Regular')).toBe(true);
    const ids = await page.locator('table.due tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-customer-id'))));
    expect(ids).toEqual(due.items.map((o) => o.customer_id));
    const top = due.items[0]!;
    await page.locator(`table.due tr[data-customer-id="${top.customer_id}"] button`).click();
    await page.locator(`.profile[data-customer-id="${top.customer_id}"]`).waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe(`#customers/${top.customer_id}`);
  });

  it('the weekly report link opens the selected complete week’s report, whose revenue is the API’s', async () => {
    await openTab(page, 'Growth & Insights', 'growth');
    await settle(page);
    const week = addDays(d.week.start, -7);
    const html = page.locator('a.report-link[data-format="html"]');
    expect(await html.getAttribute('href')).toBe(`${server.url}/salon/reports/${week}.html`);
    const [report] = await Promise.all([ui.context.waitForEvent('page'), html.click()]);
    await report.waitForLoadState('load');
    expect(await report.locator('main').getAttribute('data-week')).toBe(week);
    const { body: metrics } = await server.api<WeeklyMetrics>('GET', `/salon/metrics/weekly?weeks_back=1&until=${week}`);
    const revenue = metrics.weeks[0]!.revenue_cents;
    expect(revenue).toBeGreaterThan(0);
    expect(Number(await report.locator('.card[data-figure="revenue_cents"]').getAttribute('data-value'))).toBe(revenue);
    await report.close();
    // The CSV of the same week.
    const csvHref = await page.locator('a.report-link[data-format="csv"]').getAttribute('href');
    expect(csvHref).toBe(`${server.url}/salon/reports/${week}.csv`);
    const csv = await fetch(csvHref!);
    expect(csv.headers.get('content-type')).toContain('text/csv');
  });

  it('reliability: flagged on the caller card and the profile, and warned about when booking', async () => {
    // The caller card: no-shows and late cancellations from the customer's reliability.
    await server.api('POST', '/salon/call', { event: 'started', call_sid: 'CA-flaky', from: FLAKY_PHONE });
    const card = page.locator('.caller-card[data-call-sid="CA-flaky"]');
    await card.getByTestId('caller-no-shows').waitFor();
    expect(await card.getByTestId('caller-no-shows').textContent()).toBe('2');
    expect(await card.getByTestId('caller-late-cancellations').textContent()).toBe('0');
    expect(await card.getByTestId('reliability-flag').textContent()).toContain(flaky.reliability.warning!);
    await server.api('POST', '/salon/call', { event: 'ended', call_sid: 'CA-flaky', status: 'completed', duration_sec: 60 });

    // The profile.
    await card.getByRole('button', { name: 'Open customer' }).click();
    const profile = page.locator(`.profile[data-customer-id="${flaky.id}"]`);
    await profile.getByTestId('reliability-flag').waitFor();
    expect(await profile.getByTestId('reliability-flag').textContent()).toContain(flaky.reliability.warning!);
    expect(await profile.getByTestId('no-shows').textContent()).toBe('2');
    await card.getByRole('button', { name: 'Dismiss' }).click();

    // Booking: the warning shows once the customer is chosen, and the booking's answer repeats it.
    await openTab(page, 'Appointments', 'appointments');
    await page.getByRole('button', { name: 'Book an appointment' }).click();
    const form = page.locator('dialog.booking-panel form.booking');
    await form.locator('select[name="service"] option').first().waitFor({ state: 'attached' });
    await form.getByLabel('Existing customer').check();
    await form.locator('input[name="customer-search"]').fill('555-9871');
    await form.locator('ul.matches button', { hasText: 'Flo Flaky' }).click();
    const before = form.getByTestId('reliability-flag');
    await before.waitFor();
    expect(await before.textContent()).toBe(`Before booking: ${flaky.reliability.warning}`);
    await form.locator('select[name="service"]').selectOption('Blowout');
    await form.locator('input[name="date"]').fill(addDays(d.week.start, 7));
    await form.locator('input[name="time"]').fill('11:00');
    await screenshot(page, 'booking-warning');
    await form.getByRole('button', { name: 'Book appointment' }).click();
    await form.getByText(/^Booked: Blowout for Flo Flaky/).waitFor();
    const warnings = form.getByTestId('booking-warnings');
    await warnings.waitFor();
    expect(await warnings.textContent()).toContain(flaky.reliability.warning!);
    expect(ui.problems).toEqual([]);
  });
});
