import { BrowserWindow, screen } from 'electron';
import type Store from 'electron-store';
import type { AppStore } from './app-store.js';

/** The one window: secure defaults, and its size and place remembered between runs. */
export function createMainWindow(store: Store<AppStore>, preload: string, pageUrl: string): BrowserWindow {
  const saved = store.get('window');
  const visible = saved?.x !== undefined && saved.y !== undefined && screen.getAllDisplays().some(({ workArea: a }) =>
    saved.x! >= a.x && saved.y! >= a.y && saved.x! < a.x + a.width && saved.y! < a.y + a.height);
  const window = new BrowserWindow({
    width: saved?.width ?? 1280,
    height: saved?.height ?? 820,
    ...(visible ? { x: saved!.x, y: saved!.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Salon Front Desk',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  const remember = () => {
    if (window.isDestroyed()) return;
    store.set('window', { ...window.getNormalBounds(), maximized: window.isMaximized() });
  };
  window.on('resized', remember);
  window.on('moved', remember);
  window.on('close', remember);
  void window.loadURL(pageUrl);
  return window;
}
