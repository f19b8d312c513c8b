// Where the Electron build of better-sqlite3 for one target lives. The folder is named with
// electron-builder's own names (its ${os} macro: linux, mac, win; ${arch}: x64, arm64, ia32,
// armv7l), so that package.json's extraResources can pick the right one for every target.
import { resolve } from 'node:path';

const OS_NAMES = { linux: 'linux', darwin: 'mac', win32: 'win' };

export function nativeBuildDir(platform, arch, root = '.') {
  const os = OS_NAMES[platform];
  if (!os) throw new Error(`no installer for the platform "${platform}" (linux, darwin or win32)`);
  return resolve(root, '.cache', 'electron-native', `${os}-${arch}`);
}
