/**
 * The installed desktop app's start, run for real here: the built main process under Node with
 * a stand-in `electron` (see harness.ts), in the packaged layout, from `/`, as `nobody`.
 */
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.js';
import { Salon } from '../../electron/core/salon.js';
import { REPO_ROOT, freePort, occupyPort } from '../support/child.js';
import { buildMainProcess, filesUnder, harnessSkipReason, launch, makeLayout, type DesktopApp, type Layout, type Recorded } from './harness.js';

const skipReason = harnessSkipReason();
if (skipReason) console.warn(`desktop startup harness SKIPPED: ${skipReason}`);

const WEEK_MS = 7 * 24 * 3600_000;
const INVOKE = 'salon:invoke';

let layout: Layout | undefined;
let app: DesktopApp | undefined;
afterEach(async () => {
  await app?.stop();
  layout?.remove();
  app = layout = undefined;
});

const started = (s: Recorded) => s.windows.some((w) => w.options.webPreferences?.preload && w.shown) && s.tray !== null;

/** Writes a file into the data folder as the app's user would have. */
function writeAsNobody(path: string, text: string): void {
  writeFileSync(path, text);
  chownSync(path, 65534, 65534);
}

// Each case starts the whole main process: seconds on an idle machine, much longer on a busy one.
describe.skipIf(skipReason !== null)('the built main process, installed, launched from / as an unprivileged user', { timeout: 120_000 }, () => {
  beforeAll(buildMainProcess);

  it('listens, keeps logs, backups and reports in the user data folder, serves the dashboard with its CSP, refuses foreign frames, starts at login', async () => {
    layout = makeLayout();
    // Calls three weeks back: the weekly close catches those weeks up at start, one PDF at a time.
    const salon = new Salon(join(layout.userData, 'salon.db'), { clock: new ManualClock(Date.now() - 3 * WEEK_MS) });
    salon.recordCallEvent({ event: 'started', call_sid: 'CA-desktop-1', from: '+13125550100', direction: 'inbound' });
    salon.close();
    for (const name of readdirSync(layout.userData)) chownSync(join(layout.userData, name), 65534, 65534);
    // A token an earlier version kept in plain JSON.
    const settings = join(layout.userData, 'app-settings.json');
    writeAsNobody(settings, JSON.stringify({ webhook_token: 'legacy-token-0123456789' }));
    const port = await freePort();
    app = launch(layout, { env: { SALON_PORT: String(port), STAND_IN_SAFE_STORAGE: 'gnome_libsecret' } });

    const state = await app.waitFor((s) => started(s) && s.windows.filter((w) => !w.options.webPreferences?.preload && w.destroyed).length >= 3, 'the window and the weekly PDFs');
    expect(app.events.filter((e) => e.event === 'errorBox')).toEqual([]);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);

    // The daily backup runs in the background at start (poll's default second is short on a busy machine).
    await expect.poll(() => filesUnder(layout!.userData).some((f) => /^backups\/salon-.*\.db$/.test(f)), { timeout: 60_000 }).toBe(true);
    const files = filesUnder(layout.userData);
    expect(files).toContain('logs/salon_analytics.log');
    expect(files.filter((f) => /^reports\/.*\.pdf$/.test(f)).length).toBeGreaterThanOrEqual(3);
    expect(files.some((f) => /^reports\/.*\.html$/.test(f))).toBe(true);
    expect(existsSync(join(layout.appDir, 'data'))).toBe(false);
    // The main window and one PDF window at most: never a window per week.
    expect(state.maxWindowsAtOnce).toBeLessThanOrEqual(2);
    expect(state.setPaths).toEqual({});

    const main = state.windows.find((w) => w.options.webPreferences?.preload)!;
    expect(main.url).toBe('app://salon/index.html');
    expect(main.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(state.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

    const page = await app.command('fetch', { url: 'app://salon/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Salon Front Desk</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await app.command('fetch', { url: 'app://salon/%2e%2e/package.json' })).status).toBe(404);
    expect((await app.command('fetch', { url: 'app://elsewhere/index.html' })).status).toBe(404);

    const own = await app.command('invoke', { channel: INVOKE, frameUrl: 'app://salon/index.html', args: ['getSettings', {}] });
    expect(own.value.ok).toBe(true);
    const foreign = await app.command('invoke', { channel: INVOKE, frameUrl: 'https://attacker.example/', args: ['getSettings', {}] });
    expect(foreign.value).toEqual({ ok: false, error: { status: 403, message: 'not allowed from this page' } });
    // An import runs on its worker thread (import-worker.js beside main.js) with the app's own build of better-sqlite3.
    const imported = await app.command('invoke', { channel: INVOKE, frameUrl: 'app://salon/index.html', args: ['importCsv', { csv: 'name,phone\nMaria Lopez,+13125550142\n' }] });
    expect(imported.value).toMatchObject({ ok: true, value: { kind: 'customers', accepted: 1, applied: true } });
    const otherContents = await app.command('invoke', { channel: INVOKE, frameUrl: 'app://salon/index.html', fromMainWindow: false, args: ['getSettings', {}] });
    expect(otherContents.value.ok).toBe(false);

    // With a keyring, the token is sealed by safeStorage: never in the settings file as text.
    const listener = await app.command('invoke', { channel: INVOKE, frameUrl: 'app://salon/index.html', args: ['getListener', {}] });
    expect(listener.value.value).toMatchObject({ token_set: true });
    expect(listener.value.value.warning).toBeUndefined();
    expect(readFileSync(settings, 'utf8')).not.toContain('legacy-token-0123456789');
    await app.command('invoke', { channel: INVOKE, frameUrl: 'app://salon/index.html', args: ['updateListener', { webhook_token: 'a-new-token-abcdef0123' }] });
    const kept = JSON.parse(readFileSync(settings, 'utf8'));
    expect(Object.keys(kept.secrets)).toEqual(['webhook_token']);
    expect(kept.secrets.webhook_token.sealed).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(JSON.stringify(kept)).not.toContain('a-new-token-abcdef0123');
    const refused = await fetch(`http://127.0.0.1:${port}/salon/call`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer legacy-token-0123456789' }, body: '{}' });
    expect(refused.status).toBe(401);

    // "Start with the computer" on Linux: an XDG autostart entry, removed when unticked.
    const entry = join(layout.configHome, 'autostart', 'salon-front-desk.desktop');
    expect(existsSync(entry)).toBe(false);

    await app.command('menu', { label: 'Start with the computer' });
    const text = readFileSync(entry, 'utf8');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain(`Exec="${process.execPath}"`);
    expect((await app.state()).tray!.menu.find((i) => i.label === 'Start with the computer')!.checked).toBe(true);

    await app.command('menu', { label: 'Start with the computer' });
    expect(existsSync(entry)).toBe(false);

    await app.stop();
    expect(await app.exited()).toBe(0);
  });

  it('a corrupt settings file is kept aside and the app starts on defaults with a notice; a port in use is reported and the window stays', async () => {
    layout = makeLayout();
    const settings = join(layout.userData, 'app-settings.json');
    writeAsNobody(settings, '{"port": 51');
    const held = await occupyPort();
    try {
      app = launch(layout, { env: { SALON_PORT: String(held.port) } });
      const state = await app.waitFor((s) => started(s) && s.errorBoxes.length > 0 && s.messageBoxes.length > 0, 'the window, the error and the notice');
      expect(state.errorBoxes).toHaveLength(1);
      expect(state.errorBoxes[0]!.title).toBe('The phone system cannot reach Salon Front Desk');
      expect(state.errorBoxes[0]!.content).toContain(`127.0.0.1:${held.port}`);
      expect(state.errorBoxes[0]!.content).toContain('EADDRINUSE');
      expect(state.exitCode).toBeNull();

      const aside = readdirSync(layout.userData).filter((f) => f.startsWith('app-settings.json.corrupt-'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(layout.userData, aside[0]!), 'utf8')).toBe('{"port": 51');
      expect(state.messageBoxes[0]!.detail).toContain(aside[0]);
      // Defaults are not written until something changes; then the file is readable again.
      expect(existsSync(settings) ? JSON.parse(readFileSync(settings, 'utf8')) : {}).toBeTypeOf('object');

      const listener = await app.command('invoke', { channel: INVOKE, frameUrl: 'app://salon/index.html', args: ['getListener', {}] });
      expect(listener.value.value.note).toContain('not listening');
      // No keyring (safeStorage's basic_text backend): kept as before, and Settings says so.
      expect(listener.value.value.warning).toContain('stored unencrypted');
    } finally {
      await held.close();
    }
  });

  it('a start that fails shows one dialog saying what to do, then exits 1: no windowless app left running', async () => {
    layout = makeLayout();
    writeAsNobody(join(layout.userData, 'salon.db'), 'this is not a database, it was overwritten');
    app = launch(layout, { env: { SALON_PORT: String(await freePort()) } });
    expect(await app.exited()).toBe(1);
    const boxes = app.events.filter((e) => e.event === 'errorBox');
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toMatchObject({ title: 'Salon Front Desk cannot open its database' });
    expect((boxes[0] as { content: string }).content).toContain(join(layout.userData, 'salon.db'));
    expect((boxes[0] as { content: string }).content).toContain('restore the newest backup');
    expect(app.events.at(-1)).toEqual({ event: 'exit', code: 1, windows: 0 });
  });

  it('a development run (not packaged) keeps its data in a separate "(dev)" folder', async () => {
    layout = makeLayout();
    const devNative = join(layout.appDir, '.cache', 'electron-native', `linux-${process.arch}`);
    mkdirSync(devNative, { recursive: true });
    cpSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(devNative, 'better_sqlite3.node'));
    const devData = join(layout.appData, 'Salon Front Desk (dev)');
    mkdirSync(devData);
    chownSync(devData, 65534, 65534);
    app = launch(layout, { packaged: false, env: { SALON_PORT: String(await freePort()) } });
    const state = await app.waitFor(started, 'the window');
    expect(state.setPaths).toEqual({ userData: devData });
    expect(filesUnder(devData)).toContain('salon.db');
    expect(filesUnder(layout.userData)).toEqual([]);
  });
});
