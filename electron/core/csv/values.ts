/**
 * The cell formats that booking systems and spreadsheets write, read into our units: money
 * to integer cents, lengths to minutes, local dates and times to instants in the salon's
 * zone, statuses to ours. Each reader throws a CellError whose message says what was expected.
 */
import { DateTime } from 'luxon';
import type { AppointmentStatus, DateOrder } from '../../contract/index.js';
import { isInstantInRange, OUT_OF_RANGE, readInstant } from '../time.js';

export class CellError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CellError';
  }
}

/**
 * A cell as text: trimmed, and without the apostrophe that our export puts before a formula-like
 * text. Vagaro writes `---` in an empty cell: that is empty.
 */
export function cellText(raw: string | undefined): string {
  const text = (raw ?? '').trim().replace(/\r\n?/g, '\n');
  if (/^-{2,}$/.test(text)) return '';
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

// ---- money ----

const CURRENCY = /^(?:usd|cad|aud|nzd|eur|gbp|us|ca|au|nz)(?=[\d$€£.,])|(?:usd|cad|aud|nzd|eur|gbp)$|[$€£¥]/gi;

/**
 * An amount as integer cents, or undefined for an empty cell. Takes "$1,234.50", "1234.5",
 * "USD 45", "45,50" and "1.234,50" (decimal comma), "Free". A negative amount is refused.
 */
export function parseMoneyCents(raw: string): number | undefined {
  let t = raw.replace(/[\s\u00a0']/g, '');
  if (t === '') return undefined;
  if (/^free$/i.test(t)) return 0;
  if (/^\(.*\)$/.test(t) || /^-|-$/.test(t.replace(CURRENCY, ''))) throw new CellError(`"${raw}" is negative; a price cannot be`);
  t = t.replace(CURRENCY, '').replace(/^\+/, '');
  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both: the later one is the decimal separator.
    t = lastDot > lastComma ? t.replace(/,/g, '') : t.replace(/\./g, '').replace(',', '.');
  } else if (lastComma >= 0) {
    // "45,50" is 45.50; "1,234" is 1234.
    t = /^\d+,\d{1,2}$/.test(t) ? t.replace(',', '.') : t.replace(/,(?=\d{3}(\D|$))/g, '');
  }
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) throw new CellError(`"${raw}" is not an amount of money (for example 45.00)`);
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw new CellError(`"${raw}" is too large`);
  return cents;
}

/**
 * A balance that may be negative, as integer cents: "$1,234.56", "-12.00", and accounting's
 * parenthesised "($12.00)".
 */
export function parseSignedMoneyCents(raw: string): number | undefined {
  const t = raw.replace(/[\s\u00a0]/g, '');
  const negative = /^\(.*\)$/.exec(t) ?? /^-|^[^\d]+-|-$/.exec(t);
  const cents = parseMoneyCents(negative ? t.replace(/^\(|\)$/g, '').replace('-', '') : t);
  return cents === undefined || !negative ? cents : -cents;
}

/** A count like "14" or "1,204". */
export function parseCount(raw: string): number | undefined {
  const t = raw.trim().replace(/,(?=\d{3}\b)/g, '');
  if (t === '') return undefined;
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) throw new CellError(`"${raw}" is not a whole number`);
  return Number(t);
}

/** Integer cents in a cell of their own (our export's `price_cents`). */
export function parseCents(raw: string): number | undefined {
  const t = raw.trim();
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) throw new CellError(`"${raw}" is not a whole number of cents`);
  return Number(t);
}

/** 4599 → "45.99". */
export function centsToDollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// ---- lengths ----

const UNIT_MINUTES: Record<string, number> = { h: 60, hr: 60, hrs: 60, hour: 60, hours: 60, m: 1, min: 1, mins: 1, minute: 1, minutes: 1 };

/** Minutes from "45", "45 min", "1h 30m", "1 hr 15 mins", "1:30", "1.5 hours". */
export function parseDurationMin(raw: string): number | undefined {
  const t = raw.trim().toLowerCase();
  if (t === '') return undefined;
  let minutes: number | undefined;
  let m: RegExpExecArray | null;
  if (/^\d+(\.\d+)?$/.test(t)) minutes = Number(t);
  else if ((m = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(t))) minutes = Number(m[1]) * 60 + Number(m[2]);
  else {
    const parts = /^(?:\s*\d+(?:\.\d+)?\s*(?:hours|hour|hrs|hr|h|minutes|minute|mins|min|m)\b\s*,?)+$/.test(t)
      ? [...t.matchAll(/(\d+(?:\.\d+)?)\s*(hours|hour|hrs|hr|h|minutes|minute|mins|min|m)\b/g)]
      : [];
    if (parts.length) minutes = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MINUTES[p[2]!]!, 0);
  }
  if (minutes === undefined) throw new CellError(`"${raw}" is not a length of time (for example 45, 45 min or 1h 30m)`);
  const rounded = Math.round(minutes);
  if (rounded < 1 || rounded > 1440) throw new CellError(`"${raw}" is not between 1 minute and 24 hours`);
  return rounded;
}

// ---- dates and times ----

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

function month(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, '');
  return MONTHS[key] ?? MONTHS[key.slice(0, 3)];
}

const fullYear = (y: string) => (y.length === 2 ? (Number(y) < 70 ? 2000 : 1900) + Number(y) : Number(y));
const NUMERIC_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/;
const WEEKDAY_PREFIX = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+/i;

/** For a numeric date like 03/04/2026, its first two numbers; the importer infers the file's order from them. */
export function numericDateParts(raw: string): [number, number] | null {
  const m = NUMERIC_DATE.exec(splitDateTime(raw).date.replace(WEEKDAY_PREFIX, ''));
  return m ? [Number(m[1]), Number(m[2])] : null;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** 2026-03-05, 2026/3/5, 03/05/2026 (order as given), 5.3.26, Mar 5, 2026, Thursday, March 5 2026, 5 Mar 2026, 5-Mar-26. */
export function parseDate(raw: string, order: DateOrder): Ymd {
  const t = raw.trim().replace(WEEKDAY_PREFIX, '');
  let m: RegExpExecArray | null;
  let ymd: Ymd | undefined;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t))) ymd = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  else if ((m = NUMERIC_DATE.exec(t))) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    ymd = order === 'mdy' ? { year: fullYear(m[3]!), month: a, day: b } : { year: fullYear(m[3]!), month: b, day: a };
  } else if ((m = /^([a-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i.exec(t)) && month(m[1]!)) {
    ymd = { year: Number(m[3]), month: month(m[1]!)!, day: Number(m[2]) };
  } else if ((m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9}\.?),?[\s-]+(\d{2}|\d{4})$/i.exec(t)) && month(m[2]!)) {
    ymd = { year: fullYear(m[3]!), month: month(m[2]!)!, day: Number(m[1]) };
  }
  if (!ymd) throw new CellError(`"${raw}" is not a date (for example 2026-03-05, ${order === 'mdy' ? '03/05/2026' : '05/03/2026'} or Mar 5, 2026)`);
  if (ymd.month < 1 || ymd.month > 12 || ymd.day < 1 || ymd.day > daysIn(ymd.year, ymd.month) || ymd.year < 1900 || ymd.year > 2200) {
    throw new CellError(`"${raw}" is not a real date`);
  }
  return ymd;
}

interface Hms {
  hour: number;
  minute: number;
  second: number;
}

/** 10:00, 10:00:00, 14.30, 10:00 AM, 10am, 2:30 p.m. */
export function parseTime(raw: string): Hms {
  const t = raw.trim().toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s*m?\.?$/.exec(t))) {
    const h = Number(m[1]);
    if (h < 1 || h > 12) throw new CellError(`"${raw}" is not a time of day`);
    return { hour: (h % 12) + (m[4] === 'p' ? 12 : 0), minute: Number(m[2] ?? 0), second: Number(m[3] ?? 0) };
  }
  if ((m = /^(\d{1,2})[:.](\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(t))) {
    const hms = { hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3] ?? 0) };
    if (hms.hour > 23 || hms.minute > 59 || hms.second > 59) throw new CellError(`"${raw}" is not a time of day`);
    return hms;
  }
  throw new CellError(`"${raw}" is not a time of day (for example 14:30 or 2:30 PM)`);
}

const TIME_AT_END = /(?:^|[\sT,@]|\bat\s)(\d{1,2}(?:[:.]\d{2}){1,2}(?:\.\d+)?\s*(?:[ap]\.?\s*m?\.?)?|\d{1,2}\s*[ap]\.?\s*m\.?)$/i;

/** "2026-03-05 10:00", "Mar 5, 2026 at 2:30 PM" → its date part and time part (empty when it has none). */
export function splitDateTime(raw: string): { date: string; time: string } {
  const t = raw.trim();
  const m = TIME_AT_END.exec(t);
  if (!m) return { date: t, time: '' };
  return { date: t.slice(0, m.index).replace(/(?:[\sT,@]|\bat)+$/i, '').trim(), time: m[1]!.trim() };
}

const OFFSET_AT_END = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

// A zone's offset on each local day, when it is the same all day (null on a day the clocks
// change). Working out a zone's offset is most of the cost of a row (Luxon asks Intl for it),
// and the rows of a salon's file share their days.
const dayOffsets = new Map<string, number | null>();

function dayOffsetMinutes(date: Ymd, zone: string): number | null {
  const key = `${zone}|${date.year}-${date.month}-${date.day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = DateTime.fromObject({ ...date, hour: 0, minute: 0 }, { zone });
    const last = DateTime.fromObject({ ...date, hour: 23, minute: 59 }, { zone });
    offset = first.isValid && last.isValid && first.offset === last.offset ? first.offset : null;
    if (dayOffsets.size >= 100_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset;
}

/** A local date and time in the salon's zone, as UTC milliseconds. */
export function localInstant(date: Ymd, time: Hms, zone: string): number {
  const offset = dayOffsetMinutes(date, zone);
  let ms: number;
  if (offset !== null) ms = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute) - offset * 60_000;
  else {
    // The day the clocks change: Luxon places a time in the gap or the overlap.
    const dt = DateTime.fromObject({ ...date, hour: time.hour, minute: time.minute }, { zone });
    if (!dt.isValid) throw new CellError(`not a valid time in ${zone}`);
    ms = dt.toMillis();
  }
  if (!isInstantInRange(ms)) throw new CellError(`${DateTime.fromMillis(ms, { zone }).toISODate()} ${OUT_OF_RANGE}`);
  return ms + time.second * 1000;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * An instant from one cell: an ISO 8601 time with an offset (taken as is), or a local date
 * and time in the salon's zone. `dateOnly` says what a cell without a time means: refused
 * (a start needs a time) or the start of that day.
 */
export function parseDateTime(raw: string, zone: string, order: DateOrder, dateOnly: 'refuse' | 'start-of-day'): number {
  const t = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(t) && OFFSET_AT_END.test(t)) {
    const read = readInstant(t);
    if (typeof read === 'string') throw new CellError(read);
    return read;
  }
  const { date, time } = splitDateTime(t);
  if (!time && dateOnly === 'refuse') throw new CellError(`"${raw}" has a date but no time of day`);
  return localInstant(parseDate(date, order), time ? parseTime(time) : { hour: 0, minute: 0, second: 0 }, zone);
}

// ---- statuses ----

const STATUS_PATTERNS: [RegExp, AppointmentStatus][] = [
  [/^(no ?shows?|did ?n ?t show|did not show|not shown|missed|absent)\b/, 'no_show'],
  [/^(cancel|late cancel|declined|rejected|deleted|void)/, 'cancelled'],
  [/^(completed?|checked ?out|check ?out|paid|done|finished|closed|showed|shown|show|arrived|checked ?in|started|in service|in progress|ready to start|serviced)\b/, 'completed'],
  [/^(scheduled|booked|confirmed|unconfirmed|not confirmed|accepted|pending|new|requested|upcoming|reserved|rescheduled|waiting|awaiting|open|request)\b/, 'scheduled'],
];

/**
 * A booking system's status as ours. "Cancelled by Seller" and "Late cancellation" are
 * cancelled; "Checked out", "Paid", "Show" and "Arrived" are completed (the client came);
 * "Accepted", "Confirmed" and "Pending" are scheduled. An empty cell is scheduled.
 */
export function parseStatus(raw: string): AppointmentStatus {
  const t = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  if (t === '') return 'scheduled';
  if (t === 'no show' || t === 'noshow' || t === 'no_show') return 'no_show';
  for (const [pattern, status] of STATUS_PATTERNS) if (pattern.test(t)) return status;
  throw new CellError(`"${raw}" is not a status we know (completed, no-show, cancelled, booked/confirmed/scheduled and their usual synonyms)`);
}

export function parseBoolean(raw: string): boolean {
  return /^(1|true|yes|y|x)$/i.test(raw.trim());
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const isEmail = (text: string) => EMAIL.test(text);
