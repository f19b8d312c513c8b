import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type Database from 'better-sqlite3';

/** The repository root, whatever the working directory of the test run. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The environment without any salon configuration, so a child sees only what a test gives it. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(SALON_|BUSINESS_|TWILIO_|RINGCENTRAL_)|_PRICE$/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface Child {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the URL of the `listening on …` line; rejects if the child exits first. */
  listening(timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal's name) once the child has ended. */
  exited(timeoutMs?: number): Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

/** Runs one of the CLI entry points (`electron/cli/<name>.ts`) from sources, as `npm run <name>` does (with `nodeFlags` before it). */
export function runCli(name: string, args: string[], env: NodeJS.ProcessEnv = cleanEnv(), nodeFlags: string[] = []): Child {
  return runNode([...nodeFlags, '--import', 'tsx', `electron/cli/${name}.ts`, ...args], env);
}

/**
 * `npm run serve` as package.json has it: `node scripts/build-server.mjs && node [flags]
 * dist-server/serve.js`. Builds the bundle (once per process), then runs it with those flags.
 */
export function runServeScript(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Child {
  const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.serve ?? '';
  const m = /^node scripts\/build-server\.mjs && node((?:\s+--\S+)*)\s+dist-server\/serve\.js$/.exec(script.trim());
  if (!m) throw new Error(`expected "serve": "node scripts/build-server.mjs && node [node flags] dist-server/serve.js" in package.json, not "${script}"`);
  if (!serveBuilt) {
    const build = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`scripts/build-server.mjs failed: ${build.stderr}`);
    serveBuilt = true;
  }
  return runNode([...m[1]!.trim().split(/\s+/).filter(Boolean), 'dist-server/serve.js', ...args], env);
}
let serveBuilt = false;

function runNode(argv: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, argv, {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
    Promise.race([
      p,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms; stdout: ${out} stderr: ${err}`)), ms).unref()),
    ]);
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    listening(timeoutMs = 20_000) {
      const ready = new Promise<string>((resolve, reject) => {
        const look = () => {
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            child.stdout!.off('data', look);
            resolve(m[1]!);
          }
        };
        child.stdout!.on('data', look);
        look();
        void exit.then((code) => reject(new Error(`exited (${code}) before listening; stdout: ${out} stderr: ${err}`)));
      });
      return withTimeout(ready, timeoutMs, 'no "listening on" line');
    },
    exited(timeoutMs = 20_000) {
      return withTimeout(exit, timeoutMs, 'did not exit');
    },
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Holds a loopback port open (so that it is taken) until closed. */
export async function occupyPort(): Promise<{ port: number; server: Server; close(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const { port } = server.address() as { port: number };
  return { port, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const held = await occupyPort();
  await held.close();
  return held.port;
}

/** Row counts of every table: a database that did not change answers the same. */
export function tableCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

/**
 * For a describe block that runs `npm run serve` children over databases in a temporary
 * folder: the folder is made when the suite runs, every child is killed after each test, and
 * the folder goes at the end.
 */
export function serveChildrenInTempDir(prefix: string): { path(name: string): string; serve(dbPath: string): Child } {
  let dir = '';
  const children: Child[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    path: (name) => join(dir, name),
    serve: (dbPath) => {
      const child = runCli('serve', ['--port', '0', '--db', dbPath]);
      children.push(child);
      return child;
    },
  };
}
