// Builds better-sqlite3 for Electron's ABI, one build per target: `.cache/electron-native/<os>-<arch>/
// better_sqlite3.node` (os as electron-builder names it: linux, mac, win), apart from the node_modules
// copy that `npm test` loads under Node. electron-builder ships the one for the target it packs
// (`extraResources` with its ${os}-${arch} macros); the app passes it to better-sqlite3 as `nativeBinding`.
//   node scripts/electron-native.mjs [--platform linux|darwin|win32] [--arch x64|arm64|ia32|armv7l]
// The default is this machine. Another platform or architecture gets better-sqlite3's prebuilt
// binary for it (downloaded); a C++ toolchain is needed only where none is published.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { nativeBuildDir } from './native-targets.mjs';

const { values } = parseArgs({ options: { platform: { type: 'string', default: process.platform }, arch: { type: 'string', default: process.arch } } });
const { platform, arch } = values;
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version;
const out = nativeBuildDir(platform, arch);
const binding = join(out, 'better_sqlite3.node');
const stamp = join(out, 'built-for.json');
const wanted = JSON.stringify({ electron: electronVersion, 'better-sqlite3': sqliteVersion, platform, arch });

if (existsSync(binding) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
  console.log(`better-sqlite3 for Electron ${electronVersion} (${platform}-${arch}): up to date`);
  process.exit(0);
}

console.log(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} on ${platform}-${arch} (once)…`);
const work = resolve('.cache', 'electron-native', 'work');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules'), { recursive: true });
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
cpSync(resolve('node_modules', 'better-sqlite3'), join(work, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
});
// A machine-wide `nodedir` (npm config) would make node-gyp compile against Node's own headers
// and produce a module Electron refuses: build against Electron's headers instead.
delete process.env.npm_config_nodedir;
delete process.env.NPM_CONFIG_NODEDIR;
const { rebuild } = await import('@electron/rebuild');
await rebuild({ buildPath: work, electronVersion, platform, arch, onlyModules: ['better-sqlite3'], force: true });
const built = join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(built)) {
  console.error(`error: the Electron build of better-sqlite3 is missing at ${built}`);
  process.exit(1);
}
if (platform === process.platform && arch === process.arch) {
  try {
    process.dlopen({ exports: {} }, built);
    console.error(`error: ${built} loads under Node ${process.version}: it was built for Node, not for Electron ${electronVersion}`);
    process.exit(1);
  } catch {
    // As it should be: Node cannot load a module built for Electron's ABI.
  }
}
mkdirSync(out, { recursive: true });
copyFileSync(built, binding);
writeFileSync(stamp, wanted);
rmSync(work, { recursive: true, force: true });
console.log(`built ${binding}`);
