/**
 * Runs the built main process (`dist-electron/main.js`, as `npm run build:electron` makes it)
 * under plain Node with the stand-in `electron` module (stand-in/electron.mjs), laid out as an
 * installed app: the app's files in `<resources>/app`, `better_sqlite3.node` in
 * `process.resourcesPath`, a fresh `appData` folder. It starts from the working directory `/`,
 * as the unprivileged user `nobody` (macOS Finder and login items start apps from `/`, and an
 * installed app cannot write there).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT, cleanEnv } from '../support/child.js';

const MARK = '@@electron-stand-in ';
const NOBODY = 65534;

/** Why the harness cannot run here, or null. It needs root to start the app as `nobody`. */
export function harnessSkipReason(): string | null {
  if (process.platform !== 'linux') return 'the startup harness runs the app as the user nobody with runuser (Linux only)';
  if (userInfo().uid !== 0) return 'the startup harness needs root to start the app as the unprivileged user nobody (runuser -u nobody)';
  if (spawnSync('runuser', ['--version']).status !== 0) return 'runuser is not installed';
  // The app runs from a copy, but its node_modules and the stand-in are read from the checkout.
  if (spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', join(REPO_ROOT, 'node_modules', 'fastify', 'package.json')]).status !== 0) {
    return `the user nobody cannot read the checkout's node_modules (${REPO_ROOT}): the app runs as nobody from it`;
  }
  return null;
}

/** Builds the main process once per test file, with the project's own build script. */
export function buildMainProcess(): void {
  const build = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/build-electron.mjs failed: ${build.stderr}`);
}

export interface Layout {
  dir: string;
  resources: string;
  appDir: string;
  appData: string;
  /** Where the installed app keeps its data: `<appData>/Salon Front Desk`. */
  userData: string;
  /** What XDG_CONFIG_HOME points at (autostart entries). */
  configHome: string;
  remove(): void;
}

/** A fresh installed-app layout, readable by `nobody`, with data folders that `nobody` owns. */
export function makeLayout(): Layout {
  const dir = mkdtempSync(join(tmpdir(), 'salon-desktop-'));
  chmodSync(dir, 0o755);
  const resources = join(dir, 'resources');
  const appDir = join(resources, 'app');
  mkdirSync(appDir, { recursive: true });
  for (const part of ['package.json', 'dist-electron', 'dist-renderer', 'resources']) cpSync(join(REPO_ROOT, part), join(appDir, part), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(appDir, 'node_modules'));
  // The packaged app's Electron build of better-sqlite3; here Node's own, as the app runs under Node.
  cpSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(resources, 'better_sqlite3.node'));
  const appData = join(dir, 'app-data');
  const configHome = join(dir, 'config');
  const userData = join(appData, 'Salon Front Desk');
  for (const d of [appData, userData, configHome]) {
    mkdirSync(d, { recursive: true });
    chownSync(d, NOBODY, NOBODY);
  }
  return { dir, resources, appDir, appData, userData, configHome, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Recorded {
  paths: Record<string, string>;
  setPaths: Record<string, string>;
  appCalls: [string, unknown?][];
  appEvents: string[];
  schemes: { scheme: string; privileges: Record<string, boolean> }[];
  windows: { options: Record<string, any>; url: string | null; shown: boolean; destroyed: boolean }[];
  maxWindowsAtOnce: number;
  tray: { image: string; template: boolean; tooltip: string | null; menu: { label?: string; type?: string; checked?: boolean }[]; destroyed: boolean } | null;
  notifications: { title: string; body: string; shown: boolean }[];
  errorBoxes: { title: string; content: string }[];
  messageBoxes: { type?: string; message: string; detail?: string }[];
  ipcHandlers: string[];
  exitCode: number | null;
}

/** What the stand-in announces as it happens (an error box, the exit), in order: still there after the process ended. */
export type StandInEvent = { event: 'errorBox'; title: string; content: string } | { event: 'exit'; code: number; windows: number };

export interface DesktopApp {
  child: ChildProcess;
  output(): string;
  events: StandInEvent[];
  /** Sends a command to the stand-in (see its `commands`) and resolves with its answer. */
  command<T = any>(command: string, input?: Record<string, unknown>): Promise<T>;
  state(): Promise<Recorded>;
  /** Polls the recorded state until `check` holds, or fails with the last state and the output. */
  waitFor(check: (state: Recorded) => boolean, what: string, timeoutMs?: number): Promise<Recorded>;
  /** Resolves with the exit code once the process has ended. */
  exited(timeoutMs?: number): Promise<number | null>;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  env?: Record<string, string>;
  /** `app.isPackaged` (default true). */
  packaged?: boolean;
}

/** Starts the built main process in the layout, from `/`, as `nobody`. */
export function launch(layout: Layout, options: LaunchOptions = {}): DesktopApp {
  const standIn = join(REPO_ROOT, 'test', 'desktop', 'stand-in', 'register.mjs');
  const env = cleanEnv({
    STAND_IN_RESOURCES: layout.resources,
    STAND_IN_APP_DATA: layout.appData,
    STAND_IN_PACKAGED: options.packaged === false ? '0' : '1',
    XDG_CONFIG_HOME: layout.configHome,
    ...options.env,
  });
  delete env.NODE_OPTIONS;
  const child = spawn('runuser', ['-u', 'nobody', '--', process.execPath, '--import', standIn, join(layout.appDir, 'dist-electron', 'main.js')], {
    cwd: '/',
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const events: StandInEvent[] = [];
  let exitCode: number | null | undefined;
  const exitWaiters: ((code: number | null) => void)[] = [];
  const pending = new Map<number, { resolve: (value: any) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith(MARK)) {
      output += `${line}\n`;
      return;
    }
    const message = JSON.parse(line.slice(MARK.length)) as { id?: number; result?: unknown; error?: string };
    if (message.id === undefined) {
      events.push(message as unknown as StandInEvent);
      return;
    }
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result);
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code) => {
    exitCode = code;
    for (const { reject } of pending.values()) reject(new Error(`the app exited (${code}) before answering\n${output}`));
    pending.clear();
    for (const waiter of exitWaiters.splice(0)) waiter(code);
  });

  const command = <T>(name: string, input: Record<string, unknown> = {}): Promise<T> => {
    if (exitCode !== undefined) return Promise.reject(new Error(`the app has exited (${exitCode})\n${output}`));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.stdin!.write(`${JSON.stringify({ id, command: name, ...input })}\n`);
    });
  };
  const exited = (timeoutMs = 45_000) =>
    new Promise<number | null>((resolve, reject) => {
      if (exitCode !== undefined) return resolve(exitCode);
      const timer = setTimeout(() => reject(new Error(`the app did not exit within ${timeoutMs} ms\n${output}`)), timeoutMs);
      exitWaiters.push((code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  const state = () => command<Recorded>('state');
  return {
    child,
    output: () => output,
    events,
    command,
    state,
    async waitFor(check, what, timeoutMs = 45_000) {
      const until = Date.now() + timeoutMs;
      let last: Recorded | undefined;
      while (Date.now() < until) {
        last = await state();
        if (check(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}; recorded: ${JSON.stringify(last)}\n${output}`);
    },
    exited,
    async stop() {
      if (exitCode !== undefined) return;
      await command('quit').catch(() => undefined);
      // runuser passes SIGTERM on to the app.
      await exited(5000).catch(() => child.kill('SIGTERM'));
    },
  };
}

/** Every file under `dir`, relative to it. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? join(sub, name) : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}
