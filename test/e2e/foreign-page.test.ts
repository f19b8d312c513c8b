/**
 * A web page is not a way in (issue 13). In Chromium, a page served from another local port
 * tries what any site could: read the API with fetch, post a form with no preflight, post
 * text/plain (a CSV import, a test call), and open the live feed. It gets nothing and changes
 * nothing. A page that reaches the app through a name of its own (DNS rebinding) gets 421.
 */
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../support/child.js';
import { CHROMIUM, HAVE_CHROMIUM, startE2eServer, type E2eServer } from './support.js';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'];

/** What the attacking page does, against the app at `app`; each attempt reports what it saw. */
function attackPage(app: string): string {
  const ws = app.replace(/^http/, 'ws');
  return `<!doctype html><meta charset="utf-8"><title>a page on another site</title>
<iframe name="sink"></iframe>
<script>
const app = ${JSON.stringify(app)};
const results = {};
const attempt = async (name, fn) => { try { results[name] = await fn(); } catch (err) { results[name] = 'error: ' + err.name; } };
(async () => {
  await attempt('read customers', async () => { const r = await fetch(app + '/salon/customers'); return 'read ' + r.status + ' ' + (await r.text()); });
  await attempt('read export', async () => { const r = await fetch(app + '/salon/export/customers.csv'); return 'read ' + r.status; });
  await attempt('no-cors test call', async () => { const r = await fetch(app + '/salon/test/call', { method: 'POST', mode: 'no-cors' }); return 'opaque ' + r.type; });
  await attempt('no-cors test call, text/plain', async () => { const r = await fetch(app + '/salon/test/call', { method: 'POST', mode: 'no-cors', body: '{}' }); return 'opaque ' + r.type; });
  await attempt('no-cors call, untyped body', async () => { const r = await fetch(app + '/salon/call', { method: 'POST', mode: 'no-cors', body: new Blob(['{"event":"started","call_sid":"CA-evil-blob"}']) }); return 'opaque ' + r.type; });
  await attempt('text/plain import', async () => {
    const csv = 'customer_name,phone,service,start,status,price\\nMallory,+13125550666,Haircut,2026-11-20T10:00:00Z,completed,99999\\n';
    const r = await fetch(app + '/salon/import?kind=appointments&create_services=1', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: csv });
    return 'opaque ' + r.type;
  });
  await attempt('twilio form', async () => { const r = await fetch(app + '/twilio/voice', { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ CallSid: 'CA-evil-twilio', From: '+13125550666' }) }); return 'opaque ' + r.type; });
  await attempt('form post', () => new Promise((resolve) => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.enctype = 'text/plain';
    form.target = 'sink';
    form.action = app + '/salon/call';
    const input = document.createElement('input');
    input.name = '{"event":"started","call_sid":"CA-evil-form","x":"';
    input.value = '"}';
    form.appendChild(input);
    document.body.appendChild(form);
    document.querySelector('iframe').addEventListener('load', () => resolve('submitted'), { once: true });
    form.submit();
  }));
  await attempt('live feed', () => new Promise((resolve) => {
    const socket = new WebSocket(${JSON.stringify(ws)} + '/salon');
    socket.onopen = () => resolve('open');
    socket.onmessage = (e) => resolve('message ' + e.data);
    socket.onerror = () => resolve('refused');
  }));
  window.results = results;
})();
</script>`;
}

describe.skipIf(!HAVE_CHROMIUM)('a page on another site, in Chromium', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let evil: Server;
  let evilUrl = '';
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackPage(server.url)));
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://localhost:${(evil.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, '--host-resolver-rules=MAP evil.test 127.0.0.1'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => evil?.close(resolve));
    await server?.dispose();
  });

  it('fetch, a no-cors form post, a text/plain post and a WebSocket get nothing and change nothing', async () => {
    const db = server.running!.salon.db;
    const before = tableCounts(db);
    const customersBefore = (await server.api('GET', '/salon/customers')).body;
    const page = await browser.newPage();
    try {
      await page.goto(evilUrl);
      const results = (await page.waitForFunction(() => (window as unknown as { results?: Record<string, string> }).results, undefined, { timeout: 20_000 }).then((h) => h.jsonValue())) as Record<string, string>;
      // Reading: the browser gets an error, never the data.
      expect(results['read customers']).toBe('error: TypeError');
      expect(results['read export']).toBe('error: TypeError');
      // Writing blind: the request goes out, its answer is opaque, and nothing is stored (checked below).
      for (const name of ['no-cors test call', 'no-cors test call, text/plain', 'no-cors call, untyped body', 'text/plain import', 'twilio form']) expect(results[name], name).toMatch(/^opaque|^error/);
      expect(results['form post']).toBe('submitted');
      // The live feed never opens, and no message arrives.
      expect(results['live feed']).toBe('refused');
    } finally {
      await page.close();
    }
    expect(tableCounts(db)).toEqual(before);
    expect((await server.api('GET', '/salon/customers')).body).toEqual(customersBefore);
    expect((await server.api('GET', '/salon/calls')).body.total).toBe(0);
  });

  it('a page reaching the app by a name of its own (DNS rebinding) gets 421, page and API alike', async () => {
    const page = await browser.newPage();
    try {
      const rebound = `http://evil.test:${server.port}`;
      const answer = await page.goto(`${rebound}/`);
      expect(answer?.status()).toBe(421);
      expect(await page.textContent('body')).toMatch(/SALON_ALLOWED_HOSTS/);
      const api = await page.evaluate(async () => {
        const r = await fetch('/salon/customers');
        return { status: r.status, text: await r.text() };
      });
      expect(api.status).toBe(421);
      expect(api.text).not.toMatch(/items/);
    } finally {
      await page.close();
    }
  });
});
