/**
 * An axe-core scan of every tab, on a demo salon at 1280×720: no serious or critical
 * accessibility violation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../support/child.js';
import { HAVE_CHROMIUM, openDashboard, openTab, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

const AXE = readFileSync(join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const TABS = [
  ['Overview', 'overview'],
  ['Calls', 'calls'],
  ['Appointments', 'appointments'],
  ['Customers', 'customers'],
  ['Growth & Insights', 'growth'],
  ['Settings', 'settings'],
] as const;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describe.skipIf(!HAVE_CHROMIUM)('accessibility of every tab (axe-core)', { timeout: 120_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer({ demo: true, weeks: 4 });
    ui = await openDashboard(server.url, { height: 720, connected: true });
    page = ui.page;
    await page.evaluate(AXE);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it.each(TABS)('%s has no serious or critical violation', async (label, id) => {
    await openTab(page, label, id);
    await page.waitForFunction(() => !document.querySelector('main [role="status"][aria-busy="true"]'), undefined, { timeout: 20_000 });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) }));
    });
    const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await screenshot(page, `axe-${id}`);
    expect(severe, JSON.stringify(severe, null, 1)).toEqual([]);
  });
});
