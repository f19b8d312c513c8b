import { DateTime, IANAZone } from 'luxon';
import { InputError } from './errors.js';

/** A stretch of time, [startMs, endMs) in UTC milliseconds. */
export interface Span {
  readonly startMs: number;
  readonly endMs: number;
}

/** A salon week: Monday 00:00 local to the next Monday 00:00 local (167, 168 or 169 hours). */
export interface Week extends Span {
  /** The Monday, `YYYY-MM-DD`, which names the week. */
  readonly start: string;
  /** The Sunday, `YYYY-MM-DD`. */
  readonly end: string;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function weekFromMonday(monday: DateTime): Week {
  // Where a DST change skips a Monday's midnight, that week starts at 01:00; the next still starts at 00:00.
  const next = monday.plus({ weeks: 1 }).startOf('day');
  return {
    start: monday.toISODate()!,
    end: next.minus({ days: 1 }).toISODate()!,
    startMs: monday.toMillis(),
    endMs: next.toMillis(),
  };
}

/** The last week each zone was asked for: the dashboard asks for the current week several times a request. */
const lastWeekContaining = new Map<string, Week>();

export function weekContaining(ms: number, zone: string): Week {
  const known = lastWeekContaining.get(zone);
  if (known && ms >= known.startMs && ms < known.endMs) return known;
  const week = weekFromMonday(DateTime.fromMillis(ms, { zone }).startOf('week'));
  lastWeekContaining.set(zone, week);
  return week;
}

/** The week that contains a local calendar date `YYYY-MM-DD`. */
export function weekOfDate(date: string, zone: string, field = 'week'): Week {
  return weekFromMonday(parseLocalDate(date, zone, field).startOf('week'));
}

/** `count` consecutive weeks, oldest first, the last one being `last`. */
export function weeksEndingWith(last: Week, count: number, zone: string): Week[] {
  const weeks: Week[] = new Array<Week>(count);
  let week = last;
  for (let i = count - 1; i >= 0; i--) {
    weeks[i] = week;
    if (i > 0) week = previousWeek(week, zone);
  }
  return weeks;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const isoDay = (localMs: number) => new Date(localMs).toISOString().slice(0, 10);

/** Weeks before weeks, per zone (a calendar fact that never changes): ten years of history is 520 entries. */
const weekBefore = new Map<string, Map<number, Week>>();

/**
 * The week before. Most weeks are exactly 168 hours: when the zone's offset is the same at both
 * ends and the week starts at local midnight, the week before is plain arithmetic (one zone
 * offset look-up instead of a dozen calendar operations). Across a change of offset (DST), or
 * in a zone whose Monday has no midnight, the calendar library works it out as before.
 */
export function previousWeek(week: Week, zone: string): Week {
  let known = weekBefore.get(zone);
  if (!known) weekBefore.set(zone, (known = new Map()));
  const hit = known.get(week.startMs);
  if (hit) return hit;
  if (known.size > 10_000) known.clear();
  const previous = previousWeekOf(week, zone);
  known.set(week.startMs, previous);
  return previous;
}

function previousWeekOf(week: Week, zone: string): Week {
  const offsetMs = zoneOffsetMs(week.startMs, zone);
  if (offsetMs !== null) {
    const startMs = week.startMs - WEEK_MS;
    const localStart = week.startMs + offsetMs;
    if (zoneOffsetMs(startMs, zone) === offsetMs && localStart % DAY_MS === 0) {
      return { start: isoDay(localStart - WEEK_MS), end: isoDay(localStart - DAY_MS), startMs, endMs: week.startMs };
    }
  }
  return weekFromMonday(DateTime.fromMillis(week.startMs, { zone }).minus({ weeks: 1 }).startOf('day'));
}

/**
 * What a week's figures compare with at `now`: the week before, up to the same weekday and time
 * of day in salon time while the week is in progress (none of it before the week has begun),
 * and the whole of it once the week is over.
 */
export function comparisonSpan(week: Week, now: number, zone: string): Span {
  const previous = previousWeek(week, zone);
  const sameMoment = DateTime.fromMillis(now, { zone }).minus({ weeks: 1 }).toMillis();
  return { startMs: previous.startMs, endMs: Math.min(Math.max(sameMoment, previous.startMs), previous.endMs) };
}

export function parseLocalDate(date: string, zone: string, field: string): DateTime {
  const parsed = DATE_RE.test(date) ? DateTime.fromISO(date, { zone }) : null;
  if (!parsed?.isValid) throw new InputError(field, `"${date}" is not a date (YYYY-MM-DD)`);
  return parsed;
}

/** The instants the salon keeps: 2000-01-01 to 2100-01-01 (UTC). Outside, a date is a typo or an attack. */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1);
export const isInstantInRange = (ms: number) => ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
export const OUT_OF_RANGE = 'is not between 2000-01-01 and 2100-01-01';

// A calendar date, a time of day, and `Z` or an offset of ±HH:MM (at most 14:00 either way).
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))$/i;

/**
 * An ISO 8601 timestamp with `Z` or a ±HH:MM offset, between 2000-01-01 and 2100-01-01, as
 * milliseconds; or, as a string, why it is not one. A timestamp without an offset (a bare date
 * too) is refused: guessing its zone would put a call in the wrong hour. Every instant the API,
 * IPC and CSV import take goes through here.
 */
export function readInstant(text: string): number | string {
  const t = text.trim();
  let ms = readPlainInstant(t);
  if (ms === null) {
    const parsed = INSTANT_RE.test(t) ? DateTime.fromISO(t, { setZone: true }) : null;
    if (!parsed?.isValid) return `"${text}" is not an ISO 8601 time with Z or a ±HH:MM offset (at most ±14:00)`;
    ms = parsed.toMillis();
  }
  return isInstantInRange(ms) ? ms : `"${text}" ${OUT_OF_RANGE}`;
}

// The form nearly every sender uses: seconds, at most milliseconds, and `Z` or ±HH:MM.
const PLAIN_INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * A timestamp of the plain form, as milliseconds, by arithmetic: what luxon answers, at a
 * twentieth of the cost (every ingested event carries one). Null for any other form, or a
 * field out of its range: luxon then decides.
 */
function readPlainInstant(t: string): number | null {
  const m = PLAIN_INSTANT_RE.exec(t);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const offsetMinutes = m[8] ? Number(m[9]) * 60 + Number(m[10]) : 0;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return null;
  if (Number(m[10]) > 59 || offsetMinutes > 14 * 60) return null;
  // Milliseconds as luxon reads a fraction (floor of 0.fff × 1000).
  const millis = m[7] ? Math.floor(parseFloat(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - (m[8] === '-' ? -1 : 1) * offsetMinutes * 60_000;
}

/** `readInstant`, refusing with an InputError that names the field. */
export function parseInstant(text: string, field: string): number {
  const read = readInstant(text);
  if (typeof read === 'string') throw new InputError(field, read);
  return read;
}

/**
 * A `from`/`to` bound of a list route: a local date (whole day, `to` inclusive) or an instant.
 */
export function parseRangeBound(text: string, zone: string, field: 'from' | 'to'): number {
  if (DATE_RE.test(text)) {
    const day = parseLocalDate(text, zone, field);
    return (field === 'to' ? day.plus({ days: 1 }) : day).toMillis();
  }
  return parseInstant(text, field);
}

/** The local calendar day containing an instant, as [start, end) in UTC milliseconds (23 or 25 hours on DST days). */
export function dayContaining(ms: number, zone: string): { startMs: number; endMs: number } {
  const start = DateTime.fromMillis(ms, { zone }).startOf('day');
  return { startMs: start.toMillis(), endMs: start.plus({ days: 1 }).toMillis() };
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export interface LocalTime {
  /** Monday = 0 … Sunday = 6, as the business-hours settings count. */
  weekday: number;
  minuteOfDay: number;
}

export function localTime(ms: number, zone: string): LocalTime {
  // The zone's offset at that instant, then plain arithmetic (1970-01-01 was a Thursday): what
  // the calendar library would answer, at a fraction of the cost of building a DateTime.
  const offset = zoneOffsetMs(ms, zone);
  if (offset !== null) {
    const local = ms + offset;
    const days = Math.floor(local / DAY_MS);
    return { weekday: (((days + 3) % 7) + 7) % 7, minuteOfDay: Math.floor((local - days * DAY_MS) / 60_000) };
  }
  const t = DateTime.fromMillis(ms, { zone });
  return { weekday: t.weekday - 1, minuteOfDay: t.hour * 60 + t.minute };
}

const SPAN_MS = 60 * 60_000;
/** Per zone: the offset (ms) over each hour (UTC) in which it does not change. */
const offsetsBySpan = new Map<string, Map<number, number>>();

/**
 * The zone's offset from UTC at an instant (ms), or null for a zone that is not a valid IANA
 * zone. Asking the zone costs tens of microseconds (Intl), and every ingested call asks
 * (after hours or not?), so each hour's offset is kept once it is known to hold over the whole
 * hour: equal at both ends, since no zone changes its offset twice within one. (A backfill's
 * calls, minutes apart, ask about a new span every few calls: an hour asks Intl a quarter as often.)
 */
export function zoneOffsetMs(ms: number, zone: string): number | null {
  let spans = offsetsBySpan.get(zone);
  if (!spans) {
    if (!IANAZone.isValidZone(zone)) return null;
    offsetsBySpan.set(zone, (spans = new Map()));
  }
  const span = Math.floor(ms / SPAN_MS);
  const known = spans.get(span);
  if (known !== undefined) return known;
  const tz = IANAZone.create(zone);
  const offset = tz.offset(ms) * 60_000;
  if (tz.offset(span * SPAN_MS) * 60_000 === offset && tz.offset(span * SPAN_MS + SPAN_MS - 1) * 60_000 === offset) {
    if (spans.size >= 100_000) spans.clear();
    spans.set(span, offset);
  }
  return offset;
}
