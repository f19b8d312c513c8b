/**
 * What package.json and the build scripts promise the installers: per-architecture native
 * builds, a refused target when one is missing, ad-hoc re-signing, notarisation from the
 * environment, and a package without better-sqlite3's sources; and the config's default paths.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../electron/config/config.js';
import { REPO_ROOT, cleanEnv } from '../support/child.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const beforePackHook = (await import(join(REPO_ROOT, 'scripts', 'before-pack.mjs'))).default as (context: unknown) => Promise<void>;
// builder-util's Arch: x64 = 1, arm64 = 3.
const context = (projectDir: string, electronPlatformName: string, arch: number) => ({ electronPlatformName, arch, packager: { projectDir } });

describe('the installers', () => {
  const project = mkdtempSync(join(tmpdir(), 'salon-pack-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('ship the Electron build of better-sqlite3 for the target packed, and refuse a target that has none, with the command to make it', async () => {
    expect(pkg.build.extraResources).toEqual([{ from: '.cache/electron-native/${os}-${arch}/better_sqlite3.node', to: 'better_sqlite3.node' }]);
    expect(pkg.build.beforePack).toBe('./scripts/before-pack.mjs');
    await expect(beforePackHook(context(project, 'linux', 3))).rejects.toThrow(
      'the Electron build of better-sqlite3 for linux-arm64 is missing (.cache/electron-native/linux-arm64/better_sqlite3.node). Make it first: npm run build:native-electron -- --platform linux --arch arm64',
    );
    const dir = join(project, '.cache', 'electron-native', 'mac-x64');
    mkdirSync(dir, { recursive: true });
    cpSync(join(REPO_ROOT, 'package.json'), join(dir, 'better_sqlite3.node'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(beforePackHook(context(project, 'darwin', 1))).resolves.toBeUndefined();
      expect(log.mock.calls.flat().join('\n')).toContain('notarisation: skipped, APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID not set');
    } finally {
      log.mockRestore();
    }
  });

  it('re-sign macOS builds ad hoc after the fuses flip, notarise from the environment, and leave better-sqlite3 sources and its Node build out', () => {
    expect(pkg.build.electronFuses.resetAdHocDarwinSignature).toBe(true);
    expect(pkg.build.mac.notarize).toBe(true);
    expect(pkg.build.files).toContain('!node_modules/better-sqlite3/{src,deps,build}/**');
  });

  it('give Windows notifications the installer shortcuts\' app id', () => {
    expect(readFileSync(join(REPO_ROOT, 'electron', 'main.ts'), 'utf8')).toContain(`const APP_USER_MODEL_ID = '${pkg.build.appId}';`);
  });

  it('ask for the Node version the build tools need', () => {
    for (const tool of ['vite', '@electron/rebuild']) {
      const { engines } = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', tool, 'package.json'), 'utf8'));
      expect(engines.node, tool).toMatch(/>=22\.12\.0$/);
    }
    expect(pkg.engines.node).toBe('>=22.12.0');
  });
});

describe('default paths', () => {
  it('put logs beside the database wherever it is: the app\'s data folder, never the working directory', () => {
    const userData = join(tmpdir(), 'Salon Front Desk');
    const { config } = resolveConfig([], cleanEnv(), '/', { dbPath: join(userData, 'salon.db') });
    expect(config.dbPath).toBe(join(userData, 'salon.db'));
    expect(config.logDir).toBe(join(userData, 'logs'));
  });

  it('follow --db in headless mode', () => {
    const { config } = resolveConfig(['--db', '/srv/salon/salon.db'], cleanEnv(), '/');
    expect(dirname(config.logDir!)).toBe('/srv/salon');
  });
});
