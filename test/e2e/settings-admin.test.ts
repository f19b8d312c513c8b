/**
 * Settings → Backups, Import & export and the webhook listener, in the web dashboard over the
 * real headless server: a backup made with backupNow is listed; restoring answers the 409
 * that tells the exact command; a Square-style CSV chosen as a file is previewed (its rows as
 * mapped, a rejected row's reason), imported with skip-invalid while the progress bar follows
 * the `import.progress` messages to 100%, and its customers show on the Customers tab; an
 * export link downloads a CSV with a known customer. Then, in a process that provides the
 * restore and listener hooks (as the desktop app's main process does) and asks for a token:
 * the listener form, a confirmed restore, and an export saved from a Blob.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ListenerView } from '../../electron/contract/index.js';
import { resolveConfig } from '../../electron/config/config.js';
import { startServer, type RunningServer } from '../../electron/server/start.js';
import { cleanEnv } from '../support/child.js';
import { HAVE_CHROMIUM, SALON_ZONE, openDashboard, openTab, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

const SQUARE_CUSTOMERS = [
  'Reference ID,First Name,Last Name,Email Address,Phone Number,Nickname,Memo,Square Customer ID,Creation Source,First Visit,Creation Date',
  ',Ana,Ruiz,ana@example.com,(312) 555-0101,,Prefers Maria,SQC1,Appointments,2025-01-04,2025-01-02',
  ',Bad,Number,,call me maybe,,,SQC9,Directory,,2025-06-30',
  ',Iris,Jones,,312 555 0190,,,SQC2,Directory,,2025-06-30',
  '',
].join('\n');

async function settle(page: Page) {
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0 && !document.querySelector('main[aria-busy="true"]'));
}

describe.skipIf(!HAVE_CHROMIUM)('Settings: backups, import and export, the listener (headless)', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;
  let firstBackup: { file: string; path: string };

  beforeAll(async () => {
    server = await startE2eServer();
    const made = await server.api('POST', '/salon/backups', {});
    expect(made.status).toBe(200);
    firstBackup = made.body.backup;
    ui = await openDashboard(server.url);
    page = ui.page;
    await page.setViewportSize({ width: 1280, height: 1500 });
    await openTab(page, 'Settings', 'settings');
    await settle(page);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('Backups: lists the backup made with backupNow as the last one; "Back up now" makes a newer one (retention keeps one a day)', async () => {
    const section = page.locator('[data-section="backups"]');
    await section.locator(`tr[data-backup="${firstBackup.file}"]`).waitFor();
    expect(await section.getByTestId('last-backup').textContent()).toMatch(/KB|MB|B$/);
    expect(await section.locator('code').first().textContent()).toBe(join(server.dir, 'backups'));
    await section.getByRole('button', { name: 'Back up now' }).click();
    const status = section.getByRole('status').filter({ hasText: 'Backed up to' });
    await status.waitFor();
    // The retention rule keeps one backup a day (7 daily, 4 weekly, 12 monthly): the newer one replaces today's.
    const listed = (await server.api('GET', '/salon/backups')).body;
    expect(listed.backups).toHaveLength(1);
    expect(listed.last.file).not.toBe(firstBackup.file);
    expect(await status.textContent()).toContain(`Backed up to ${listed.last.file}`);
    expect(await status.textContent()).toContain('removed 1 older backup');
    await section.locator(`tr[data-backup="${listed.last.file}"]`).waitFor();
    expect(await section.locator('tr[data-backup]').count()).toBe(1);
    firstBackup = listed.last;
  });

  it('Backups: "Restore…" asks first, then shows the 409 with the command to run after stopping the server', async () => {
    const section = page.locator('[data-section="backups"]');
    await section.locator(`tr[data-backup="${firstBackup.file}"]`).getByRole('button', { name: 'Restore…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    const alert = section.locator('.error[data-status="409"]');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('Stop the server');
    expect(text).toContain(`npm run restore -- ${firstBackup.path} --db ${server.dbPath}`);
    // Nothing was restored: the server still answers from the same database.
    expect((await server.api('GET', '/health')).body.db).toBe('ok');
  });

  it('the listener: headless, it says to set --port / SALON_WEBHOOK_TOKEN and restart, and generates a 32-character token', async () => {
    const webhook = page.locator('[data-section="webhook"]');
    expect(await webhook.getByTestId('listener-note').textContent()).toMatch(/--port.*SALON_WEBHOOK_TOKEN.*restart/);
    await webhook.getByRole('button', { name: 'Generate token' }).click();
    expect(await webhook.getByTestId('generated-token').textContent()).toMatch(/^[A-Za-z0-9]{32}$/);
    const put = await server.api('PUT', '/salon/listener', { port: 5999 });
    expect(put.status).toBe(409);
  });

  it('Import: previews a Square file (rows as mapped, the rejected row and why), imports with skip-invalid to 100%, and the customers appear', async () => {
    const file = join(server.dir, 'square-customers.csv');
    writeFileSync(file, SQUARE_CUSTOMERS);
    const section = page.locator('[data-section="import-export"]');
    await section.locator('input[type="file"]').setInputFiles(file);
    await section.getByLabel('Source').selectOption('square');
    await section.getByRole('button', { name: 'Preview' }).click();
    const preview = section.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.locator('[data-count="rows"]').textContent()).toBe('3');
    expect(await preview.locator('[data-count="accepted"]').textContent()).toBe('2');
    expect(await preview.locator('[data-count="rejected"]').textContent()).toBe('1');
    const rows = preview.locator('table.preview-rows tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('Ana Ruiz');
    expect(await rows.nth(1).textContent()).toContain('Iris Jones');
    const rejected = preview.locator('table.rejections tr[data-rejected-row="2"]');
    expect(await rejected.locator('code').textContent()).toBe('call me maybe');
    const reason = (await rejected.locator('td.reason').textContent()) ?? '';
    expect(reason.length).toBeGreaterThan(5);
    // The preview stored nothing.
    expect((await server.api('GET', '/salon/customers')).body.total).toBe(0);

    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-admin');

    await section.getByLabel('Skip rejected rows (import the others)').check();
    await section.getByRole('button', { name: 'Import', exact: true }).click();
    const bar = section.getByTestId('import-progress');
    await section.locator('[data-testid="import-progress"][aria-valuenow="100"]').waitFor();
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    await section.getByTestId('import-result').waitFor();
    expect(await section.getByTestId('import-result').textContent()).toMatch(/Imported 2 rows: 2 new customers; 1 rejected row skipped/);
    // The bar followed the live import.progress messages (the last one: done).
    await expect.poll(async () => Number(await section.locator('.import-progress').getAttribute('data-messages'))).toBeGreaterThan(0);
    expect(await section.locator('.import-progress').getAttribute('data-phase')).toBe('done');
    await screenshot(page, 'settings-admin-imported');

    await openTab(page, 'Customers', 'customers');
    const list = page.locator('.customer-list');
    await list.waitFor();
    expect(await list.getAttribute('data-total')).toBe('2');
    expect(await list.textContent()).toContain('Ana Ruiz');
    expect(await list.textContent()).toContain('Iris Jones');
  });

  it('Export: the customers link downloads a CSV with a known customer', async () => {
    await openTab(page, 'Settings', 'settings');
    await settle(page);
    const link = page.locator('a.export-link[data-export="customers"]');
    expect(await link.getAttribute('href')).toBe(`${server.url}/salon/export/customers.csv`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^salon-customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^customer_id,name,phone/);
    expect(csv).toContain('Ana Ruiz');
    expect(csv).toContain('+13125550101');
    expect(ui.problems).toEqual([]);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('Settings where the process provides the restore and listener hooks (as the desktop app does), with a token', { timeout: 60_000 }, () => {
  const TOKEN = 'settings-admin-token-0123456789';
  let dir: string;
  let running: RunningServer;
  let ui: E2eBrowser;
  let page: Page;
  const restored: string[] = [];
  const changes: unknown[] = [];
  let view: ListenerView;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'salon-e2e-hooks-'));
    const { config } = resolveConfig(['--db', join(dir, 'salon.db'), '--port', '0', '--timezone', SALON_ZONE, '--token', TOKEN], cleanEnv(), dir);
    running = await startServer(config, {}, {
      restore: async (path) => {
        restored.push(path);
        return { ok: true, restored_from: path, set_aside: join(dir, 'salon.before-restore.db'), relaunching: true };
      },
      listener: () => view,
      updateListener: async (change) => {
        changes.push(change);
        view = { ...view, port: change.port ?? view.port, token_set: change.webhook_token === undefined ? view.token_set : change.webhook_token !== '' };
        return view;
      },
    });
    view = { editable: true, port: Number(new URL(running.url).port), url: `${running.url}/salon/call`, token_set: true, fixed: [], note: null };
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const booked = await fetch(`${running.url}/salon/appointment`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ appointment_id: 'hooks-1', customer: { name: 'Mara Quinn', phone: '+13125550177' }, service: 'Haircut', start: '2026-03-05T10:00:00-06:00' }),
    });
    expect(booked.status).toBe(200);
    expect((await fetch(`${running.url}/salon/backups`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(200);

    ui = await openDashboard(running.url);
    page = ui.page;
    await page.setViewportSize({ width: 1280, height: 1500 });
    const dialog = page.getByRole('dialog', { name: 'This salon server asks for its token' });
    await dialog.getByLabel('Token').fill(TOKEN);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await openTab(page, 'Settings', 'settings');
    await settle(page);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
    await running?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the listener form: a bad port is refused, a port with a generated token is applied', async () => {
    const form = page.getByRole('form', { name: 'Webhook listener' });
    await form.waitFor();
    await form.getByLabel('Port (1024–65535)').fill('80');
    await form.getByRole('button', { name: 'Save and listen again' }).click();
    expect(await form.locator('.error[data-status="400"]').textContent()).toContain('port');
    expect(changes).toEqual([]);

    await form.getByLabel('Port (1024–65535)').fill('6123');
    await form.getByRole('button', { name: 'Generate token' }).click();
    const token = await form.getByLabel('New webhook token (at least 16 characters)').inputValue();
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    await form.getByRole('button', { name: 'Save and listen again' }).click();
    await form.getByRole('status').filter({ hasText: 'Listening on' }).waitFor();
    expect(changes).toEqual([{ port: 6123, webhook_token: token }]);
    expect(await form.getByLabel('Port (1024–65535)').inputValue()).toBe('6123');
  });

  it('Restore… (after the confirmation) hands the backup to the restore hook and says the app restarts', async () => {
    const section = page.locator('[data-section="backups"]');
    expect(await section.locator('.backups').getAttribute('data-restore')).toBe('app');
    const row = section.locator('tr[data-backup]').first();
    const file = await row.getAttribute('data-backup');
    await row.getByRole('button', { name: 'Restore…' }).click();
    // Cancel first: nothing happens.
    await page.getByRole('dialog', { name: 'Restore this backup?' }).getByRole('button', { name: 'Cancel' }).click();
    expect(restored).toEqual([]);
    await row.getByRole('button', { name: 'Restore…' }).click();
    await page.getByRole('dialog', { name: 'Restore this backup?' }).getByRole('button', { name: 'Restore', exact: true }).click();
    await section.getByRole('status').filter({ hasText: 'The app is restarting' }).waitFor();
    expect(restored).toEqual([join(dir, 'backups', file!)]);
  });

  it('with a token, an export is fetched with the Authorization header and saved from a Blob', async () => {
    const link = page.locator('a.export-link[data-export="appointments"]');
    expect(await link.getAttribute('href')).toBe('#');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.url()).toMatch(/^blob:/);
    expect(download.suggestedFilename()).toMatch(/^salon-appointments-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('Mara Quinn');
    expect(csv).toContain('hooks-1');
    // (The live feed's refusals before the token was typed are expected.)
    expect(ui.problems.filter((p) => !/WebSocket connection/.test(p))).toEqual([]);
  });
});
