/**
 * The bench's demo-data databases (1, 5 and 10 years), built with `npm run demo-data` and
 * cached under `.cache/bench/`. A cached file is reused while its key holds: the generator's
 * version (a hash of its sources and of the schema), the seed, the length, and the week the
 * history ends with (the generator's history ends "now", so a new week makes a new file: the
 * dashboard must find a current week and a recent call-back list, as a salon open today would).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { Salon } from '../electron/core/salon.js';
import { weekContaining } from '../electron/core/time.js';
import { WeeklyScheduler } from '../electron/scheduler/scheduler.js';
import { DEFAULT_TIMEZONE } from '../electron/demo/generate.js';
import { REPO_ROOT, runCli } from '../test/support/child.js';

export const CACHE_DIR = join(REPO_ROOT, '.cache', 'bench');

/** How the bench prepares a database after generating it (bump when that changes). */
const PREPARATION = 'closed-weeks-1';

/** The generator's version: a hash of its sources and of the schema it writes (and of the bench's preparation). */
export function generatorVersion(): string {
  const hash = createHash('sha256').update(PREPARATION);
  const demo = join(REPO_ROOT, 'electron', 'demo');
  const sources = [...readdirSync(demo).filter((f) => f.endsWith('.ts')).map((f) => join(demo, f)), join(REPO_ROOT, 'electron', 'core', 'migrations.ts')].sort();
  for (const file of sources) hash.update(file.slice(REPO_ROOT.length)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

export interface Dataset {
  weeks: number;
  path: string;
  /** Whether it was built by this run (false: taken from the cache). */
  built: boolean;
  buildSeconds: number;
  sizeMb: number;
}

/** The cached database of `weeks` weeks for this seed, built when missing. */
export async function ensureDataset(weeks: number, seed: number, log: (line: string) => void): Promise<Dataset> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const endWeek = weekContaining(Date.now(), DEFAULT_TIMEZONE).start;
  const prefix = `demo-${weeks}w-seed${seed}-`;
  const name = `${prefix}${endWeek}-${generatorVersion()}.db`;
  const path = join(CACHE_DIR, name);
  const size = () => statSync(path).size / 1024 / 1024;
  if (existsSync(path)) return { weeks, path, built: false, buildSeconds: 0, sizeMb: size() };

  // Older keys of the same length and seed are stale: their files go.
  for (const old of readdirSync(CACHE_DIR).filter((f) => f.startsWith(prefix))) rmSync(join(CACHE_DIR, old), { force: true });
  const partial = join(CACHE_DIR, `building-${process.pid}-${name}`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  log(`building ${weeks}-week demo database (seed ${seed}); cached for next time…`);
  const started = performance.now();
  const child = runCli('demo-data', ['--db', partial, '--weeks', String(weeks), '--seed', String(seed)]);
  const code = await child.exited(15 * 60_000);
  if (code !== 0) throw new Error(`demo-data failed (${code}): ${child.stderr() || child.stdout()}`);
  // A salon that has been running all along has closed its past weeks: the server's start then
  // has no catch-up to do (it closes at most the last 52 weeks, as it would on its first start).
  const reports = join(tmpdir(), `salon-bench-reports-${process.pid}`);
  const salon = new Salon(partial);
  const scheduler = new WeeklyScheduler(salon, { reportsDir: reports });
  scheduler.start();
  scheduler.stop();
  salon.close();
  rmSync(reports, { recursive: true, force: true });
  // One self-contained file: the WAL folded in, so that a copy of the file is the whole database.
  const db = new Database(partial);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  renameSync(partial, path);
  return { weeks, path, built: true, buildSeconds: (performance.now() - started) / 1000, sizeMb: size() };
}
