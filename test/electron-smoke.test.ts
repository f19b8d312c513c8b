import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The Electron binary, when `npm install` could download it (it cannot on machines without GitHub access). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const root = join(import.meta.dirname, '..');
const binary = electronBinary();
const builderOs = ({ darwin: 'mac', win32: 'win' } as Record<string, string>)[process.platform] ?? process.platform;
const nativeBuilt = existsSync(join(root, '.cache', 'electron-native', `${builderOs}-${process.arch}`, 'built-for.json'));
const skipReason = !binary
  ? 'the Electron binary is not installed (it is downloaded from GitHub by `npm install`; this machine installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1)'
  : !nativeBuilt
    ? 'better-sqlite3 has not been built for Electron (run `npm run build:native-electron`)'
    : !existsSync(join(root, 'dist-electron', 'main.js'))
      ? 'the main process is not built (run `npm run build`)'
      : null;
if (skipReason) console.warn(`electron smoke test SKIPPED: ${skipReason}`);

describe.skipIf(skipReason !== null)('the packaged main process launches in Electron', () => {
  it('opens one secure window showing the dashboard', async () => {
    const { _electron } = await import('playwright-core');
    const home = mkdtempSync(join(tmpdir(), 'salon-electron-'));
    const app = await _electron.launch({ args: [root], executablePath: binary!, env: { ...process.env, SALON_DB_PATH: join(home, 'salon.db'), SALON_PORT: '0' } });
    try {
      const window = await app.firstWindow();
      await window.waitForSelector('text=Overview', { timeout: 20_000 });
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      // No Node in the page, and only the bridge the preload exposes.
      const page = await window.evaluate(() => {
        const g = globalThis as Record<string, unknown>;
        return { require: typeof g.require, process: typeof g.process, bridge: Object.keys((g.salonBridge as object) ?? {}).sort() };
      });
      expect(page).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'onLive'] });
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
