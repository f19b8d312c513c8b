/**
 * Every tab of the web dashboard over a demo salon: the figures on the page are the API's,
 * formatted in the salon's time zone and the browser's locale; every card explains itself on
 * hover and on focus; the week picker shows past weeks. Screenshots of each tab go to
 * test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Call, Dashboard, FigureName } from '../../electron/contract/index.js';
import { FIGURES, formatFigure } from '../../renderer/src/figures.js';
import { addDays, makeFormatter, instantToWall } from '../../renderer/src/format.js';
import { HAVE_CHROMIUM, SALON_ZONE, openDashboard, openTab, readCards, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

const fmt = makeFormatter(SALON_ZONE, 'US', 'en-US');
/** Node's ICU and Chromium's may differ in the kind of space they put in a range or before AM/PM. */
const norm = (text: string | null) => (text ?? '').replace(/\s/g, ' ');

/** Each card shows the API's number, formatted, and the API's week-over-week change. */
function expectCardsMatch(cards: Awaited<ReturnType<typeof readCards>>, d: Dashboard, expected: FigureName[]) {
  expect(Object.keys(cards).sort()).toEqual([...new Set(expected)].sort());
  for (const [name, card] of Object.entries(cards) as [FigureName, (typeof cards)[string]][]) {
    expect(card.value, name).toBe(d.figures[name]);
    expect(norm(card.text), name).toBe(norm(formatFigure(name, d.figures[name], fmt)));
    expect(card.growth, `${name} growth`).toBe(d.growth[name] === null ? '' : String(d.growth[name]));
  }
}

async function settle(page: Page) {
  // Lazy tabs, then their data: wait until nothing on the page is loading.
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0 && !document.querySelector('main[aria-busy="true"]'));
}

describe.skipIf(!HAVE_CHROMIUM)('the dashboard tabs over a demo salon', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;
  let d: Dashboard;

  beforeAll(async () => {
    server = await startE2eServer({ demo: true, weeks: 6 });
    ui = await openDashboard(server.url);
    page = ui.page;
    await page.locator('main[data-tab="overview"] .card[data-figure]').first().waitFor();
    d = await server.dashboard();
    expect(d.figures.calls_total).toBeGreaterThan(0);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('serves the page under a strict Content-Security-Policy', async () => {
    const res = await fetch(server.url + '/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
  });

  it('Overview: every card is the API figure with its change, and the live state shows', async () => {
    await settle(page);
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('open');
    expectCardsMatch(await readCards(page), d, [
      'calls_total', 'calls_answered', 'calls_missed', 'answer_rate', 'appointments_booked', 'appointments_completed', 'revenue_cents', 'conversion_rate',
      'customers_served', 'new_customers', 'returning_customers', 'retention_rate',
    ]);
    expect(await page.getByTestId('week-range').getAttribute('data-week-start')).toBe(d.week.start);
    // The direction of the change: an arrow and words ("up 12%, better").
    const calls = page.locator('main .card[data-figure="calls_total"] .card-change');
    const g = d.growth.calls_total;
    if (g !== null && g !== 0) await expect.poll(() => calls.textContent()).toContain(g > 0 ? 'up' : 'down');
    await screenshot(page, 'tab-overview');
  });

  it('every card tells its definition and its week on hover and on keyboard focus', async () => {
    const card = page.locator('main .card[data-figure="retention_rate"]');
    const tipId = await card.getAttribute('aria-describedby');
    const tip = page.locator(`[id="${tipId}"]`);
    expect(await tip.isVisible()).toBe(false);
    await card.hover();
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toContain(FIGURES.retention_rate.definition);
    expect(norm(await tip.textContent())).toContain(norm(`Week of ${fmt.weekRange(d.week.start, d.week.end)}`));
    await screenshot(page, 'overview-tooltip');
    await page.mouse.move(0, 0);
    await tip.waitFor({ state: 'hidden' });
    // Cards do nothing when pressed, so they are not Tab stops; focused (a click, a screen reader), the tip shows.
    const answer = page.locator('main .card[data-figure="answer_rate"]');
    expect(await answer.getAttribute('tabindex')).toBe('-1');
    await answer.focus();
    const answerTip = page.locator(`[id="${await answer.getAttribute('aria-describedby')}"]`);
    await answerTip.waitFor({ state: 'visible' });
    expect(await answerTip.textContent()).toContain(FIGURES.answer_rate.definition);
    await answer.blur();
  });

  it('Calls: figures, the call-back list, the weekday × hour heat map and the calls, in salon time', async () => {
    await openTab(page, 'Calls', 'calls');
    await settle(page);
    expectCardsMatch(await readCards(page), d, [
      'calls_total', 'calls_answered', 'calls_missed', 'answer_rate', 'calls_after_hours', 'calls_converted', 'conversion_rate', 'avg_call_duration_sec',
    ]);
    expect(await page.locator('table.callbacks tbody tr').count()).toBe(d.callback_list.length);

    // The heat map counts what the call log holds over its 8 weeks, by the salon's weekday and hour.
    const from = addDays(d.week.start, -49);
    const calls: Call[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page1 = await server.api<{ items: Call[]; total: number }>('GET', `/salon/calls?from=${from}&to=${d.week.end}&limit=1000&offset=${offset}`);
      calls.push(...page1.body.items);
      if (calls.length >= page1.body.total) break;
    }
    const inbound = calls.filter((c) => !c.is_test && c.direction === 'inbound');
    expect(Number(await page.locator('table.heatmap').getAttribute('data-total'))).toBe(inbound.length);
    const sample = inbound[0]!;
    const { weekday, hour } = instantToWall(sample.started_at, SALON_ZONE);
    const expectedCell = inbound.filter((c) => {
      const w = instantToWall(c.started_at, SALON_ZONE);
      return w.weekday === weekday && w.hour === hour;
    }).length;
    expect(Number(await page.locator(`td.cell[data-day="${weekday}"][data-hour="${hour}"]`).getAttribute('data-count'))).toBe(expectedCell);
    // Business hours are marked: Monday 10:00 is open, Sunday (closed by default) is not.
    expect(await page.locator('td.cell[data-day="0"][data-hour="10"]').getAttribute('class')).toContain('open');
    expect(await page.locator('td.cell[data-day="6"][data-hour="10"]').getAttribute('class')).not.toContain('open');

    // The newest call of the week, at the salon's time (the browser runs in another zone).
    const week = await server.api<{ items: Call[]; total: number }>('GET', `/salon/calls?from=${d.week.start}&to=${d.week.end}&limit=1`);
    const newest = week.body.items[0]!;
    const row = page.locator('section[data-section="recent-calls"] tbody tr').first();
    expect(await row.getAttribute('data-call-sid')).toBe(newest.call_sid);
    expect(norm(await row.locator('time').textContent())).toBe(norm(fmt.dateTime(newest.started_at)));
    await screenshot(page, 'tab-calls');
  });

  it('Appointments: status breakdown, revenue and averages, and the week’s appointments', async () => {
    await openTab(page, 'Appointments', 'appointments');
    await settle(page);
    expectCardsMatch(await readCards(page), d, [
      'appointments_scheduled', 'appointments_completed', 'no_shows', 'cancellations', 'no_show_rate', 'cancellation_rate', 'appointments_booked',
      'revenue_cents', 'revenue_per_appointment_cents', 'customers_served',
    ]);
    await page.locator('section[data-section="status-breakdown"] .recharts-wrapper > svg.recharts-surface').waitFor();
    const list = await server.api<{ total: number }>('GET', `/salon/appointments?from=${d.week.start}&to=${d.week.end}&limit=1`);
    expect(await page.locator('table.appointments tbody tr[data-appointment-id]').count()).toBe(list.body.total);
    await screenshot(page, 'tab-appointments');
  });

  it('Customers: search, profile with visits, history and notes', async () => {
    await openTab(page, 'Customers', 'customers');
    await settle(page);
    const all = await server.api<{ items: { id: number; name: string | null }[]; total: number }>('GET', '/salon/customers?limit=1');
    expect(Number(await page.locator('ul.customer-list').getAttribute('data-total'))).toBe(all.body.total);
    // Someone with visits: the first completed appointment's customer.
    const done = await server.api<{ items: { customer_id: number; customer_name: string }[] }>('GET', '/salon/appointments?status=completed&limit=1');
    const { customer_id, customer_name } = done.body.items[0]!;
    await page.getByPlaceholder('Search by name, phone or email').fill(customer_name);
    await page.locator('ul.customer-list button', { hasText: customer_name }).first().click();
    const detail = (await server.api('GET', `/salon/customers/${customer_id}`)).body;
    const profile = page.locator(`.profile[data-customer-id="${customer_id}"]`);
    await profile.waitFor();
    const visits = detail.appointments.filter((a: { status: string; is_test: boolean }) => a.status === 'completed' && !a.is_test).length;
    expect(Number(await profile.getByTestId('visits').textContent())).toBe(visits);
    expect(await profile.locator('section[data-section="service-history"] tbody tr').count()).toBe(detail.appointments.length);
    expect(await profile.locator('textarea[name="notes"]').inputValue()).toBe(detail.notes);
    await screenshot(page, 'tab-customers');
  });

  it('Growth & Insights: four 12-week trend charts, and the insights (or when they come)', async () => {
    await openTab(page, 'Growth & Insights', 'growth');
    await settle(page);
    for (const chart of ['Calls', 'Revenue', 'Appointments', 'Conversion']) {
      await page.locator(`.chart[data-chart="${chart}"] .recharts-wrapper > svg.recharts-surface`).waitFor();
    }
    const weekly = await server.api<{ weeks: { revenue_cents: number }[] }>('GET', `/salon/metrics/weekly?weeks_back=12&until=${d.week.start}`);
    expect(weekly.body.weeks).toHaveLength(12);
    // One bar per week with revenue (a week of $0 draws none), and twelve weeks on the axis.
    const withRevenue = weekly.body.weeks.filter((w) => w.revenue_cents > 0).length;
    expect(withRevenue).toBeGreaterThan(0);
    expect(await page.locator('.chart[data-chart="Revenue"] .recharts-bar-rectangle path').count()).toBe(withRevenue);
    const insights = await server.api('GET', '/salon/insights');
    if (insights.status === 404) await page.getByText('Insights come with the weekly close.').waitFor();
    else await page.getByTestId('insights').waitFor();
    await screenshot(page, 'tab-growth');
  });

  it('Settings: webhook URL with a test-call button, hours per weekday, services, intent map', async () => {
    await openTab(page, 'Settings', 'settings');
    await settle(page);
    expect(await page.getByTestId('settings-webhook-url').textContent()).toBe(`${server.url}/salon/call`);
    await page.getByRole('button', { name: 'Send a test call' }).waitFor();
    const settings = (await server.api('GET', '/salon/settings')).body;
    const rows = page.locator('table.hours tbody tr');
    expect(await rows.count()).toBe(7);
    for (let day = 0; day < 7; day += 1) {
      expect(await rows.nth(day).locator('input[type="checkbox"]').isChecked(), `day ${day}`).toBe(settings.business_hours[day] !== null);
    }
    const catalogue = (await server.api('GET', '/salon/services')).body;
    expect(await page.locator('table.services tbody tr[data-service]').count()).toBe(catalogue.services.length + 1);
    expect(await page.locator('table.intents tbody tr').count()).toBe(Object.keys(catalogue.intent_map).length);
    await screenshot(page, 'tab-settings');
  });

  it('the week picker shows a past week with its own figures', async () => {
    await openTab(page, 'Overview', 'overview');
    await page.getByRole('button', { name: 'Previous week' }).click();
    const previous = addDays(d.week.start, -7);
    await page.locator(`[data-testid="week-range"][data-week-start="${previous}"]`).waitFor();
    await settle(page);
    const past = await server.dashboard(previous);
    expect(past.week.complete).toBe(true);
    expectCardsMatch(await readCards(page), past, [
      'calls_total', 'calls_answered', 'calls_missed', 'answer_rate', 'appointments_booked', 'appointments_completed', 'revenue_cents', 'conversion_rate',
      'customers_served', 'new_customers', 'returning_customers', 'retention_rate',
    ]);
    await page.getByRole('button', { name: 'This week' }).click();
    await page.locator(`[data-testid="week-range"][data-week-start="${d.week.start}"]`).waitFor();
    expect(ui.problems).toEqual([]);
  });
});
