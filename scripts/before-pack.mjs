// electron-builder's beforePack hook, once per platform and architecture packed:
// - refuses a target whose Electron build of better-sqlite3 is missing (the package would carry
//   none, and the app could not open its database), with the command that makes it;
// - on macOS, says whether the app will be notarised. electron-builder notarises by itself when
//   APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID are set (mac.notarize); without
//   them it only logs a terse warning, so the reason is spelled out here.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import builderUtil from 'builder-util';
import { nativeBuildDir } from './native-targets.mjs';

const NOTARY_ENV = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];

export default async function beforePack(context) {
  const arch = builderUtil.Arch[context.arch];
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  // A universal macOS build is packed once per architecture first: each of those is checked.
  if (arch !== 'universal') {
    const root = context.packager.projectDir;
    const binding = join(nativeBuildDir(platform, arch, root), 'better_sqlite3.node');
    if (!existsSync(binding)) {
      throw new Error(
        `the Electron build of better-sqlite3 for ${platform}-${arch} is missing (${relative(root, binding)}). ` +
          `Make it first: npm run build:native-electron -- --platform ${platform} --arch ${arch}`,
      );
    }
  }
  if (platform === 'darwin') {
    const missing = NOTARY_ENV.filter((name) => !process.env[name]);
    console.log(
      missing.length === 0
        ? `  • notarisation: on (Apple ID ${process.env.APPLE_ID}, team ${process.env.APPLE_TEAM_ID}); it needs a Developer ID signature`
        : `  • notarisation: skipped, ${missing.join(', ')} not set. An app that is not notarised is blocked by Gatekeeper on other Macs; set ${NOTARY_ENV.join(', ')} to notarise.`,
    );
  }
}
