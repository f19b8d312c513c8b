/**
 * `npm run import -- FILE [--source S] [--kind K] [--dry-run] [--skip-invalid] …`: customers or
 * appointments from a CSV or xlsx export (Square Appointments, Acuity, Vagaro, Fresha, or our own), checked
 * whole before anything is stored, then stored in one transaction. Progress on stderr; the
 * preview, counts and rejected rows on stdout. Exit 0 when imported (or, with --dry-run, when
 * it would be), 1 when refused or unreadable.
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify';
import { resolveConfig } from '../config/config.js';
import { openSalon } from '../server/start.js';
import { exitWithReason } from './exit.js';
import { SOURCE_IDS, KINDS, type DateOrder, type ImportKind, type ImportProgress, type ImportReport, type RowProblem, type SourceId } from '../contract/index.js';
import { importCsv } from '../core/csv/import.js';
import { fileInput } from '../core/csv/reader.js';

const USAGE = `usage: npm run import -- FILE [options]
  --source S         ${SOURCE_IDS.join(' | ')} (default: detected from the header row)
  --kind K           ${KINDS.join(' | ')} (default: detected from the header row)
  --dry-run          check the whole file and show the preview; store nothing
  --skip-invalid     import the accepted rows even when some are rejected (default: refuse the whole file)
  --create-services  add services that are not in the catalogue (default: reject their rows)
  --date-order O     mdy | dmy: how to read dates like 03/04/2026 (default: from the file, else the region)
  --preview N        rows of the preview to show (default 5)
  --rejects FILE     write every rejected row (row, line, field, column, value, reason) to a CSV file
  --json             print the whole report as JSON instead of text
  --db PATH          the salon database (default: as npm run serve: SALON_DB_PATH or data/salon.db)
  --timezone ZONE    the salon's IANA time zone for local dates and times (default: the saved setting)`;

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      source: { type: 'string' },
      kind: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      'create-services': { type: 'boolean' },
      'date-order': { type: 'string' },
      preview: { type: 'string' },
      rejects: { type: 'string' },
      json: { type: 'boolean' },
      db: { type: 'string' },
      timezone: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new Error(`give one CSV file to import\n${USAGE}`);
  const oneOf = <T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw new Error(`--${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
    return value as T;
  };
  const preview = values.preview === undefined ? 5 : Number(values.preview);
  if (!Number.isInteger(preview) || preview < 0) throw new Error(`--preview must be a whole number, not "${values.preview}"`);
  return {
    file: positionals[0]!,
    source: oneOf<SourceId>('source', values.source, SOURCE_IDS),
    kind: oneOf<ImportKind>('kind', values.kind, KINDS),
    dateOrder: oneOf<DateOrder>('date-order', values['date-order'], ['mdy', 'dmy']),
    dryRun: !!values['dry-run'],
    skipInvalid: !!values['skip-invalid'],
    createServices: !!values['create-services'],
    preview,
    rejects: values.rejects,
    json: !!values.json,
    configArgs: [...(values.db ? ['--db', values.db] : []), ...(values.timezone ? ['--timezone', values.timezone] : [])],
  };
}

const n = (x: number) => x.toLocaleString('en-US');

/** One line on stderr, rewritten in place on a terminal; phase ends only otherwise. */
function progressLine(): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  let previous: ImportProgress | null = null;
  return (p) => {
    const finished = p.phase === 'done' || (p.total !== null && p.done === p.total);
    const now = Date.now();
    if (p.phase === 'done' && tty) {
      process.stderr.write('\r\x1b[K');
      return;
    }
    if (!tty) {
      // Not a terminal: one line per phase, when it ends.
      if (previous && previous.phase !== p.phase) process.stderr.write(`${previous.phase}: ${n(previous.done)} rows\n`);
      previous = p.phase === 'done' ? null : p;
      return;
    }
    if (!finished && now - last < 100) return;
    last = now;
    const fraction = p.total ? p.done / p.total : p.total_bytes ? Math.min(1, (p.bytes ?? 0) / p.total_bytes) : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const count = p.total !== null ? `${n(p.done)} / ${n(p.total)} rows` : `${n(p.done)} rows`;
    process.stderr.write(`\r\x1b[K${p.phase.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${count}`);
  };
}

function table(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '  (none)';
  const keys = Object.keys(rows[0]!).filter((k) => rows.some((r) => r[k] !== null && r[k] !== undefined));
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace(/\s+/g, ' ').slice(0, 40));
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => cell(r[k]).length)));
  const line = (values: string[]) => '  ' + values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(keys), ...rows.map((r) => line(keys.map((k) => cell(r[k]))))].join('\n');
}

const problem = (p: RowProblem) =>
  `  row ${p.row} (line ${p.line}) ${p.field}${p.column ? ` [${p.column}]` : ''}${p.value !== null ? ` "${p.value.slice(0, 60)}"` : ''}: ${p.reason}`;

function printReport(r: ImportReport, file: string): void {
  const out: string[] = [];
  const by = r.detection.matched_by === 'position' ? ', matched by the place of its columns' : '';
  const evidence = r.detection.columns === 'confirmed' ? 'column names confirmed from real exports' : 'column names guessed, not yet confirmed from a real export';
  out.push(`${file}: ${r.source_name} ${r.kind} export${r.source_detected ? ' (detected)' : ''}, header on line ${r.header_line}${by}; ${evidence}`);
  out.push(`columns: ${r.mapping.map((m) => `${m.columns.join(' / ')} → ${m.field}`).join(', ')}`);
  if (r.ignored_columns.length) out.push(`ignored columns: ${r.ignored_columns.join(', ')}`);
  out.push(`times in ${r.timezone}; numeric dates read ${r.date_order.order} (${r.date_order.why}); phones in region ${r.default_region}`);
  out.push('', `preview (first ${r.preview.length} accepted rows as they will be stored):`, table(r.preview as unknown as Record<string, unknown>[]), '');
  const a = r.counts.appointments;
  out.push(`rows: ${n(r.rows)}, accepted ${n(r.accepted)}, rejected ${n(r.rejected_rows)}${r.skipped_lines.length ? `, skipped ${r.skipped_lines.length} totals line(s)` : ''}`);
  if (a) {
    out.push(
      `appointments: ${n(a.new)} new, ${n(a.already_imported)} already imported; ` +
        `${n(a.by_status.completed)} completed, ${n(a.by_status.no_show)} no-shows, ${n(a.by_status.cancelled)} cancelled, ${n(a.by_status.scheduled)} scheduled`,
    );
  }
  out.push(`customers: ${n(r.counts.customers.new)} new, ${n(r.counts.customers.existing)} already known`);
  if (r.counts.services_to_create.length) out.push(`services to add to the catalogue: ${r.counts.services_to_create.join(', ')}`);
  if (r.warnings.length) {
    out.push('', `warnings (${r.warnings.length}):`, ...r.warnings.slice(0, 20).map(problem));
    if (r.warnings.length > 20) out.push(`  … and ${r.warnings.length - 20} more`);
  }
  if (r.rejections.length) {
    out.push('', `rejected (${r.rejected_rows} rows):`, ...r.rejections.slice(0, 50).map(problem));
    if (r.rejections.length > 50) out.push(`  … and ${r.rejections.length - 50} more (write them all with --rejects FILE)`);
  }
  out.push('');
  if (r.refused) out.push(`NOT IMPORTED: ${r.refused}`);
  else if (r.dry_run) out.push(`dry run: ${n(r.accepted)} rows would be imported; nothing was stored`);
  else {
    const what = a ? `${n(a.new)} new appointments, ${n(a.already_imported)} already there` : `${n(r.counts.customers.new)} new customers, ${n(r.counts.customers.existing)} updated where blank`;
    const left = r.rejected_rows ? `; ${n(r.rejected_rows)} rejected rows left out` : '';
    out.push(`imported ${n(r.accepted)} rows in one transaction (${what}) in ${(r.elapsed_ms / 1000).toFixed(1)} s${left}`);
  }
  console.log(out.join('\n'));
}

async function writeRejects(path: string, rejections: RowProblem[]): Promise<void> {
  const csv = stringify({ header: true, columns: ['row', 'line', 'field', 'column', 'value', 'reason'] });
  const done = new Promise<void>((resolve, reject) => csv.pipe(createWriteStream(path)).on('finish', resolve).on('error', reject));
  for (const p of rejections) csv.write(p);
  csv.end();
  await done;
}

try {
  const o = parse(process.argv.slice(2));
  if (!existsSync(o.file) || !statSync(o.file).isFile()) throw new Error(`no file ${o.file}`);
  const { config } = resolveConfig(o.configArgs, process.env, process.cwd());
  const salon = openSalon(config);
  let report: ImportReport;
  try {
    report = await importCsv(salon, fileInput(o.file), {
      source: o.source,
      kind: o.kind,
      dryRun: o.dryRun,
      skipInvalid: o.skipInvalid,
      createServices: o.createServices,
      dateOrder: o.dateOrder,
      previewRows: o.preview,
      totalBytes: statSync(o.file).size,
      onProgress: o.json ? undefined : progressLine(),
    });
  } finally {
    salon.close();
  }
  if (o.rejects) await writeRejects(o.rejects, report.rejections);
  if (o.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report, o.file);
  process.exit(report.refused ? 1 : 0);
} catch (err) {
  exitWithReason(err);
}
