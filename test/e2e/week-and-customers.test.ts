/**
 * Issues 14 and 16 in the browser, over a demo salon whose history ends in the week in
 * progress: the cards compare with last week to this point (rates in percentage points), a past
 * week's page is named by its dates, the trend charts draw the week in progress as partial, and
 * the Customers tab sorts, filters by segment and pages. Screenshots go to test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CustomerListItem, Dashboard, Page as ListPage } from '../../electron/contract/index.js';
import { CUSTOMER_SEGMENTS } from '../../electron/contract/segments.js';
import { formatChange } from '../../renderer/src/figures.js';
import { makeFormatter } from '../../renderer/src/format.js';
import { HAVE_CHROMIUM, SALON_ZONE, openDashboard, openTab, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

const fmt = makeFormatter(SALON_ZONE, 'US', 'en-US');
const norm = (text: string | null) => (text ?? '').replace(/\s/g, ' ');

async function settle(page: Page) {
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0 && !document.querySelector('main[aria-busy="true"]'));
}

describe.skipIf(!HAVE_CHROMIUM)('the week in progress and the customer list, in the browser', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;
  let d: Dashboard;

  const listed = async (query: string) => (await server.api<ListPage<CustomerListItem>>('GET', `/salon/customers?${query}`)).body;
  const shownIds = (p: Page) => p.locator('.customer-list li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-customer-id'))));

  beforeAll(async () => {
    server = await startE2eServer({ demo: true, weeks: 6 });
    ui = await openDashboard(server.url);
    page = ui.page;
    await page.locator('main[data-tab="overview"] .card[data-figure]').first().waitFor();
    d = await server.dashboard();
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('Overview: the cards compare with last week to this point, and a rate changes in points', async () => {
    await settle(page);
    expect(d.week.complete).toBe(false);
    expect(norm(await page.locator('section[data-section="overview-figures"] h2').textContent())).toBe('This week’s figures so far');
    for (const name of ['calls_total', 'answer_rate'] as const) {
      const change = page.locator(`main .card[data-figure="${name}"] .card-change`);
      if (d.growth[name] === null) continue;
      const text = norm(await change.textContent());
      expect(text).toContain(`${formatChange(name, d.figures[name], d.previous.figures[name], fmt)} vs last week to this point`);
    }
    const rate = norm(await page.locator('main .card[data-figure="answer_rate"] .card-change').textContent());
    if (d.growth.answer_rate !== null) expect(rate).toMatch(/([+−]\d+\.\d|0\.0) pts vs last week to this point(, better|, worse)?$/);
    await screenshot(page, 'overview-week-in-progress');
  });

  it('a past week and next week are named by their dates, never "This week"', async () => {
    await page.getByRole('button', { name: 'Previous week' }).click();
    const last = await server.dashboard(d.previous.start.slice(0, 10));
    const heading = page.locator('section[data-section="overview-figures"] h2');
    await expect.poll(async () => norm(await heading.textContent())).toBe(norm(`Figures of the week of ${fmt.weekRange(last.week.start, last.week.end)}`));
    expect(await page.locator('main').textContent()).not.toContain('This week');
    expect(norm(await page.locator('main .card[data-figure="calls_total"] .card-change').textContent())).not.toContain('to this point');
    await screenshot(page, 'overview-past-week');
    await page.getByRole('button', { name: 'This week' }).click();
    await expect.poll(async () => norm(await heading.textContent())).toBe('This week’s figures so far');
    // Next week is named by its dates too, as still to come.
    await page.getByRole('button', { name: 'Next week' }).click();
    await expect.poll(async () => norm(await heading.textContent())).toMatch(/^Figures of the week of .+ \(still to come\)$/);
    await page.getByRole('button', { name: 'This week' }).click();
    await expect.poll(async () => norm(await heading.textContent())).toBe('This week’s figures so far');
  });

  it('Growth: the week in progress is drawn dashed (lines) and hatched (bars), labelled "so far"', async () => {
    await openTab(page, 'Growth & Insights', 'growth');
    await settle(page);
    const calls = page.locator('.chart[data-chart="Calls"]');
    await calls.locator('.recharts-wrapper > svg.recharts-surface').waitFor();
    expect(await calls.getAttribute('data-partial-week')).toBe(d.week.start);
    expect(await calls.locator('.so-far path.recharts-curve[stroke-dasharray="5 4"]').count()).toBe(3);
    const ticks = await calls.locator('.recharts-cartesian-axis-tick-value').allTextContents();
    expect(ticks.some((t) => t.includes('(so far)')), ticks.join(' | ')).toBe(true);
    const hatched = page.locator('.chart[data-chart="Revenue"] .recharts-bar-rectangle path[fill^="url(#so-far-hatch"]');
    if (d.figures.revenue_cents > 0) expect(await hatched.count()).toBe(1);
    await calls.scrollIntoViewIfNeeded();
    await screenshot(page, 'growth-week-in-progress');
  });

  it('Customers: sorts by spend and last visit, both ways, with each row showing last visit, visits and spend', async () => {
    await openTab(page, 'Customers', 'customers');
    await settle(page);
    const byName = await listed('sort=name&limit=50');
    expect(await shownIds(page)).toEqual(byName.items.map((c) => c.id));

    await page.locator('select[name="customer-sort"]').selectOption('spend_365d');
    const bySpend = await listed('sort=spend_365d&limit=50');
    await expect.poll(() => shownIds(page)).toEqual(bySpend.items.map((c) => c.id));
    const spends = await page.locator('.customer-facts').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-spend'))));
    expect(spends).toEqual([...spends].sort((a, b) => b - a));
    const top = bySpend.items[0]!;
    expect(norm(await page.locator('.customer-facts').first().textContent())).toBe(
      norm(`Last visit ${fmt.date(top.last_visit_at!)} · ${top.visits} visit${top.visits === 1 ? '' : 's'} · ${fmt.money(top.spend_365d_cents)} in the last year`),
    );
    await screenshot(page, 'customers-by-spend');

    await page.locator('select[name="customer-sort"]').selectOption('last_visit');
    await expect.poll(() => shownIds(page)).toEqual((await listed('sort=last_visit&limit=50')).items.map((c) => c.id));
    await page.locator('button[name="customer-order"]').click();
    await expect.poll(() => page.locator('button[name="customer-order"]').getAttribute('data-order')).toBe('asc');
    await expect.poll(() => shownIds(page)).toEqual((await listed('sort=last_visit&order=asc&limit=50')).items.map((c) => c.id));
  });

  it('Customers: each segment filters the list and tells its definition on hover', async () => {
    await page.locator('select[name="customer-sort"]').selectOption('spend_365d');
    for (const segment of ['vip', 'regular', 'new', 'at_risk', 'lapsed'] as const) {
      const button = page.locator(`.segments button[data-segment="${segment}"]`);
      expect(await button.getAttribute('title')).toBe(CUSTOMER_SEGMENTS[segment].definition);
      await button.click();
      const expected = await listed(`sort=spend_365d&segment=${segment}&limit=50`);
      if (expected.total === 0) await page.locator('.customers-tab .empty, .customers-tab [class*="empty"]').first().waitFor();
      else await expect.poll(() => shownIds(page)).toEqual(expected.items.map((c) => c.id));
      expect(await page.locator('.segment-definition').textContent()).toBe(CUSTOMER_SEGMENTS[segment].definition);
      if (segment === 'vip') {
        await button.hover();
        await screenshot(page, 'customers-vip');
      }
    }
    await page.locator('.segments button[data-segment="all"]').click();
    await expect.poll(() => page.locator('.segment-definition').count()).toBe(0);
  });

  it('Customers: pages through the whole list instead of stopping', async () => {
    await page.locator('select[name="customer-sort"]').selectOption('name');
    const all = await listed('sort=name&limit=1');
    expect(all.total).toBeGreaterThan(50);
    await expect.poll(() => shownIds(page)).toEqual((await listed('sort=name&limit=50')).items.map((c) => c.id));
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(() => page.locator('.pager').getAttribute('data-offset')).toBe('50');
    await expect.poll(() => shownIds(page)).toEqual((await listed('sort=name&limit=50&offset=50')).items.map((c) => c.id));
    expect(norm(await page.locator('.pager [role="status"]').textContent())).toContain(`51–${Math.min(100, all.total)} of ${fmt.count(all.total)} customers`);
    await screenshot(page, 'customers-page-2');
    expect(ui.problems).toEqual([]);
  });
});
