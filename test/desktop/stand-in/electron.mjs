// A stand-in for the `electron` module, for running the built main process under plain Node
// (test/desktop/harness.ts). It records what the main process asks of Electron (paths, events,
// windows, protocol and IPC handlers, tray, notifications, dialogs) and answers the harness's
// commands, one JSON line each on stdin; answers and events go to stdout as lines that start
// with MARK. It plays the parts of Electron the app uses, no more.
//
// Environment: STAND_IN_APP_DATA (the `appData` folder; userData is `<appData>/<productName>`
// as in Electron), STAND_IN_PACKAGED ("1": app.isPackaged), STAND_IN_SAFE_STORAGE (the Linux
// storage backend safeStorage reports; unset: no encryption).
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MARK = '@@electron-stand-in ';
const appPath = resolve(process.argv[1], '..', '..');
const pkg = JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8'));

const record = {
  paths: {},
  setPaths: {},
  appCalls: [],
  appEvents: [],
  schemes: [],
  windows: [],
  maxWindowsAtOnce: 0,
  tray: null,
  notifications: [],
  errorBoxes: [],
  messageBoxes: [],
  ipcHandlers: [],
  exitCode: null,
};

function emitLine(message) {
  process.stdout.write(`${MARK}${JSON.stringify(message)}\n`);
}

// ---- app ----
const ready = { done: false };
const appEmitter = new EventEmitter();
const appDataDir = process.env.STAND_IN_APP_DATA ?? join(process.cwd(), 'app-data');
const paths = { appData: appDataDir, userData: join(appDataDir, pkg.productName ?? pkg.name), temp: join(appDataDir, 'temp'), home: process.env.HOME ?? '/' };

function exit(code) {
  record.exitCode = code;
  emitLine({ event: 'exit', code, windows: record.windows.length });
  process.exit(code);
}

/** Electron's quit: before-quit and will-quit may each be prevented; then the process ends. */
function quit() {
  for (const name of ['before-quit', 'will-quit']) {
    let prevented = false;
    appEmitter.emit(name, { preventDefault: () => (prevented = true) });
    if (prevented) return;
  }
  appEmitter.emit('quit');
  exit(0);
}

export const app = {
  isPackaged: process.env.STAND_IN_PACKAGED === '1',
  getAppPath: () => appPath,
  getName: () => pkg.productName ?? pkg.name,
  getVersion: () => pkg.version,
  getPath(name) {
    if (!(name in paths)) throw new Error(`stand-in: app.getPath('${name}') is not played`);
    record.paths[name] = paths[name];
    return paths[name];
  },
  setPath(name, path) {
    if (ready.done) throw new Error(`stand-in: app.setPath('${name}') after ready`);
    paths[name] = path;
    record.setPaths[name] = path;
  },
  whenReady: () => readyPromise,
  isReady: () => ready.done,
  on(name, listener) {
    record.appEvents.push(name);
    appEmitter.on(name, listener);
    return app;
  },
  once(name, listener) {
    record.appEvents.push(name);
    appEmitter.once(name, listener);
    return app;
  },
  requestSingleInstanceLock: () => true,
  quit,
  exit,
  relaunch: () => record.appCalls.push(['relaunch']),
  setAppUserModelId: (id) => record.appCalls.push(['setAppUserModelId', id]),
  setLoginItemSettings: (settings) => record.appCalls.push(['setLoginItemSettings', settings]),
  getLoginItemSettings: () => ({ openAtLogin: false }),
};
const readyPromise = new Promise((done) =>
  // Electron is ready once the main script has run its first turn.
  setTimeout(() => {
    ready.done = true;
    appEmitter.emit('ready');
    done();
  }, 0),
);

// ---- windows ----
let nextId = 1;
const liveWindows = new Set();

class WebContents extends EventEmitter {
  constructor(window) {
    super();
    this.id = nextId++;
    this.window = window;
    this.sent = 0;
  }
  send() {
    this.sent++;
  }
  isDestroyed() {
    return this.window.destroyed;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  async printToPDF() {
    // Long enough for overlapping renders to overlap.
    await new Promise((done) => setTimeout(done, 30));
    return Buffer.from('%PDF-1.4\n% stand-in\n%%EOF\n');
  }
  getURL() {
    return this.window.url ?? '';
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...liveWindows];
  }
  constructor(options = {}) {
    super();
    this.options = options;
    this.destroyed = false;
    this.visible = false;
    this.url = null;
    this.webContents = new WebContents(this);
    this.entry = { options, url: null, shown: false, destroyed: false };
    record.windows.push(this.entry);
    liveWindows.add(this);
    record.maxWindowsAtOnce = Math.max(record.maxWindowsAtOnce, liveWindows.size);
    appEmitter.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    this.url = url;
    this.entry.url = url.startsWith('data:') ? `${url.slice(0, 40)}…` : url;
    setTimeout(() => this.emit('ready-to-show'), 0);
  }
  show() {
    this.visible = this.entry.shown = true;
  }
  focus() {}
  restore() {}
  maximize() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: this.options.width ?? 800, height: this.options.height ?? 600 };
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = this.entry.destroyed = true;
    liveWindows.delete(this);
    this.emit('closed');
  }
  close() {
    this.emit('close', { preventDefault() {} });
    this.destroy();
  }
}

export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const session = { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } };
export const shell = { openExternal: async () => {}, openPath: async () => '' };

// ---- protocol and net ----
const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (ready.done) throw new Error('stand-in: protocol.registerSchemesAsPrivileged after ready');
    record.schemes.push(...schemes);
  },
  handle(scheme, handler) {
    protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme) {
    protocolHandlers.delete(scheme);
  },
};

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };
export const net = {
  async fetch(url, init) {
    if (!url.startsWith('file:')) return fetch(url, init);
    const path = fileURLToPath(url);
    if (!existsSync(path)) return new Response('', { status: 404 });
    return new Response(readFileSync(path), { headers: { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' } });
  },
};

// ---- IPC ----
const ipcHandlers = new Map();
export const ipcMain = {
  handle(channel, handler) {
    if (ipcHandlers.has(channel)) throw new Error(`stand-in: a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
    record.ipcHandlers = [...ipcHandlers.keys()];
  },
  removeHandler(channel) {
    ipcHandlers.delete(channel);
    record.ipcHandlers = [...ipcHandlers.keys()];
  },
  on() {},
};

// ---- tray, menus, images, notifications, dialogs ----
export const nativeImage = {
  createFromPath(path) {
    const image = {
      path,
      template: false,
      isEmpty: () => !existsSync(path),
      resize: () => image,
      setTemplateImage: (on) => (image.template = on),
    };
    return image;
  },
};

export const Menu = { buildFromTemplate: (items) => ({ items }) };

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    record.tray = { image: image.path, template: image.template, tooltip: null, menu: [], destroyed: false };
  }
  setToolTip(text) {
    record.tray.tooltip = text;
  }
  setContextMenu(menu) {
    currentMenu = menu;
    recordMenu();
  }
  destroy() {
    record.tray.destroyed = true;
  }
}
let currentMenu = null;
const recordMenu = () => (record.tray.menu = currentMenu.items.map(({ label, type, checked, enabled }) => ({ label, type, checked, enabled })));

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.entry = { ...options, shown: false };
    record.notifications.push(this.entry);
  }
  show() {
    this.entry.shown = true;
  }
}

export const dialog = {
  showErrorBox(title, content) {
    record.errorBoxes.push({ title, content });
    emitLine({ event: 'errorBox', title, content });
  },
  async showMessageBox(...args) {
    const options = args.length > 1 ? args[1] : args[0];
    record.messageBoxes.push(options);
    return { response: 0, checkboxChecked: false };
  },
  async showOpenDialog() {
    return { canceled: true, filePaths: [] };
  },
};

// ---- safeStorage: a reversible stand-in "encryption", so that the harness can tell sealed from plain ----
const SEALED = 'stand-in-sealed:';
export const safeStorage = {
  isEncryptionAvailable: () => ready.done && !!process.env.STAND_IN_SAFE_STORAGE,
  getSelectedStorageBackend: () => process.env.STAND_IN_SAFE_STORAGE ?? 'basic_text',
  encryptString: (text) => Buffer.from(SEALED + Buffer.from(text, 'utf8').toString('hex')),
  decryptString(buffer) {
    const text = buffer.toString('utf8');
    if (!text.startsWith(SEALED)) throw new Error('stand-in: not sealed by this safeStorage');
    return Buffer.from(text.slice(SEALED.length), 'hex').toString('utf8');
  },
};

// ---- the harness's commands ----
const commands = {
  state: () => record,
  /** Answers a request through the handler the app gave `protocol.handle`. */
  async fetch({ url }) {
    const handler = protocolHandlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (!handler) return { missing: true };
    const response = await handler(new Request(url));
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  },
  /** Calls an `ipcMain.handle` handler as a frame at `frameUrl` of the main window (or of another web contents) would. */
  async invoke({ channel, frameUrl, fromMainWindow = true, args = [] }) {
    const handler = ipcHandlers.get(channel);
    if (!handler) return { missing: true };
    const main = [...liveWindows].find((w) => w.options.webPreferences?.preload);
    const sender = fromMainWindow && main ? main.webContents : new WebContents({ destroyed: false });
    return { value: await handler({ sender, senderFrame: { url: frameUrl } }, ...args) };
  },
  /** Clicks a tray menu item (a checkbox flips first, as in Electron). */
  menu({ label }) {
    const item = currentMenu?.items.find((i) => i.label === label);
    if (!item) return { missing: true };
    if (item.type === 'checkbox') item.checked = !item.checked;
    item.click?.(item);
    recordMenu();
    return { clicked: label };
  },
  quit() {
    setTimeout(quit, 0);
    return { quitting: true };
  },
};

createInterface({ input: process.stdin }).on('line', async (line) => {
  const { id, command, ...input } = JSON.parse(line);
  try {
    emitLine({ id, result: await commands[command](input) });
  } catch (err) {
    emitLine({ id, error: String(err?.stack ?? err) });
  }
});

export default { app, BrowserWindow, screen, session, shell, protocol, net, ipcMain, nativeImage, Menu, Tray, Notification, dialog, safeStorage };
