import { DateTime, IANAZone } from 'luxon';
import { InputError } from './errors.js';

/** A salon week: Monday 00:00 local to the next Monday 00:00 local (167, 168 or 169 hours). */
export interface Week {
  /** The Monday, `YYYY-MM-DD`, which names the week. */
  readonly start: string;
  /** The Sunday, `YYYY-MM-DD`. */
  readonly end: string;
  readonly startMs: number;
  readonly endMs: number;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function weekFromMonday(monday: DateTime): Week {
  const next = monday.plus({ weeks: 1 });
  return {
    start: monday.toISODate()!,
    end: next.minus({ days: 1 }).toISODate()!,
    startMs: monday.toMillis(),
    endMs: next.toMillis(),
  };
}

export function weekContaining(ms: number, zone: string): Week {
  return weekFromMonday(DateTime.fromMillis(ms, { zone }).startOf('week'));
}

/** The week that contains a local calendar date `YYYY-MM-DD`. */
export function weekOfDate(date: string, zone: string, field = 'week'): Week {
  return weekFromMonday(parseLocalDate(date, zone, field).startOf('week'));
}

/** `count` consecutive weeks, oldest first, the last one being `last`. */
export function weeksEndingWith(last: Week, count: number, zone: string): Week[] {
  const lastMonday = DateTime.fromMillis(last.startMs, { zone });
  const weeks: Week[] = [];
  for (let i = count - 1; i >= 0; i--) weeks.push(weekFromMonday(lastMonday.minus({ weeks: i })));
  return weeks;
}

export function previousWeek(week: Week, zone: string): Week {
  return weekFromMonday(DateTime.fromMillis(week.startMs, { zone }).minus({ weeks: 1 }));
}

export function parseLocalDate(date: string, zone: string, field: string): DateTime {
  const parsed = DATE_RE.test(date) ? DateTime.fromISO(date, { zone }) : null;
  if (!parsed?.isValid) throw new InputError(field, `"${date}" is not a date (YYYY-MM-DD)`);
  return parsed;
}

/**
 * An instant from an ISO 8601 timestamp with an offset or `Z`. A timestamp without an
 * offset is refused: guessing its zone would put a call in the wrong hour.
 */
export function parseInstant(text: string, field: string): number {
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid || !/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text.trim())) {
    throw new InputError(field, `"${text}" is not an ISO 8601 time with an offset`);
  }
  return parsed.toMillis();
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
  const t = DateTime.fromMillis(ms, { zone });
  return { weekday: t.weekday - 1, minuteOfDay: t.hour * 60 + t.minute };
}
