/**
 * `npm run export -- --what customers|appointments|calls|weekly --out FILE [--weeks N] …`:
 * one CSV file (money as dollars and cents, times as UTC and salon-local ISO 8601). The file
 * is written next to its destination and renamed into place when complete; `--out -` writes
 * to stdout.
 */
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../config/config.js';
import { openSalon } from '../server/start.js';
import { exitWithReason } from './exit.js';
import { EXPORT_KINDS, type ExportKind } from '../contract/index.js';
import { exportCsv } from '../core/csv/export.js';

const USAGE = `usage: npm run export -- --what ${EXPORT_KINDS.join('|')} --out FILE [options]
  --what W         what to export: ${EXPORT_KINDS.join(', ')}
  --out FILE       the CSV file to write (- for stdout)
  --weeks N        weekly: how many weeks, ending with this week (default 12, at most 520)
  --until DATE     weekly: the last week is the one containing this date (YYYY-MM-DD; default today)
  --from D --to D  appointments and calls: a date range (YYYY-MM-DD salon time, to inclusive) or ISO instants
  --include-test   include records made by the test routes (left out by default)
  --bom            start the file with a UTF-8 byte-order mark (for Excel)
  --db PATH        the salon database (default: as npm run serve: SALON_DB_PATH or data/salon.db)
  --timezone ZONE  write local times in this IANA zone (default: the salon's setting)`;

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      what: { type: 'string' },
      out: { type: 'string' },
      weeks: { type: 'string' },
      until: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'include-test': { type: 'boolean' },
      bom: { type: 'boolean' },
      db: { type: 'string' },
      timezone: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.what || !(EXPORT_KINDS as readonly string[]).includes(values.what)) {
    throw new Error(`--what must be one of ${EXPORT_KINDS.join(', ')}${values.what ? `, not "${values.what}"` : ''}\n${USAGE}`);
  }
  if (!values.out) throw new Error(`--out FILE is required\n${USAGE}`);
  const weeks = values.weeks === undefined ? undefined : Number(values.weeks);
  if (weeks !== undefined && (!/^\d+$/.test(values.weeks!) || weeks < 1 || weeks > 520)) throw new Error(`--weeks must be from 1 to 520, not "${values.weeks}"`);
  if (values.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.until)) throw new Error(`--until must be a date YYYY-MM-DD, not "${values.until}"`);
  return {
    what: values.what as ExportKind,
    out: values.out,
    options: { weeks, until: values.until, from: values.from, to: values.to, includeTest: !!values['include-test'], bom: !!values.bom },
    configArgs: [...(values.db ? ['--db', values.db] : []), ...(values.timezone ? ['--timezone', values.timezone] : [])],
  };
}

try {
  const o = parse(process.argv.slice(2));
  const { config } = resolveConfig(o.configArgs, process.env, process.cwd());
  if (!existsSync(config.dbPath)) throw new Error(`no salon database at ${config.dbPath} (pass --db PATH)`);
  const salon = openSalon(config);
  let rows = 0;
  const partial = `${o.out}.partial`;
  try {
    const csv = exportCsv(salon, o.what, { ...o.options, onRows: (count) => (rows = count) });
    if (o.out === '-') await pipeline(csv, process.stdout);
    else {
      try {
        await pipeline(csv, createWriteStream(partial));
        renameSync(partial, o.out);
      } catch (err) {
        rmSync(partial, { force: true });
        throw err;
      }
    }
  } finally {
    salon.close();
  }
  if (o.out !== '-') console.error(`exported ${rows.toLocaleString('en-US')} ${o.what === 'weekly' ? 'weeks' : o.what} to ${o.out}`);
} catch (err) {
  exitWithReason(err);
}
