import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock } from '../core/clock.js';
import { Salon } from '../core/salon.js';
import { isValidTimeZone, weekContaining, weeksEndingWith } from '../core/time.js';
import type { WeeklyMetrics } from '../contract/index.js';
import { Simulation } from './simulation.js';
import { SalonWriter } from './writer.js';

export const DEFAULT_WEEKS = 52;
export const MAX_WEEKS = 520;
export const DEFAULT_SEED = 1;
export const DEFAULT_TIMEZONE = 'America/Chicago';

export interface DemoOptions {
  dbPath: string;
  /** Weeks of history ending with the current week (1–520, default 52). */
  weeks?: number;
  seed?: number;
  /** IANA zone of the salon (default America/Chicago); saved in the database's settings. */
  timezone?: string;
  /** "Now" in ms: the end of history (default: the salon's clock, that is the system clock). */
  now?: number;
}

export interface DemoSummary {
  dbPath: string;
  weeks: number;
  seed: number;
  timezone: string;
  firstWeek: string;
  lastWeek: string;
  now: string;
  customers: number;
  calls: { total: number; answered: number; missed: number; live: number; afterHours: number };
  appointments: { total: number; scheduled: number; completed: number; no_show: number; cancelled: number };
  revenueCents: number;
  events: { calls: number; appointments: number; duplicates: number };
  elapsedMs: number;
}

/** A demo request that cannot be carried out; the message says why and what to do. */
export class DemoDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoDataError';
  }
}

function checkOptions(o: DemoOptions): Required<Omit<DemoOptions, 'now'>> & { now: number | undefined } {
  const weeks = o.weeks ?? DEFAULT_WEEKS;
  const seed = o.seed ?? DEFAULT_SEED;
  const timezone = o.timezone ?? DEFAULT_TIMEZONE;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS) throw new DemoDataError(`weeks must be a whole number from 1 to ${MAX_WEEKS}, not ${weeks}`);
  if (!Number.isSafeInteger(seed)) throw new DemoDataError(`seed must be a whole number, not ${seed}`);
  if (!isValidTimeZone(timezone)) throw new DemoDataError(`"${timezone}" is not an IANA time zone (for example America/Chicago)`);
  if (o.now !== undefined && !Number.isFinite(o.now)) throw new DemoDataError(`now must be a time in milliseconds, not ${o.now}`);
  if (!o.dbPath) throw new DemoDataError('a database path is required');
  return { dbPath: resolve(o.dbPath), weeks, seed, timezone, now: o.now };
}

/**
 * Refuses a file that is not a fresh salon database: demo history never mixes with real
 * records. A missing or empty file, or a salon database with no events yet, is fine.
 */
function checkTarget(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new DemoDataError(`folder ${folder} does not exist; create it first`);
  if (!existsSync(path)) return;
  if (!statSync(path).isFile()) throw new DemoDataError(`${path} is not a file`);
  if (statSync(path).size === 0) return;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    if (tables.length === 0) return;
    if (!tables.includes('events')) throw new DemoDataError(`${path} is a SQLite database but not a salon database; choose another --db path`);
    const events = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    if (events > 0) {
      throw new DemoDataError(`${path} already holds ${events} recorded events; demo data only goes into a new database. Choose another --db path or delete the file`);
    }
  } catch (err) {
    if (err instanceof DemoDataError) throw err;
    throw new DemoDataError(`cannot read ${path} as a SQLite database (${(err as Error).message})`);
  } finally {
    db?.close();
  }
}

/** Service name → the first intent code (alphabetically) that maps to it. */
function intentByService(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [intent, service] of Object.entries(map)) out[service] ??= intent;
  return out;
}

/**
 * Fills a new database with a realistic, reproducible history of a hair salon: the same
 * options (seed, weeks, zone and now) give the same database. Everything goes through the
 * core's ingest (`recordCallEvent`, `recordAppointmentEvent`), a week per transaction, so the
 * tables are exactly what the API would have built from the same events.
 */
export function generateDemoData(options: DemoOptions): DemoSummary {
  const started = performance.now();
  const o = checkOptions(options);
  checkTarget(o.dbPath);
  const salon = new Salon(o.dbPath, { overrides: { timezone: o.timezone }, ...(o.now !== undefined ? { clock: new ManualClock(o.now) } : {}) });
  try {
    // Saved, so that the app opening this database later computes its weeks in the salon's zone.
    salon.updateSettings({ timezone: o.timezone });
    const now = o.now ?? salon.clock.now();
    const weeks = weeksEndingWith(weekContaining(now, o.timezone), o.weeks, o.timezone);
    const simulation = new Simulation({
      seed: o.seed,
      now,
      firstMondayMs: weeks[0]!.startMs,
      timezone: o.timezone,
      businessHours: salon.settings().business_hours,
      services: salon.services.list(),
      intentByService: intentByService(salon.services.intentMap()),
    });
    const writer = new SalonWriter(salon);
    simulation.run((events) => writer.write(events));
    const metrics = salon.weeklyMetrics({ weeks_back: o.weeks, until: weeks[weeks.length - 1]!.start });
    return {
      dbPath: o.dbPath,
      weeks: o.weeks,
      seed: o.seed,
      timezone: o.timezone,
      firstWeek: weeks[0]!.start,
      lastWeek: weeks[weeks.length - 1]!.start,
      now: new Date(now).toISOString(),
      ...counts(salon, metrics),
      events: { calls: writer.counts.callEvents, appointments: writer.counts.appointmentEvents, duplicates: writer.counts.duplicates },
      elapsedMs: performance.now() - started,
    };
  } finally {
    salon.close();
  }
}

function counts(salon: Salon, metrics: WeeklyMetrics): Pick<DemoSummary, 'customers' | 'calls' | 'appointments' | 'revenueCents'> {
  const total = (figure: 'calls_after_hours' | 'revenue_cents') => metrics.weeks.reduce((sum, w) => sum + w[figure], 0);
  const calls = (status?: 'answered' | 'missed' | 'live') => salon.calls({ limit: 1, ...(status ? { status } : {}) }).total;
  const appointments = (status?: 'scheduled' | 'completed' | 'no_show' | 'cancelled') => salon.appointments({ limit: 1, ...(status ? { status } : {}) }).total;
  return {
    customers: salon.customers({ limit: 1 }).total,
    calls: { total: calls(), answered: calls('answered'), missed: calls('missed'), live: calls('live'), afterHours: total('calls_after_hours') },
    appointments: {
      total: appointments(),
      scheduled: appointments('scheduled'),
      completed: appointments('completed'),
      no_show: appointments('no_show'),
      cancelled: appointments('cancelled'),
    },
    revenueCents: total('revenue_cents'),
  };
}
