import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Salon } from '../electron/core/salon.js';
import { cleanEnv, freePort, occupyPort, REPO_ROOT, runCli, runServeScript, type Child } from './support/child.js';

// Each test starts its own child process; they run side by side to keep the file short.
describe.concurrent('the command-line entry points', { timeout: 45_000 }, () => {
  // Made when the suite runs (not when it is collected), so a filtered run leaves nothing behind.
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'salon-cli-'));
  });
  const children: Child[] = [];
  const held: Awaited<ReturnType<typeof occupyPort>>[] = [];
  const run = (name: string, args: string[], env?: NodeJS.ProcessEnv) => {
    const child = runCli(name, args, env);
    children.push(child);
    return child;
  };
  afterAll(async () => {
    for (const c of children) c.kill();
    await Promise.all(held.map((h) => h.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('npm run serve (its bundle, as package.json runs it) prints "listening on http://127.0.0.1:<port>", answers GET /health and serves the dashboard, and stops cleanly on SIGTERM', async ({ expect }) => {
    const dbPath = join(dir, 'serve', 'salon.db');
    const child = runServeScript(['--port', '0', '--db', dbPath]);
    children.push(child);
    const url = await child.listening();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
    expect(child.stdout()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/m);
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok', version: pkg.version, uptime_s: expect.any(Number) });
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    // The folder of --db is created, and the database in it.
    expect(existsSync(dbPath)).toBe(true);
    child.kill('SIGTERM');
    expect(await child.exited()).toBe(0);
  });

  it('npm run serve fails with a clear message and exit 1 when the port is taken', async ({ expect }) => {
    const taken = await occupyPort();
    held.push(taken);
    const child = run('serve', ['--port', String(taken.port), '--db', join(dir, 'taken.db')]);
    expect(await child.exited(60_000)).toBe(1);
    expect(child.stderr()).toContain(`port ${taken.port} on 127.0.0.1 is already in use`);
    expect(child.stdout()).not.toMatch(/listening on/);
  });

  it('npm run serve fails with exit 1 naming the setting when a config value is bad', async ({ expect }) => {
    const child = run('serve', ['--port', '0', '--db', join(dir, 'bad-tz.db')], cleanEnv({ SALON_TIMEZONE: 'Mars/Base' }));
    expect(await child.exited(60_000)).toBe(1);
    expect(child.stderr()).toMatch(/SALON_TIMEZONE.*Mars\/Base/);
    expect(child.stdout()).not.toMatch(/listening on/);
  });

  it('npm run check exits 0 with a report naming config, database and port', async ({ expect }) => {
    const dbPath = join(dir, 'check.db');
    new Salon(dbPath).close();
    const port = await freePort();
    const child = run('check', ['--port', String(port), '--db', dbPath]);
    expect(await child.exited()).toBe(0);
    const out = child.stdout();
    expect(out).toMatch(/^config$/m);
    expect(out).toMatch(/^database$/m);
    expect(out).toMatch(/^port$/m);
    expect(out).toContain(dbPath);
    expect(out).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}\\s+free`));
    expect(out).toMatch(/integrity\s+ok/);
    expect(out).toMatch(/^ready$/m);
  });

  it('npm run check exits 1 with the reason when the port is taken', async ({ expect }) => {
    const taken = await occupyPort();
    held.push(taken);
    const child = run('check', ['--port', String(taken.port), '--db', join(dir, 'check-taken.db')]);
    expect(await child.exited(60_000)).toBe(1);
    expect(child.stdout() + child.stderr()).toMatch(new RegExp(`not ready: .*port ${taken.port} on 127\\.0\\.0\\.1 is already in use`));
  });

  it('npm run check exits 1 with the reason when a config value is bad (SALON_TIMEZONE=Mars/Base)', async ({ expect }) => {
    const child = run('check', ['--port', '0', '--db', join(dir, 'check-tz.db')], cleanEnv({ SALON_TIMEZONE: 'Mars/Base' }));
    expect(await child.exited(60_000)).toBe(1);
    expect(child.stdout() + child.stderr()).toMatch(/not ready: .*SALON_TIMEZONE.*"Mars\/Base" is not an IANA time zone/);
  });

  it('the npm scripts run these same entry points (serve from its bundle of electron/cli/serve.ts)', async ({ expect }) => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.serve).toMatch(/\bdist-server\/serve\.js\b/);
    expect(readFileSync(join(REPO_ROOT, 'scripts', 'build-server.mjs'), 'utf8')).toContain("serve: 'electron/cli/serve.ts'");
    expect(pkg.scripts.check).toMatch(/\belectron\/cli\/check\.ts\b/);
  });
});
