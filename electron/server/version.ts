import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's folder (the one with its package.json) and version, found upwards from this file: sources, bundle or asar. */
function findApp(): { root: string | null; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'salon-front-desk' && manifest.version) return { root: dir, version: manifest.version };
    }
    const parent = dirname(dir);
    if (parent === dir) return { root: null, version: '0.0.0' };
    dir = parent;
  }
}

const app = findApp();
export const APP_VERSION: string = app.version;
/** Where the app's package.json is (the repository, in development); null when it cannot be found. */
export const APP_ROOT: string | null = app.root;
