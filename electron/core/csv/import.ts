/**
 * Import of customers and appointments from CSV files: our own export, or the exports of
 * Square Appointments, Vagaro and Fresha (see columns.ts for their column names).
 *
 * An import runs in three steps, and never imports half a file:
 *  1. read: the file streams in, the header row is found (within the first ten lines, below
 *     any title lines) and the source and kind detected from it, unless given;
 *  2. check: every row is mapped and checked (phone to E.164 in the default region, local
 *     dates and times in the salon's zone, money to cents, statuses to ours, the service
 *     against the catalogue). A row that cannot be imported is rejected with its row and line
 *     number, the field, the column and the reason;
 *  3. apply: when no row is rejected (or when `skipInvalid` is set, the accepted rows), all of
 *     them in ONE transaction. Any failure there rolls the whole file back.
 * The server and the desktop app run the whole import on a worker thread with a connection of
 * its own (import-thread.ts), so that it never holds the event loop that answers webhooks; while
 * the file is being applied, those are spooled and stored after it (see `Salon.writeAside`).
 * A rejected row refuses the whole file unless `skipInvalid` is given, and then the rejected
 * rows are listed in the report. `dryRun` stops after the check: the report's preview and
 * counts say what would happen.
 *
 * Appointments go through `salon.recordAppointmentEvent` like any booking: a `booked` event
 * (dated by the file's booking date, or else by the start) and, for a finished appointment,
 * its `completed`, `no_show` or `cancelled` event, dated by the file's status time or else by
 * the end (completed) or start (others) of the appointment. Each gets a stable appointment id
 * from the source and the row (the file's own appointment id when it has one, else a hash of
 * start, customer and service), so importing the same file twice changes nothing the second
 * time, and a later export of the same system adds only what is new (new appointments, and
 * a status that has since changed).
 *
 * Customers (customer files) are matched by phone: a new number becomes a customer; for a
 * known one the file fills blank name, email and notes, never overwriting what the desk typed.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Salon } from '../salon.js';
import { toE164 } from '../phone.js';
import {
  isPlainText,
  PLAIN_TEXT_MESSAGE,
  SOURCE_NAMES,
  type AppointmentStatus,
  type DateOrder,
  type DetectionView,
  type Field,
  type ImportKind,
  type ImportProgress,
  type ImportReport,
  type PreviewRow,
  type RowProblem,
  type SourceId,
} from '../../contract/index.js';
import { detect, SOURCES, type Mapping } from './columns.js';
import { applyImport, hash, PROGRESS_EVERY, type AppointmentRecord, type ApplyJob, type CustomerRecord, type CustomerRef } from './apply.js';
import { readCsv, ImportFileError, type CsvInput } from './reader.js';
import {
  CellError,
  cellText,
  isEmail,
  numericDateParts,
  parseBoolean,
  parseCents,
  parseDate,
  parseDateTime,
  parseDurationMin,
  parseMoneyCents,
  parseStatus,
  parseTime,
  localInstant,
} from './values.js';
import { readCustomerHistory } from './history.js';

export { ImportFileError } from './reader.js';

export interface ImportOptions {
  /** The booking system the file comes from; detected from the header row when not given. */
  source?: SourceId | undefined;
  /** Customers or appointments; detected from the header row when not given. */
  kind?: ImportKind | undefined;
  /** Check and preview only: nothing is stored. */
  dryRun?: boolean | undefined;
  /** Import the accepted rows even when some are rejected (they are listed); default: refuse the file. */
  skipInvalid?: boolean | undefined;
  /** Add services missing from the catalogue (price and length from their first row) instead of rejecting their rows. */
  createServices?: boolean | undefined;
  /** How to read numeric dates like 03/04/2026; default: inferred from the file, else from the default region. */
  dateOrder?: DateOrder | undefined;
  /** Rows shown in the preview (default 10). */
  previewRows?: number | undefined;
  /** The input's size, for the reading progress. */
  totalBytes?: number | undefined;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
}

const ID_PREFIX: Record<SourceId, string> = { square: 'sq', acuity: 'ac', vagaro: 'vg', fresha: 'fr', generic: 'csv' };
const MONTH_FIRST_REGIONS = new Set(['US', 'CA', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM', 'PH', 'FM', 'MH', 'PW']);
const LIMITS = { name: 200, email: 254, appointmentNotes: 2000, customerNotes: 5000, service: 100, callSid: 128, id: 128 };
const MAX_PRICE_CENTS = 100_000 * 100;

const normName = (name: string) => name.toLowerCase().replace(/\s+/g, ' ').trim();
/**
 * Reads, checks and (unless refused or a dry run) applies one CSV file. `beforeApply` is awaited
 * once the file is checked, before the apply step takes the write lock (see import-thread.ts).
 */
export async function importCsv(salon: Salon, input: CsvInput, options: ImportOptions = {}, beforeApply?: () => Promise<void>): Promise<ImportReport> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const settings = salon.settings();

  // ---- 1. read ----
  const records: { cells: string[]; line: number }[] = [];
  let header: { cells: string[]; line: number; mapping: Mapping; detection: DetectionView } | null = null;
  const beforeHeader: { cells: string[]; line: number }[] = [];
  let bytes = 0;
  const totalBytes = options.totalBytes;
  const readProgress = () => progress({ phase: 'reading', done: records.length, total: null, bytes, ...(totalBytes !== undefined ? { total_bytes: totalBytes } : {}) });
  for await (const record of readCsv(input, (b) => (bytes = b))) {
    if (!header) {
      const found = detect(record.cells, { source: options.source, kind: options.kind });
      if (found) header = { ...record, ...found };
      else if (beforeHeader.push(record) >= 10) break;
      continue;
    }
    records.push(record);
    if (records.length % PROGRESS_EVERY === 0) readProgress();
  }
  if (!header) throw headerError(beforeHeader, options);
  readProgress();
  const { mapping } = header;
  const rowCount = records.length;
  if (rowCount === 0) throw new ImportFileError(`the file has a header row (line ${header.line}) but no rows below it`);

  const cellOf = (cells: string[], field: Field): { text: string; column: string | null } => {
    for (const i of mapping.columns[field] ?? []) {
      const text = cellText(cells[i]);
      if (text !== '') return { text, column: mapping.headers[i] ?? null };
    }
    const first = mapping.columns[field]?.[0];
    return { text: '', column: first === undefined ? null : (mapping.headers[first] ?? null) };
  };

  const dateOrder = decideDateOrder(records, mapping, cellOf, options.dateOrder, settings.default_region);

  // ---- 2. check ----
  const rejections: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const skipped: { line: number; reason: string }[] = [];
  const checker = new RowChecker(salon, mapping, dateOrder.order, options, cellOf);
  const appointments: AppointmentRecord[] = [];
  const customers: CustomerRecord[] = [];
  const rejectedRows = new Set<number>();
  let summary: string | null = null;
  for (let i = 0; i < rowCount; i++) {
    const { cells, line } = records[i]!;
    const row = i + 1;
    if (summary === null && isSummaryRow(cells, mapping, cellOf)) summary = cells.find((c) => c.trim() !== '')!.trim();
    // Report exports put their totals and summary below the data: that line and any after it.
    if (summary !== null) {
      skipped.push({ line, reason: `the totals below the data (from "${summary}")` });
      continue;
    }
    const problems: RowProblem[] = [];
    const note = (list: RowProblem[]) => (field: string, column: string | null, value: string | null, reason: string) =>
      list.push({ row, line, field, column, value: value === '' ? null : value, reason });
    const reject = note(problems);
    const warn = note(warnings);
    const record = mapping.kind === 'appointments' ? checker.appointment(cells, row, reject, warn) : checker.customer(cells, row, reject, warn);
    if (!record && problems.length === 0) reject('row', null, null, 'could not be read');
    if (record && problems.length === 0) {
      if ('appointment_id' in record) appointments.push(record);
      else customers.push(record);
    }
    if (problems.length) {
      rejections.push(...problems);
      rejectedRows.add(row);
    }
    if (row % PROGRESS_EVERY === 0) progress({ phase: 'checking', done: row, total: rowCount });
  }
  checker.finish(appointments);
  progress({ phase: 'checking', done: rowCount, total: rowCount });
  const acceptedAppointments = appointments;
  const acceptedCustomers = customers;
  const accepted = mapping.kind === 'appointments' ? acceptedAppointments.length : acceptedCustomers.length;
  rejections.sort((a, b) => a.row - b.row);

  const report: ImportReport = {
    import_id: randomUUID(),
    source: mapping.source,
    source_name: SOURCE_NAMES[mapping.source],
    source_detected: !options.source,
    kind: mapping.kind,
    kind_detected: !options.kind,
    detection: header.detection,
    mapping: (Object.entries(mapping.columns) as [Field, number[]][]).map(([field, idx]) => ({ field, columns: idx.map((i) => mapping.headers[i]!) })),
    ignored_columns: mapping.ignored,
    header_line: header.line,
    date_order: dateOrder,
    timezone: settings.timezone,
    default_region: settings.default_region,
    rows: rowCount - skipped.length,
    accepted,
    rejected_rows: rejectedRows.size,
    rejections,
    warnings,
    skipped_lines: skipped,
    preview: [],
    counts: checker.counts(acceptedAppointments, acceptedCustomers),
    dry_run: !!options.dryRun,
    applied: false,
    refused: null,
    elapsed_ms: 0,
  };
  const previewRows = options.previewRows ?? 10;
  report.preview =
    mapping.kind === 'appointments'
      ? acceptedAppointments.slice(0, previewRows).map((a) => previewAppointment(a, settings.timezone))
      : acceptedCustomers.slice(0, previewRows).map(previewCustomer);

  if (header.detection.question) {
    report.refused = `nothing was imported: ${header.detection.question}`;
  } else if (rejectedRows.size > 0 && !options.skipInvalid) {
    report.refused = `${rejectedRows.size} of ${report.rows} rows were rejected, so nothing was imported; fix them, or import the other ${accepted} with skip-invalid`;
  } else if (accepted === 0) {
    report.refused = 'no row could be imported';
  }
  if (options.dryRun || report.refused) {
    report.elapsed_ms = Math.round(performance.now() - started);
    progress({ phase: 'done', done: 0, total: accepted });
    return report;
  }

  // ---- 3. apply: one transaction ----
  progress({ phase: 'applying', done: 0, total: accepted });
  const job: ApplyJob =
    mapping.kind === 'appointments'
      ? { kind: 'appointments', rows: acceptedAppointments, newServices: checker.servicesToCreate(), source: mapping.source }
      : { kind: 'customers', rows: acceptedCustomers, newServices: checker.servicesToCreate(), source: mapping.source };
  await beforeApply?.();
  // IMMEDIATE: takes the write lock first (waiting for it), so that no other connection's commit can void this one's reads.
  salon.db.transaction(() => applyImport(salon, job, (done) => progress({ phase: 'applying', done, total: accepted }))).immediate();
  progress({ phase: 'applying', done: accepted, total: accepted });
  report.applied = true;
  report.elapsed_ms = Math.round(performance.now() - started);
  progress({ phase: 'done', done: accepted, total: accepted });
  return report;
}

function headerError(lines: { cells: string[]; line: number }[], options: ImportOptions): ImportFileError {
  if (lines.length === 0) return new ImportFileError('the file is empty');
  const first = lines[0]!.cells.filter((c) => c.trim() !== '').join(', ');
  const what = options.source ? SOURCE_NAMES[options.source] : 'Square Appointments, Vagaro, Fresha or our own';
  const kind = options.kind ?? 'customer or appointment';
  return new ImportFileError(
    `no header row of a ${what} ${kind} export in the first ${lines.length} lines (line 1: ${first.slice(0, 300)}). ` +
      'An appointments file needs date (and time), service, and phone or customer name columns; a customers file, phone and name or email columns. ' +
      'Rename the columns, or add their names to the column map (electron/core/csv/columns.ts).',
  );
}

type CellOf = (cells: string[], field: Field) => { text: string; column: string | null };

function decideDateOrder(
  records: { cells: string[]; line: number }[],
  mapping: Mapping,
  cellOf: CellOf,
  given: DateOrder | undefined,
  region: string,
): ImportReport['date_order'] {
  if (given) return { order: given, why: 'given' };
  let dayFirst: number | null = null;
  let monthFirst: number | null = null;
  const fields: Field[] = ['date', 'start', 'booked_at', 'status_at', 'first_seen_at', 'first_visit_at', 'last_visit_at'];
  for (const { cells, line } of records) {
    for (const field of fields) {
      const parts = numericDateParts(cellOf(cells, field).text);
      if (!parts) continue;
      if (parts[0] > 12 && parts[1] <= 12) dayFirst ??= line;
      if (parts[1] > 12 && parts[0] <= 12) monthFirst ??= line;
    }
    if (dayFirst !== null && monthFirst !== null) {
      throw new ImportFileError(
        `the file's dates are written both ways: line ${dayFirst} has the day first and line ${monthFirst} the month first; say which with the date order option (mdy or dmy)`,
      );
    }
  }
  if (dayFirst !== null) return { order: 'dmy', why: `line ${dayFirst} has a day above 12 first` };
  if (monthFirst !== null) return { order: 'mdy', why: `line ${monthFirst} has a day above 12 second` };
  const order = MONTH_FIRST_REGIONS.has(region) ? 'mdy' : 'dmy';
  return { order, why: `the usual order in the default region ${region}` };
}

/** A "Total" line under the data, as report exports add: skipped, not rejected. */
function isSummaryRow(cells: string[], mapping: Mapping, cellOf: CellOf): boolean {
  const first = cells.find((c) => c.trim() !== '')?.trim() ?? '';
  if (!/^(grand )?totals?\b|^sum\b|^summary\b/i.test(first)) return false;
  return mapping.kind === 'appointments' ? !cellOf(cells, 'service').text || !cellOf(cells, 'date').text : !cellOf(cells, 'phone').text;
}

type Note = (field: string, column: string | null, value: string | null, reason: string) => void;

/** Maps and checks rows; what it needs from the database (catalogue, customers) is read once. */
class RowChecker {
  private readonly services = new Map<string, { name: string; price_cents: number; duration_min: number }>();
  private readonly newServices = new Map<string, { name: string; price_cents: number | undefined; duration_min: number | undefined; firstRow: number }>();
  private readonly knownPhones: Set<string>;
  private namesIndex: Map<string, number | null> | null = null;
  private readonly ids = new Map<string, number>();
  /** Cell text → E.164: a customer's number comes back on each of their rows. */
  private readonly phones = new Map<string, string>();
  private readonly zone: string;
  private readonly region: string;

  constructor(
    private readonly salon: Salon,
    private readonly mapping: Mapping,
    private readonly order: DateOrder,
    private readonly options: ImportOptions,
    private readonly cellOf: CellOf,
  ) {
    this.zone = salon.settings().timezone;
    this.region = salon.settings().default_region;
    for (const s of salon.services.list()) this.services.set(s.name.toLowerCase(), s);
    for (const [intent, name] of Object.entries(salon.services.intentMap())) {
      const s = this.services.get(name.toLowerCase());
      if (s && !this.services.has(intent.toLowerCase())) this.services.set(intent.toLowerCase(), s);
    }
    this.knownPhones = new Set(salon.db.prepare('SELECT phone FROM customers WHERE phone IS NOT NULL').pluck().all() as string[]);
  }

  private cell(cells: string[], field: Field) {
    return this.cellOf(cells, field);
  }

  /** A cell through a reader; a CellError becomes a rejection of the row. */
  private read<T>(cells: string[], field: Field, reject: Note, reader: (text: string) => T): T | undefined {
    const { text, column } = this.cell(cells, field);
    if (text === '') return undefined;
    try {
      return reader(text);
    } catch (err) {
      if (err instanceof CellError) {
        reject(field, column, text, err.message);
        return undefined;
      }
      throw err;
    }
  }

  private customerName(cells: string[]): string | undefined {
    const full = this.cell(cells, 'customer_name').text;
    const joined = full || [this.cell(cells, 'first_name').text, this.cell(cells, 'last_name').text].filter(Boolean).join(' ');
    const name = joined.replace(/\s+/g, ' ').trim();
    return name || undefined;
  }

  private customerByName(name: string): number | null | undefined {
    if (!this.namesIndex) {
      this.namesIndex = new Map();
      const rows = this.salon.db.prepare('SELECT id, name FROM customers WHERE is_test = 0 AND phone IS NOT NULL AND name IS NOT NULL').all() as {
        id: number;
        name: string;
      }[];
      for (const r of rows) {
        const key = normName(r.name);
        this.namesIndex.set(key, this.namesIndex.has(key) ? null : r.id);
      }
    }
    return this.namesIndex.get(normName(name));
  }

  private phone(cells: string[], reject: Note): string | undefined {
    const { text, column } = this.cell(cells, 'phone');
    if (!text) return undefined;
    // A cell with two numbers ("312-555-0101 / 312-555-0102"): the first.
    const cached = this.phones.get(text);
    if (cached) return cached;
    // Spreadsheet exports put an apostrophe before the number (Square, Acuity); Fresha writes the
    // country code with no "+" ("39 349 123 4567"), tried when the number is no number of the region.
    const number = text.replace(/^'/, '');
    const parts = [number, ...number.split(/\s*[/;,|]\s*|\s+or\s+/i)];
    const candidates = [...parts, ...parts.filter((p) => /^\d[\d\s.-]{9,}$/.test(p)).map((p) => `+${p}`)];
    for (const c of candidates) {
      const e164 = c ? toE164(c, this.region) : null;
      if (e164) {
        this.phones.set(text, e164);
        return e164;
      }
    }
    const hint = /e\+?\d+$/i.test(text) ? ' (a spreadsheet turned it into a number in scientific notation: export the column as text)' : '';
    reject('phone', column, text, `"${text}" is not a phone number in region ${this.region}${hint}`);
    return undefined;
  }

  private email(cells: string[], warn: Note): string | undefined {
    const { text, column } = this.cell(cells, 'email');
    if (!text) return undefined;
    if (isEmail(text) && text.length <= LIMITS.email) return text;
    warn('email', column, text, `"${text}" is not an email address; imported without it`);
    return undefined;
  }

  private notes(cells: string[], reject: Note, warn: Note, limit: number): string | undefined {
    const parts = [this.cell(cells, 'notes').text];
    const staff = this.cell(cells, 'staff').text;
    if (staff) parts.push(`Staff: ${staff}`);
    const notes = parts.filter(Boolean).join('\n');
    if (!notes || !this.plain(notes, 'notes', this.cell(cells, 'notes').column, reject)) return undefined;
    if (notes.length > limit) {
      warn('notes', this.cell(cells, 'notes').column, null, `notes longer than ${limit} characters were shortened`);
      return notes.slice(0, limit);
    }
    return notes;
  }

  private name(cells: string[], reject: Note): string | undefined {
    const name = this.customerName(cells);
    if (name && name.length > LIMITS.name) {
      reject('customer_name', this.cell(cells, 'customer_name').column, name.slice(0, 40) + '…', `longer than ${LIMITS.name} characters`);
      return undefined;
    }
    return name && this.plain(name, 'customer_name', this.cell(cells, 'customer_name').column, reject) ? name : undefined;
  }

  /** Refuses text with control characters (but tab and newline), bidirectional overrides or unpaired surrogates. */
  private plain(text: string, field: string, column: string | null, reject: Note): boolean {
    if (isPlainText(text)) return true;
    reject(field, column, null, PLAIN_TEXT_MESSAGE);
    return false;
  }

  appointment(cells: string[], row: number, reject: Note, warn: Note): AppointmentRecord | null {
    const start = this.start(cells, reject);
    const duration = this.read(cells, 'duration', reject, parseDurationMin) ?? this.durationFromEnd(cells, reject) ?? this.durationUntil(cells, start, reject);

    const { text: serviceText, column: serviceColumn } = this.cell(cells, 'service');
    let service: string | undefined;
    if (!serviceText) reject('service', serviceColumn, null, 'is missing');
    else if (serviceText.length > LIMITS.service) reject('service', serviceColumn, serviceText, `longer than ${LIMITS.service} characters`);
    else service = this.service(serviceText, row, serviceColumn, reject);

    const priceCents = this.mapping.columns.price_cents
      ? this.read(cells, 'price_cents', reject, parseCents)
      : this.read(cells, 'price', reject, parseMoneyCents);
    if (priceCents !== undefined && priceCents > MAX_PRICE_CENTS) {
      reject('price', this.cell(cells, 'price').column, this.cell(cells, 'price').text, 'is over 100,000.00');
    }
    const status = this.status(cells, start, reject);
    const bookedAt = this.read(cells, 'booked_at', reject, (t) => parseDateTime(t, this.zone, this.order, 'start-of-day'));
    const statusAt = this.read(cells, 'status_at', reject, (t) => parseDateTime(t, this.zone, this.order, 'start-of-day'));

    const name = this.name(cells, reject);
    const phone = this.phone(cells, reject);
    const email = this.email(cells, warn);
    let customer: CustomerRef | undefined;
    if (phone) customer = { phone, ...(name ? { name } : {}), ...(email ? { email } : {}) };
    else if (!this.cell(cells, 'phone').text) {
      const byName = name ? this.customerByName(name) : undefined;
      const phoneColumn = this.cell(cells, 'phone').column;
      if (typeof byName === 'number') customer = { id: byName };
      else if (byName === null) reject('phone', phoneColumn, null, `is missing, and several customers are called "${name}"`);
      else reject('phone', phoneColumn, null, `is missing${name ? `, and no customer is called "${name}" (import the customer list first)` : ''}: customers are matched by phone`);
    }

    const callSid = this.cell(cells, 'call_sid').text || undefined;
    if (callSid && callSid.length > LIMITS.callSid) reject('call_sid', this.cell(cells, 'call_sid').column, callSid, `longer than ${LIMITS.callSid} characters`);
    else if (callSid) this.plain(callSid, 'call_sid', this.cell(cells, 'call_sid').column, reject);
    const notes = this.notes(cells, reject, warn, LIMITS.appointmentNotes);
    const isTest = parseBoolean(this.cell(cells, 'is_test').text);

    if (start === undefined || !service || !customer) return null;
    const booked = bookedAt ?? start;
    let statusTime: number | null = null;
    if (status !== 'scheduled') {
      const length = duration ?? this.services.get(service.toLowerCase())?.duration_min ?? 0;
      statusTime = Math.max(statusAt ?? (status === 'completed' ? start + length * 60_000 : start), booked);
    }
    const id = this.appointmentId(cells, row, start, customer, service, reject);
    if (!id) return null;
    return {
      row,
      appointment_id: id,
      start_at: start,
      duration_min: duration,
      service,
      price_cents: priceCents,
      status,
      booked_at: booked,
      status_at: statusTime,
      customer,
      notes,
      call_sid: callSid,
      is_test: isTest,
    };
  }

  private start(cells: string[], reject: Note): number | undefined {
    const one = this.cell(cells, 'start');
    if (one.text) return this.read(cells, 'start', reject, (t) => parseDateTime(t, this.zone, this.order, 'refuse'));
    const date = this.cell(cells, 'date');
    if (!date.text) {
      reject(this.mapping.columns.date ? 'date' : 'start', date.column ?? one.column, null, 'is missing');
      return undefined;
    }
    const time = this.cell(cells, 'time');
    try {
      // A date column may hold the time too ("2026-03-05 10:00").
      if (!time.text) return parseDateTime(date.text, this.zone, this.order, 'refuse');
      const ymd = parseDate(date.text, this.order);
      try {
        return localInstant(ymd, parseTime(time.text), this.zone);
      } catch (err) {
        if (err instanceof CellError) reject('time', time.column, time.text, err.message);
        else throw err;
        return undefined;
      }
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      reject('date', date.column, date.text, time.text ? err.message : `${err.message}; and there is no time column value`);
      return undefined;
    }
  }

  /**
   * The file's status; a "Canceled" yes/no column; else, for a source that exports no status
   * (Acuity), a past appointment was kept and a coming one is scheduled.
   */
  private status(cells: string[], start: number | undefined, reject: Note): AppointmentStatus {
    const given = this.read(cells, 'status', reject, parseStatus);
    if (given) return given;
    if (parseBoolean(this.cell(cells, 'cancelled').text)) return 'cancelled';
    const past = start !== undefined && start <= this.salon.clock.now();
    return SOURCES[this.mapping.source].pastIsCompleted && past ? 'completed' : 'scheduled';
  }

  /** Minutes from the start to an end given as a date and time in one cell (Acuity's "End Time"). */
  private durationUntil(cells: string[], start: number | undefined, reject: Note): number | undefined {
    if (start === undefined) return undefined;
    const end = this.read(cells, 'end', reject, (t) => parseDateTime(t, this.zone, this.order, 'refuse'));
    if (end === undefined) return undefined;
    if (end > start) return Math.round((end - start) / 60_000);
    reject('end', this.cell(cells, 'end').column, this.cell(cells, 'end').text, 'is not after the start');
    return undefined;
  }

  private durationFromEnd(cells: string[], reject: Note): number | undefined {
    const end = this.cell(cells, 'end_time');
    const time = this.cell(cells, 'time');
    if (!end.text || !time.text) return undefined;
    try {
      const a = parseTime(time.text);
      const b = parseTime(end.text);
      const minutes = b.hour * 60 + b.minute - (a.hour * 60 + a.minute);
      if (minutes > 0) return minutes;
      reject('end_time', end.column, end.text, `is not after the start time ${time.text}`);
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      reject('end_time', end.column, end.text, err.message);
    }
    return undefined;
  }

  private service(text: string, row: number, column: string | null, reject: Note): string | undefined {
    const known = this.services.get(text.toLowerCase());
    if (known) return known.name;
    const planned = this.newServices.get(text.toLowerCase());
    if (planned) return planned.name;
    if (this.options.createServices) {
      this.newServices.set(text.toLowerCase(), { name: text, price_cents: undefined, duration_min: undefined, firstRow: row });
      return text;
    }
    reject('service', column, text, `"${text}" is not in the catalogue (add it in Settings → Services, or import with create-services)`);
    return undefined;
  }

  private appointmentId(cells: string[], row: number, start: number, customer: CustomerRef, service: string, reject: Note): string | null {
    const { text: own, column } = this.cell(cells, 'appointment_id');
    const source = this.mapping.source;
    let base: string;
    if (own && !this.plain(own, 'appointment_id', column, reject)) return null;
    if (own && source === 'generic') {
      if (own.length > LIMITS.id) {
        reject('appointment_id', column, own, `longer than ${LIMITS.id} characters`);
        return null;
      }
      const seen = this.ids.get(own);
      if (seen !== undefined) {
        reject('appointment_id', column, own, `appears twice in the file (first on row ${seen})`);
        return null;
      }
      this.ids.set(own, row);
      return own;
    }
    if (own) base = `${ID_PREFIX[source]}-${own.length > 64 ? hash(own) : own.replace(/\s+/g, '')}`;
    else base = `${ID_PREFIX[source]}-${hash(source, start, customer.phone ?? `#${customer.id}`, service.toLowerCase())}`;
    // The same id again (a multi-service booking listed per service, or two identical rows): numbered in file order.
    const n = (this.ids.get(base) ?? 0) + 1;
    this.ids.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  }

  /** Fills in the price and length of services to create from the first rows that give them. */
  finish(appointments: AppointmentRecord[]): void {
    if (this.newServices.size === 0) return;
    for (const a of appointments) {
      const s = this.newServices.get(a.service.toLowerCase());
      if (!s) continue;
      s.price_cents ??= a.price_cents;
      s.duration_min ??= a.duration_min;
    }
  }

  /** The planned services, as the catalogue will take them (in the import's transaction). */
  servicesToCreate(): ApplyJob['newServices'] {
    return [...this.newServices.values()].map((s) => ({ name: s.name, price_cents: s.price_cents ?? 0, duration_min: s.duration_min ?? 60 }));
  }

  customer(cells: string[], row: number, reject: Note, warn: Note): CustomerRecord | null {
    const name = this.name(cells, reject);
    const phone = this.phone(cells, reject);
    if (!phone && !this.cell(cells, 'phone').text) reject('phone', this.cell(cells, 'phone').column, null, 'is missing: customers are matched by phone');
    const email = this.email(cells, warn);
    const notes = this.notes(cells, reject, warn, LIMITS.customerNotes);
    const firstSeen = this.read(cells, 'first_seen_at', reject, (t) => parseDateTime(t, this.zone, this.order, 'start-of-day'));
    const history = readCustomerHistory((field, reader) => this.read(cells, field, reject, reader), this.zone, this.order, this.salon.clock.now());
    if (!phone) return null;
    return { row, phone, name, email, notes, first_seen_at: firstSeen, history, is_test: parseBoolean(this.cell(cells, 'is_test').text) };
  }

  counts(appointments: AppointmentRecord[], customers: CustomerRecord[]): ImportReport['counts'] {
    const phones = new Set<string>();
    for (const a of appointments) if (a.customer.phone) phones.add(a.customer.phone);
    for (const c of customers) phones.add(c.phone);
    let newCustomers = 0;
    for (const p of phones) if (!this.knownPhones.has(p)) newCustomers++;
    const result: ImportReport['counts'] = {
      customers: { new: newCustomers, existing: phones.size - newCustomers },
      services_to_create: [...this.newServices.values()].map((s) => s.name),
    };
    if (this.mapping.kind === 'appointments') {
      // One query for the whole file: one lookup per row held the event loop a few hundred ms on a big one.
      const already = this.salon.db
        .prepare('SELECT count(*) FROM appointments WHERE appointment_id IN (SELECT value FROM json_each(?))')
        .pluck()
        .get(JSON.stringify(appointments.map((a) => a.appointment_id))) as number;
      const byStatus: Record<AppointmentStatus, number> = { scheduled: 0, completed: 0, no_show: 0, cancelled: 0 };
      for (const a of appointments) byStatus[a.status]++;
      result.appointments = { new: appointments.length - already, already_imported: already, by_status: byStatus };
    }
    return result;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

function previewAppointment(a: AppointmentRecord, zone: string): PreviewRow {
  return {
    row: a.row,
    appointment_id: a.appointment_id,
    start: iso(a.start_at),
    start_local: DateTime.fromMillis(a.start_at, { zone }).toISO({ suppressMilliseconds: true })!,
    duration_min: a.duration_min ?? null,
    service: a.service,
    price_cents: a.price_cents ?? null,
    status: a.status,
    booked_at: iso(a.booked_at),
    status_at: a.status_at === null ? null : iso(a.status_at),
    customer_name: a.customer.name ?? null,
    customer_phone: a.customer.phone ?? (a.customer.id !== undefined ? `customer #${a.customer.id}` : null),
    customer_email: a.customer.email ?? null,
    notes: a.notes ?? null,
  };
}

function previewCustomer(c: CustomerRecord): PreviewRow {
  return {
    row: c.row,
    customer_name: c.name ?? null,
    customer_phone: c.phone,
    customer_email: c.email ?? null,
    notes: c.notes ?? null,
    first_seen_at: c.first_seen_at === undefined ? null : iso(c.first_seen_at),
    imported_first_visit_at: c.history.firstVisitAt === null ? null : iso(c.history.firstVisitAt),
    imported_last_visit_at: c.history.lastVisitAt === null ? null : iso(c.history.lastVisitAt),
    imported_visits: c.history.visits,
    imported_spend_cents: c.history.spendCents,
  };
}
