import { Menu, Tray, nativeImage, type BrowserWindow } from 'electron';

export interface StartAtLogin {
  get(): boolean;
  set(on: boolean): void;
}

/** A tray icon whose tooltip and menu say today's calls and missed calls; its menu also sets whether the app starts with the computer. */
export function createTray(
  iconPath: string,
  window: () => BrowserWindow | undefined,
  quit: () => void,
  startAtLogin: StartAtLogin,
): { update(calls: number, missed: number): void; destroy(): void } {
  const image = nativeImage.createFromPath(iconPath);
  // macOS picks the template's @2x itself, and only from an image left at its own size.
  const tray = new Tray(process.platform === 'darwin' ? image : image.resize({ width: 16, height: 16 }));
  const show = () => {
    const w = window();
    if (w) {
      if (w.isMinimized()) w.restore();
      w.show();
      w.focus();
    }
  };
  tray.on('click', show);
  const update = (calls: number, missed: number) => {
    const summary = `Today: ${calls} call${calls === 1 ? '' : 's'}, ${missed} missed`;
    tray.setToolTip(`Salon Front Desk — ${summary}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: summary, enabled: false },
        { type: 'separator' },
        { label: 'Open Salon Front Desk', click: show },
        { label: 'Start with the computer', type: 'checkbox', checked: startAtLogin.get(), click: (item) => startAtLogin.set(item.checked) },
        { label: 'Quit', click: quit },
      ]),
    );
  };
  update(0, 0);
  return { update, destroy: () => tray.destroy() };
}
