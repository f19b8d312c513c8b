/** `npm run demo-data -- --db PATH [--weeks N] [--seed S] [--timezone ZONE]`: a realistic, reproducible salon history. */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, DEFAULT_TIMEZONE, DEFAULT_WEEKS, DemoDataError, MAX_WEEKS, generateDemoData, type DemoSummary } from '../demo/generate.js';
import { exitWithReason } from './exit.js';

const USAGE = `usage: npm run demo-data -- --db PATH [--weeks N] [--seed S] [--timezone ZONE]
  --db PATH        database file to create (refused if it already holds salon events)
  --weeks N        weeks of history ending with the current week, 1-${MAX_WEEKS} (default ${DEFAULT_WEEKS})
  --seed S         whole number; the same seed gives the same history (default ${DEFAULT_SEED})
  --timezone ZONE  the salon's IANA time zone (default ${DEFAULT_TIMEZONE})`;

function wholeNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text.trim())) throw new DemoDataError(`--${flag} must be a whole number, not "${text}"`);
  return Number(text);
}

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, weeks: { type: 'string' }, seed: { type: 'string' }, timezone: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    throw new DemoDataError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.db) throw new DemoDataError(`--db PATH is required\n${USAGE}`);
  const weeks = wholeNumber('weeks', values.weeks, DEFAULT_WEEKS);
  if (weeks < 1 || weeks > MAX_WEEKS) throw new DemoDataError(`--weeks must be from 1 to ${MAX_WEEKS}, not ${weeks}`);
  const seed = wholeNumber('seed', values.seed, DEFAULT_SEED);
  if (!Number.isSafeInteger(seed)) throw new DemoDataError(`--seed is too large: ${values.seed}`);
  return { dbPath: values.db, weeks, seed, timezone: values.timezone ?? DEFAULT_TIMEZONE };
}

const n = (x: number) => x.toLocaleString('en-US');

function fileSize(path: string): number {
  return [path, `${path}-wal`].reduce((size, p) => size + (existsSync(p) ? statSync(p).size : 0), 0);
}

function summaryLine(s: DemoSummary): string {
  const a = s.appointments;
  const mb = (fileSize(s.dbPath) / 1024 / 1024).toFixed(1);
  return (
    `demo data: ${s.weeks} week${s.weeks === 1 ? '' : 's'} ${s.firstWeek}..${s.lastWeek} (${s.timezone}, seed ${s.seed}): ` +
    `${n(s.customers)} customers, ${n(s.calls.total)} calls (${n(s.calls.missed)} missed, ${n(s.calls.afterHours)} after hours), ` +
    `${n(a.total)} appointments (${n(a.completed)} completed, ${n(a.no_show)} no-shows, ${n(a.cancelled)} cancelled, ${n(a.scheduled)} scheduled), ` +
    `revenue $${n(Math.round(s.revenueCents / 100))}; ${n(s.events.calls + s.events.appointments)} events in ${(s.elapsedMs / 1000).toFixed(1)} s; ` +
    `${s.dbPath} ${mb} MB`
  );
}

try {
  console.log(summaryLine(generateDemoData(parse(process.argv.slice(2)))));
} catch (err) {
  exitWithReason(err);
}
