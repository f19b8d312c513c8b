/**
 * Builds the dashboard (`renderer/` → `dist-renderer/`) when it is missing, so that
 * `npm run serve` shows it right after `npm install`. Uses Vite's JavaScript API; Vite is a
 * development dependency, so an install without it serves the API and says how to build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ROOT } from '../server/version.js';

/** The repository: these sources, or the bundle `npm run serve` builds from them (dist-server/). */
export const REPO_ROOT = APP_ROOT ?? process.cwd();
export const RENDERER_OUT = join(REPO_ROOT, 'dist-renderer');
const SOURCES = [join(REPO_ROOT, 'renderer'), join(REPO_ROOT, 'electron', 'contract'), join(REPO_ROOT, 'vite.config.ts')];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when `dist-renderer/index.html` is missing, or (with `ifStale`) older than a renderer source. */
export function rendererNeedsBuild(ifStale = false): boolean {
  const index = join(RENDERER_OUT, 'index.html');
  if (!existsSync(index)) return true;
  if (!ifStale) return false;
  return SOURCES.some((src) => newestMtime(src) > statSync(index).mtimeMs);
}

/** Runs `vite build` in-process when needed; answers whether the dashboard is there afterwards. */
export async function ensureRendererBuilt(options: { ifStale?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (!rendererNeedsBuild(options.ifStale)) return true;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    log('the dashboard is not built and Vite is not installed (npm install without --omit=dev builds it); serving the API only');
    return false;
  }
  log('building the dashboard (renderer/ → dist-renderer/) …');
  const started = Date.now();
  // Vite follows NODE_ENV for React's build and the JSX transform; under a test runner it is
  // "test", which would bundle React's development build. A build is always a production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: join(REPO_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } catch (err) {
    log(`the dashboard could not be built (${err instanceof Error ? err.message : String(err)}); serving the API only`);
    return false;
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  log(`dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
