import { app } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The XDG autostart entry: desktop sessions on Linux start what `~/.config/autostart/` lists. */
export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'salon-front-desk.desktop');
}

/**
 * Starts the app with the computer, or stops doing so. macOS and Windows have login items;
 * Linux has none in Electron, so an XDG autostart entry runs the AppImage (or the installed binary).
 */
export function setStartAtLogin(on: boolean): void {
  if (process.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: on });
    return;
  }
  const file = autostartFile();
  if (!on) {
    rmSync(file, { force: true });
    return;
  }
  // An AppImage runs from a temporary mount: the entry must name the AppImage file itself.
  const executable = process.env.APPIMAGE || process.execPath;
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(
    file,
    [
      '[Desktop Entry]',
      'Type=Application',
      `Name=${app.getName()}`,
      `Exec="${executable.replace(/(["`$\\])/g, '\\$1')}"`,
      'X-GNOME-Autostart-enabled=true',
      'Terminal=false',
      '',
    ].join('\n'),
  );
}
