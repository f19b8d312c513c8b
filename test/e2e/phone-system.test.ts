/**
 * Settings → Phone system in the web dashboard, over the real headless server whose Twilio
 * connector talks to a local stand-in of Twilio's REST API: choose the provider, enter the
 * credentials, test them (wrong, then right), save, watch the backfill's progress bar and the
 * state, see an error in words, and never see the token again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { resolveConfig } from '../../electron/config/config.js';
import { startServer, type RunningServer } from '../../electron/server/start.js';
import { cleanEnv } from '../support/child.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioStandIn, twilioCall, type TwilioStandIn } from '../connectors/twilio-stand-in.js';
import { CLIENT_ID, CLIENT_SECRET, JWT, logRecord, sessionBody, startRingCentralStandIn, type RingCentralStandIn } from '../connectors/ringcentral-stand-in.js';
import { API_KEY as DIALPAD_KEY, startDialpadStandIn, type DialpadStandIn } from '../connectors/dialpad-stand-in.js';
import { AMI_SECRET, AMI_USER, inboundCall, startAmiStandIn, type AmiStandIn } from '../connectors/ami-stand-in.js';
import { HAVE_CHROMIUM, SALON_ZONE, openDashboard, openTab, screenshot, type E2eBrowser } from './support.js';

describe.skipIf(!HAVE_CHROMIUM)('Settings → Phone system (headless, Twilio stand-in)', { timeout: 60_000 }, () => {
  let standIn: TwilioStandIn;
  let rc: RingCentralStandIn;
  let dialpad: DialpadStandIn;
  let ami: AmiStandIn;
  let dir: string;
  let server: RunningServer;
  let ui: E2eBrowser;
  let page: Page;
  let section: Locator;

  beforeAll(async () => {
    standIn = await startTwilioStandIn();
    const now = Date.now();
    for (let d = 1; d <= 12; d++) {
      standIn.calls.push(twilioCall({ sid: `CAe2e${d}`, startMs: now - d * 86_400_000, status: d % 3 === 0 ? 'no-answer' : 'completed', durationSec: 40 }));
    }
    rc = await startRingCentralStandIn();
    ami = await startAmiStandIn();
    rc.log.push(logRecord('s-e2e-1', now - 2 * 86_400_000, 'Accepted', 90), logRecord('s-e2e-2', now - 86_400_000, 'Missed', 0));
    dialpad = await startDialpadStandIn();
    dialpad.calls.push({ call_id: 'dp-e2e-1', state: 'hangup', direction: 'inbound', external_number: '+13125550143', date_started: now - 86_400_000, date_ended: now - 86_400_000 + 9_000 });
    dir = mkdtempSync(join(tmpdir(), 'salon-e2e-phone-'));
    const { config } = resolveConfig(
      ['--db', join(dir, 'salon.db'), '--port', '0', '--timezone', SALON_ZONE],
      cleanEnv({ SALON_TWILIO_API_URL: standIn.url, SALON_RINGCENTRAL_API_URL: rc.url, SALON_DIALPAD_API_URL: dialpad.url, SALON_PHONE_POLL_SECONDS: '1' }),
      dir,
    );
    server = await startServer(config);
    ui = await openDashboard(server.url);
    page = ui.page;
    await page.setViewportSize({ width: 1280, height: 1200 });
    await openTab(page, 'Settings', 'settings');
    section = page.locator('[data-section="phone-system"]');
    await section.getByTestId('connector-state').waitFor();
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
    await server?.close();
    await standIn?.close();
    await rc?.close();
    await dialpad?.close();
    await ami?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts off; a wrong token is refused in words by "Test connection"', async () => {
    await section.getByLabel('Provider').selectOption('twilio');
    expect(await section.getByTestId('connector-state').textContent()).toBe('Off');
    await section.getByLabel('Account SID').fill(ACCOUNT_SID);
    await section.getByLabel('Auth Token').fill('not-the-token-0000000000');
    await section.getByRole('button', { name: 'Test connection' }).click();
    const result = section.getByTestId('connector-test');
    await result.waitFor();
    expect(await result.textContent()).toBe('Twilio refused the credentials (401): check the Account SID and Auth Token');
    await screenshot(page, 'phone-system-1-wrong-token');
  });

  it('the right token: the test finds the calls; saved, the backfill shows its progress, then the connector is connected', async () => {
    await section.getByLabel('Auth Token').fill(AUTH_TOKEN);
    await section.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="connector-test"]')?.textContent?.includes('12 calls in the last 30 days'));
    standIn.delayMs = 60;
    await section.getByRole('button', { name: 'Save and connect' }).click();
    const bar = section.getByTestId('connector-backfill');
    await bar.waitFor({ timeout: 10_000 });
    expect(Number(await bar.getAttribute('max'))).toBe(31);
    await screenshot(page, 'phone-system-2-backfill');
    await section.locator('[data-state="ok"]').waitFor({ timeout: 15_000 });
    expect(await section.getByTestId('connector-state').textContent()).toBe('Connected');
    expect(await section.getByTestId('connector-imported').textContent()).toBe('12');
    // Saved credentials come back masked only: the token is nowhere on the page, the inputs are empty.
    expect(await page.content()).not.toContain(AUTH_TOKEN);
    expect(await section.getByLabel('Auth Token').inputValue()).toBe('');
    expect(await section.getByLabel('Auth Token').getAttribute('placeholder')).toBe('saved: f0…ed (32 characters)');
    await screenshot(page, 'phone-system-3-connected');
    standIn.delayMs = 0;
  });

  it('a provider failure shows as an error in words, and the connector recovers by itself', async () => {
    standIn.failAfter(standIn.requests.length);
    await section.locator('[data-state="error"]').waitFor({ timeout: 10_000 });
    expect(await section.getByTestId('connector-error').textContent()).toBe('Twilio answered 500 Internal Server Error');
    await screenshot(page, 'phone-system-4-error');
    standIn.failAfter(null);
    await section.locator('[data-state="ok"]').waitFor({ timeout: 15_000 });
    const calls = await fetch(`${server.url}/salon/calls`).then((r) => r.json() as Promise<{ total: number }>);
    expect(calls.total).toBe(12);
    expect(ui.problems).toEqual([]);
  });

  it('RingCentral: chosen, entered, tested and saved; a test call rings live on the page as the owner makes it', async () => {
    await section.getByLabel('Provider').selectOption('ringcentral');
    await section.locator('[data-connector="ringcentral"][data-state="off"]').waitFor();
    await section.getByLabel('Client ID').fill(CLIENT_ID);
    await section.getByLabel('Client Secret').fill(CLIENT_SECRET);
    await section.getByLabel('JWT credential').fill(JWT);
    await section.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="connector-test"]')?.textContent === 'RingCentral: 2 calls in the last 30 days');
    await section.getByRole('button', { name: 'Save and connect' }).click();
    await section.locator('[data-connector="ringcentral"][data-state="ok"]').waitFor({ timeout: 15_000 });
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    rc.notify(sessionBody('s-e2e-live', 'Setup', { name: 'Owner Mobile', from: '+13125550142' }));
    const card = page.locator('.caller-cards');
    await card.getByText('Owner Mobile').waitFor({ timeout: 5000 });
    await screenshot(page, 'phone-system-5-ringcentral-live-call');
    expect(ui.problems).toEqual([]);
  });

  it('Dialpad: the API key tested and saved, the connector live', async () => {
    await section.getByLabel('Provider').selectOption('dialpad');
    await section.getByLabel('API key').fill(DIALPAD_KEY);
    await section.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="connector-test"]')?.textContent === 'Dialpad: 1 call in the last 30 days');
    await section.getByRole('button', { name: 'Save and connect' }).click();
    await section.locator('[data-connector="dialpad"][data-state="ok"]').waitFor({ timeout: 15_000 });
    expect(await page.content()).not.toContain(DIALPAD_KEY);
  });

  it('the push-only providers are offered with their webhook address and the tunnel it needs', async () => {
    for (const [id, field] of [['aircall', 'Webhook token'], ['quo', 'Signing secret'], ['telnyx', 'Public key'], ['vonage', 'Signature secret']] as const) {
      await section.getByLabel('Provider').selectOption(id);
      await section.getByLabel(field).waitFor();
      expect(await section.getByTestId('webhook-address').textContent()).toBe(`https://<public address>/${id}/webhook`);
    }
    await section.getByLabel('Provider').selectOption('aircall');
    await section.getByLabel('Webhook token').fill('aircall-e2e-token-0123456789');
    await section.getByRole('button', { name: 'Save and connect' }).click();
    await section.locator('[data-connector="aircall"][data-state="ok"]').waitFor({ timeout: 10_000 });
    await screenshot(page, 'phone-system-6-aircall-webhook');
    expect(ui.problems).toEqual([]);
  });

  it('Asterisk / FreePBX and 3CX are offered; Asterisk: a wrong secret is refused in words, the right one connects, and a call rings live', async () => {
    const providers = await section.getByLabel('Provider').locator('option').allTextContents();
    expect(providers).toEqual(expect.arrayContaining(['Asterisk / FreePBX', '3CX']));
    await section.getByLabel('Provider').selectOption('ami');
    await section.locator('[data-connector="ami"][data-state="off"]').waitFor();
    await section.getByLabel('PBX address').fill('127.0.0.1');
    await section.getByLabel('AMI port').fill(String(ami.port));
    await section.getByLabel('AMI user').fill(AMI_USER);
    await section.getByLabel('AMI secret').fill('not-the-secret');
    await section.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="connector-test"]')?.textContent?.startsWith('Asterisk refused the login (Authentication failed)'));
    await section.getByLabel('AMI secret').fill(AMI_SECRET);
    await section.getByRole('button', { name: 'Save and connect' }).click();
    await section.locator('[data-connector="ami"][data-state="ok"]').waitFor({ timeout: 15_000 });
    expect(await page.content()).not.toContain(AMI_SECRET);
    ami.emit(inboundCall('1732370900.1', Date.now(), { from: '+13125550199', name: 'Desk Test Call' }).ring(0));
    await page.locator('.caller-cards').getByText('Desk Test Call').waitFor({ timeout: 5000 });
    await screenshot(page, 'phone-system-6-asterisk-live-call');
    expect(ui.problems).toEqual([]);
  });
});
