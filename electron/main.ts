/**
 * The Electron shell: one window over the headless core. It opens the salon's database,
 * starts the webhook listener, serves the dashboard over IPC, and closes everything cleanly
 * on quit. Everything else lives in plain Node modules that never import electron.
 */
import { app, BrowserWindow, dialog, Notification } from 'electron';
import { join } from 'node:path';
import { resolveConfig } from './config/config.js';
import { openSalon } from './server/start.js';
import { createHandlers } from './core/handlers.js';
import type { ServerInfo } from './core/server-info.js';
import { InputError } from './core/errors.js';
import { checkBackupFile, restoreBackup } from './backup/restore.js';
import { ListenerControl } from './shell/listener-control.js';
import { isMissedDuringHours } from './core/calls.js';
import type { Salon } from './core/salon.js';
import { registerIpc } from './ipc/register.js';
import { lockDown } from './shell/security.js';
import { openAppStore } from './shell/app-store.js';
import { UNENCRYPTED_WARNING, connectorCredentials, openSecretStore } from './shell/secrets.js';
import { createMainWindow } from './shell/window.js';
import { createTray } from './shell/tray.js';
import { APP_ORIGIN, declareAppScheme, serveRenderer } from './shell/app-protocol.js';
import { WeeklyScheduler } from './scheduler/scheduler.js';
import { reportsDirFor } from './scheduler/report-files.js';
import { queueReportPdf } from './shell/report-pdf.js';
import { DailyBackup } from './backup/scheduler.js';
import { backupDirFor } from './backup/backup.js';
import { StartupProblem, startupFailure } from './shell/startup.js';
import { setStartAtLogin } from './shell/start-at-login.js';
import { ConnectorHub, NO_CONNECTORS } from './connectors/hub.js';

/** `build.appId` in package.json: the Windows shortcuts the installer makes carry it, and notifications only show for an app that has it. */
const APP_USER_MODEL_ID = 'com.salonfrontdesk.app';

const root = app.getAppPath();
// Development runs keep their own data folder: `npm start` never touches the installed app's database.
if (!app.isPackaged) app.setPath('userData', join(app.getPath('appData'), `${app.getName()} (dev)`));
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
// better-sqlite3 built for Electron's ABI (scripts/electron-native.mjs), kept apart from the one
// `npm test` uses under Node; always passed, as the package carries no other build of it.
const builderOs = ({ darwin: 'mac', win32: 'win' } as Record<string, string>)[process.platform] ?? process.platform;
const nativeBinding = app.isPackaged
  ? join(process.resourcesPath, 'better_sqlite3.node')
  : join(root, '.cache', 'electron-native', `${builderOs}-${process.arch}`, 'better_sqlite3.node');

let mainWindow: BrowserWindow | undefined;
const stops: (() => void | Promise<void>)[] = [];
let stopping: Promise<void> | null = null;

/** Stops everything once, in order (listener, scheduler, backups, IPC, then the database): nothing half-written. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const stop of stops) {
      try {
        await stop();
      } catch (err) {
        console.error('stopping failed:', err);
      }
    }
  })();
  return stopping;
}

function showWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  lockDown();
  serveRenderer(join(root, 'dist-renderer'));
  const { store, setAside } = openAppStore();
  // In the app, the database and everything kept beside it (logs, backups, reports, spool) live in
  // the per-user data folder: never in the working directory (`/` from Finder, the install folder on Windows).
  const { config, sources } = resolveConfig([], process.env, process.cwd(), { dbPath: join(app.getPath('userData'), 'salon.db') });
  if (sources.port?.source === 'default' && store.get('port')) config.port = store.get('port')!;
  const secrets = openSecretStore(store, (line) => console.warn(line));
  config.token ??= secrets.get('webhook_token');

  let salon: Salon;
  try {
    salon = openSalon(config, { nativeBinding });
  } catch (err) {
    throw new StartupProblem(
      'Salon Front Desk cannot open its database',
      `${(err as Error).message}\n\nFile: ${config.dbPath}`,
      `If the disk is full or another program holds the file, fix that and start the app again. Otherwise restore the newest backup from ${backupDirFor(config.dbPath, config.backupDir)} (see "Backups" in the README).`,
    );
  }
  stops.push(() => salon.close());

  mainWindow = createMainWindow(store, join(root, 'dist-electron', 'preload.cjs'), `${APP_ORIGIN}/index.html`);
  mainWindow.on('closed', () => (mainWindow = undefined));
  if (setAside) {
    void dialog.showMessageBox(mainWindow, {
      type: 'warning',
      message: "The app's own settings could not be read and were reset",
      detail: `They are kept as ${setAside}. The salon's data is not affected. If the phone system used a webhook token, set it again in Settings.`,
    });
  }
  const backupDir = backupDirFor(config.dbPath, config.backupDir);
  // The webhook listener, owned here so that Settings can move it to another port or change its
  // token without a restart. Its own HTTP API knows the backup folder, but restoring and moving
  // the listener are done from the app's window only (no hooks there: those answer 409).
  const from = (v: (typeof sources)[string] | undefined) => (v?.source === 'flag' ? 'a command-line flag' : v?.source === '.env' ? 'the .env file' : 'the environment');
  const webhook = new ListenerControl(salon, config, {
    info: { backupDir },
    fixed: {
      ...(sources.port && sources.port.source !== 'default' ? { port: from(sources.port) } : {}),
      ...(sources.token ? { token: from(sources.token) } : {}),
    },
    ...(secrets.encrypted ? {} : { warning: UNENCRYPTED_WARNING }),
    save: ({ port, webhook_token }) => {
      if (port !== undefined) store.set('port', port);
      if (webhook_token) secrets.set('webhook_token', webhook_token);
      else if (webhook_token === null) secrets.delete('webhook_token');
    },
  });
  /**
   * Restores a backup: checked first (a bad one changes nothing and stops nothing), then
   * everything stops and the database closes, the backup goes in (the current file kept aside),
   * and the app relaunches on it.
   */
  const restore = async (path: string) => {
    try {
      checkBackupFile(path, { nativeBinding });
    } catch (err) {
      throw new InputError('file', (err as Error).message);
    }
    await stopAll();
    let result: ReturnType<typeof restoreBackup> | null = null;
    let failure: Error | null = null;
    try {
      result = restoreBackup(path, config.dbPath, Date.now(), { nativeBinding });
    } catch (err) {
      failure = err as Error;
    }
    app.relaunch();
    // Time for the answer to reach the window (and its message to be read) before the app goes.
    setTimeout(() => app.exit(0), failure ? 3000 : 500);
    if (failure) throw new InputError('file', `${failure.message}. The database was not changed; the app restarts with it.`);
    return { ok: true as const, restored_from: path, set_aside: result!.setAside, relaunching: true };
  };
  // The phone connectors read the provider’s API from inside the router; their credentials are sealed like the token.
  const connectors = new ConnectorHub({ salon, store: connectorCredentials(secrets), config: config.connectors ?? NO_CONNECTORS });
  // Into the webhooks' ingest: while an import holds the database, a call they read is spooled and stored after it, not dropped.
  connectors.start(webhook.ingest);
  stops.unshift(() => connectors.stop());
  const server: ServerInfo = {
    connectors,
    webhookUrl: () => webhook.webhookUrl(),
    tokenRequired: () => !!webhook.token(),
    backupDir,
    listener: () => webhook.view(),
    updateListener: (change) => webhook.update(change),
    restore,
  };
  stops.unshift(registerIpc(createHandlers(salon, app.getVersion(), Date.now(), server), salon.changes, () => mainWindow?.webContents, APP_ORIGIN, (err) => console.error(err)));

  // Off unless the owner ticks it in the tray menu: the app never adds itself to start-up on its own.
  const startAtLogin = {
    get: () => store.get('open_at_login') ?? false,
    set: (on: boolean) => {
      store.set('open_at_login', on);
      setStartAtLogin(on);
    },
  };
  setStartAtLogin(startAtLogin.get());
  // On macOS a template image (black on transparent, tinted by the system for light and dark menu bars).
  const trayIcon = join(root, 'resources', process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png');
  const tray = createTray(trayIcon, () => mainWindow, () => app.quit(), startAtLogin);
  stops.unshift(() => tray.destroy());
  const refreshTray = () => {
    const { calls, missed } = salon.todayCallCounts();
    tray.update(calls, missed);
  };
  refreshTray();
  stops.unshift(
    salon.changes.subscribe((message) => {
      if (message.type !== 'call.started' && message.type !== 'call.updated') return;
      refreshTray();
      if (message.type === 'call.updated' && isMissedDuringHours(message.data) && Notification.isSupported()) {
        const who = message.data.customer_name ?? message.data.caller_name ?? message.data.from ?? 'a withheld number';
        const notification = new Notification({ title: 'Missed call', body: `${who} called and nobody answered. They are on the call-back list.` });
        notification.on('click', showWindow);
        notification.show();
      }
    }),
  );

  // The weekly close (missed weeks first, then every Monday 00:00 salon time): HTML, CSV and a PDF in the user's data folder.
  const scheduler = new WeeklyScheduler(salon, {
    reportsDir: reportsDirFor(config.dbPath),
    onClosed: ({ files }) => void queueReportPdf(files.html).catch((err) => console.error('weekly report PDF failed:', err)),
  });
  stops.unshift(() => scheduler.stop());
  // The daily backup: now if the newest is a day old (or there is none), then every 24 hours;
  // into SALON_BACKUP_DIR, or backups/ beside the database in the user's data folder.
  const backups = new DailyBackup(salon.db, {
    dir: backupDir,
    onError: (err) => console.error('daily backup failed:', err),
  });
  stops.unshift(() => backups.stop());
  void backups.start();

  stops.unshift(() => webhook.close());
  try {
    await webhook.start();
  } catch (err) {
    // The desk still works without the webhook listener; say plainly why calls will not arrive.
    dialog.showErrorBox(
      'The phone system cannot reach Salon Front Desk',
      `Listening on ${config.host}:${config.port} failed: ${(err as Error).message}\n\nCalls will not arrive until this is fixed (another copy running? change the port in Settings).`,
    );
  }
  scheduler.start();
}

declareAppScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  // A start that fails says why and what to do, then ends: never a windowless app holding the single-instance lock.
  app
    .whenReady()
    .then(start)
    .catch(async (err: unknown) => {
      console.error('start failed:', err);
      const { title, detail } = startupFailure(err, app.getPath('userData'));
      dialog.showErrorBox(title, detail);
      await stopAll();
      app.exit(1);
    });
  app.on('window-all-closed', () => app.quit());
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    // Stop listening, then close the database: nothing half-written, nothing accepted after.
    void stopAll().then(() => app.quit());
  });
}
