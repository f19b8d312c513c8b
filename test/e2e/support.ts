/**
 * What the browser tests share: a real server (startServer over a database file in a fresh
 * folder, on an ephemeral loopback port, serving the built dashboard), a demo history, and
 * Debian's Chromium driven by playwright-core. Nothing here builds the renderer: the suite's
 * global setup did.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { resolveConfig } from '../../electron/config/config.js';
import { startServer, type RunningServer } from '../../electron/server/start.js';
import { cleanEnv, REPO_ROOT, runCli } from '../support/child.js';
import type { Dashboard } from '../../electron/contract/index.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts');
export const SALON_ZONE = 'America/Chicago';
/** The browser's own zone differs from the salon's: every time on the page must still be the salon's. */
export const BROWSER_ZONE = 'Asia/Tokyo';

if (!HAVE_CHROMIUM) {
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

export interface E2eServer {
  url: string;
  port: number;
  dbPath: string;
  dir: string;
  running: RunningServer | null;
  token: string | undefined;
  /** JSON request to the server (with the token when there is one). */
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  dashboard(week?: string): Promise<Dashboard>;
  /** Stops listening and closes the database; the folder stays for a restart. */
  stop(): Promise<void>;
  /** Listens again on the same port over the same database. */
  restart(): Promise<void>;
  /** Stops and removes the folder. */
  dispose(): Promise<void>;
}

/** Fills a fresh database with `npm run demo-data` (weeks of realistic history ending this week). */
export async function demoDatabase(dir: string, weeks = 6, seed = 11): Promise<string> {
  const dbPath = join(dir, 'demo.db');
  const child = runCli('demo-data', ['--db', dbPath, '--weeks', String(weeks), '--seed', String(seed), '--timezone', SALON_ZONE], cleanEnv());
  const code = await child.exited(60_000);
  if (code !== 0) throw new Error(`demo-data failed (${code}): ${child.stderr()} ${child.stdout()}`);
  return dbPath;
}

export async function startE2eServer(options: { demo?: boolean; token?: string; weeks?: number } = {}): Promise<E2eServer> {
  const dir = mkdtempSync(join(tmpdir(), 'salon-e2e-'));
  const dbPath = options.demo ? await demoDatabase(dir, options.weeks) : join(dir, 'salon.db');
  const argv = ['--db', dbPath, '--port', '0', '--timezone', SALON_ZONE, ...(options.token ? ['--token', options.token] : [])];
  // The working directory is the fresh folder, so no .env of the developer's applies.
  const { config } = resolveConfig(argv, cleanEnv(), dir);
  let running: RunningServer | null = await startServer(config);
  const port = Number(new URL(running.url).port);
  const url = running.url;
  const server: E2eServer = {
    url,
    port,
    dbPath,
    dir,
    token: options.token,
    get running() {
      return running;
    },
    async api(method, path, body) {
      const res = await fetch(url + path, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async dashboard(week) {
      const { status, body } = await server.api<Dashboard>('GET', `/salon/dashboard${week ? `?week=${week}` : ''}`);
      if (status !== 200) throw new Error(`GET /salon/dashboard answered ${status}`);
      return body;
    },
    async stop() {
      await running?.close();
      running = null;
    },
    async restart() {
      const again = resolveConfig(['--db', dbPath, '--port', String(port), '--timezone', SALON_ZONE, ...(options.token ? ['--token', options.token] : [])], cleanEnv(), dir);
      running = await startServer(again.config);
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

export interface E2eBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Page errors, failed scripts and Content-Security-Policy violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Chromium on the dashboard. `height`: the window's (a laptop's 720 for the "no scrolling" checks;
 * 900 by default); `connected`: returns once the live feed is open.
 */
export async function openDashboard(url: string, options: { hash?: string; height?: number; connected?: boolean } = {}): Promise<E2eBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: options.height ?? 900 }, locale: 'en-US', timezoneId: BROWSER_ZONE });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
    // A 4xx is an answer the page shows (a refused input, insights not there yet), not a fault.
    else if (message.type() === 'error' && !/status of 4\d\d/.test(text)) problems.push(`console error: ${text}`);
  });
  await page.goto(url + '/' + (options.hash ?? ''));
  if (options.connected) await page.locator('[data-connection="open"]').waitFor();
  return {
    browser,
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

/** Saves a screenshot under test/artifacts/ (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Opens a tab by clicking it, as the desk would, and waits until its first panel shows. */
export async function openTab(page: Page, label: string, id: string): Promise<void> {
  await page.getByRole('tab', { name: label, exact: true }).click();
  await page.locator(`main[data-tab="${id}"] .panel`).first().waitFor();
}

/** Every metric card on the page: figure name → the number it holds and the text it shows. */
export async function readCards(page: Page, scope = 'main'): Promise<Record<string, { value: number; text: string; growth: string | null }>> {
  return page.locator(`${scope} .card[data-figure]`).evaluateAll((cards) =>
    Object.fromEntries(
      cards.map((card) => [
        card.getAttribute('data-figure')!,
        {
          value: Number(card.querySelector('.card-value')!.getAttribute('data-value')),
          text: card.querySelector('.card-value')!.textContent!.trim(),
          growth: card.querySelector('.card-change')?.getAttribute('data-growth') ?? null,
        },
      ]),
    ),
  );
}

/** Waits until a card shows a value (the live feed updates it without a reload). */
export async function waitForCard(page: Page, figure: string, value: number, timeout = 3000): Promise<void> {
  await page.locator(`main .card[data-figure="${figure}"] .card-value[data-value="${value}"]`).first().waitFor({ timeout });
}
