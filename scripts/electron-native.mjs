// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/, apart from the
// node_modules copy that `npm test` loads under Node: the two never overwrite each other.
// The app passes the result to better-sqlite3 as `nativeBinding`.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version;
const dir = resolve('.cache', 'electron-native');
const stamp = join(dir, 'built-for.json');
const wanted = JSON.stringify({ electron: electronVersion, 'better-sqlite3': sqliteVersion });
const binding = join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

if (existsSync(binding) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
  console.log(`better-sqlite3 for Electron ${electronVersion}: up to date`);
  process.exit(0);
}

console.log(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)…`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'node_modules'), { recursive: true });
writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
cpSync(resolve('node_modules', 'better-sqlite3'), join(dir, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
});
// A machine-wide `nodedir` (npm config) would make node-gyp compile against Node's own headers
// and produce a module Electron refuses: build against Electron's headers instead.
delete process.env.npm_config_nodedir;
delete process.env.NPM_CONFIG_NODEDIR;
const { rebuild } = await import('@electron/rebuild');
await rebuild({ buildPath: dir, electronVersion, onlyModules: ['better-sqlite3'], force: true });
if (!existsSync(binding)) {
  console.error(`error: the Electron build of better-sqlite3 is missing at ${binding}`);
  process.exit(1);
}
try {
  process.dlopen({ exports: {} }, binding);
  console.error(`error: ${binding} loads under Node ${process.version}: it was built for Node, not for Electron ${electronVersion}`);
  process.exit(1);
} catch {
  // As it should be: Node cannot load a module built for Electron's ABI.
}
writeFileSync(stamp, wanted);
console.log(`built ${binding}`);
