import { DateTime } from 'luxon';
import type { BusinessHours } from '../core/settings.js';

const DAY_MS = 86_400_000;

/** One local calendar day of the salon, with what the model needs to place events in it. */
export interface Day {
  /** Days since the first Monday of the history. */
  readonly index: number;
  readonly date: string;
  readonly month: number;
  readonly dayOfMonth: number;
  /** Monday = 0 … Sunday = 6, as the business-hours settings count. */
  readonly weekday: number;
  /** Opening and closing minute of the day, or null when the salon is closed (a closed weekday or a holiday). */
  readonly hours: { open: number; close: number } | null;
  readonly holiday: boolean;
  /** UTC milliseconds of local 00:00 at the day's midday offset (exact from 03:00 local on DST days). */
  readonly baseMs: number;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** New Year's Day, the Fourth of July, Thanksgiving and Christmas: the salon is closed. */
function isHoliday(month: number, day: number, weekday: number): boolean {
  if ((month === 1 && day === 1) || (month === 7 && day === 4) || (month === 12 && day === 25)) return true;
  return month === 11 && weekday === 3 && day >= 22 && day <= 28;
}

/**
 * The salon's local calendar: days are computed once (with luxon), and every later time
 * conversion is arithmetic on the day's offset, so placing hundreds of thousands of events
 * costs next to nothing. Times are placed between 03:00 and 24:00 local, where the midday
 * offset is exact even on the days the clocks change.
 */
export class SalonCalendar {
  private readonly days: Day[] = [];
  private readonly first: DateTime;
  private readonly firstMs: number;

  constructor(
    readonly zone: string,
    private readonly businessHours: BusinessHours,
    firstMondayMs: number,
  ) {
    this.first = DateTime.fromMillis(firstMondayMs, { zone }).startOf('day');
    this.firstMs = this.first.toMillis();
  }

  day(index: number): Day {
    while (this.days.length <= index) this.days.push(this.makeDay(this.days.length));
    return this.days[index]!;
  }

  /** The day containing an instant (placed by the rules above). */
  dayOf(ms: number): Day {
    let index = Math.max(0, Math.floor((ms - this.firstMs) / DAY_MS));
    while (index > 0 && this.day(index).baseMs > ms) index--;
    while (this.day(index + 1).baseMs <= ms) index++;
    return this.day(index);
  }

  /** UTC milliseconds of a local minute of a day. */
  at(day: Day, minuteOfDay: number): number {
    return day.baseMs + minuteOfDay * 60_000;
  }

  minuteOfDay(ms: number): number {
    return (ms - this.dayOf(ms).baseMs) / 60_000;
  }

  private makeDay(index: number): Day {
    const local = this.first.plus({ days: index });
    const midday = local.set({ hour: 12 });
    const weekday = local.weekday - 1;
    const holiday = isHoliday(local.month, local.day, weekday);
    const open = this.businessHours[weekday];
    return {
      index,
      date: local.toISODate()!,
      month: local.month,
      dayOfMonth: local.day,
      weekday,
      hours: open && !holiday ? { open: minutes(open.open), close: minutes(open.close) } : null,
      holiday,
      baseMs: Date.UTC(local.year, local.month - 1, local.day) - midday.offset * 60_000,
    };
  }
}

/** Day of the year, 0-based, ignoring leap days (good enough for a season curve). */
function dayOfYear(month: number, day: number): number {
  const starts = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
  return starts[month - 1]! + day - 1;
}

function bump(doy: number, centre: number, width: number): number {
  const d = Math.min(Math.abs(doy - centre), 365 - Math.abs(doy - centre));
  return Math.exp(-0.5 * (d / width) ** 2);
}

/**
 * How busy the time of year is, around 1: the December party season and the pre-summer run
 * of proms, graduations and weddings peak; January is the dip; mid-August is holidays.
 */
export function seasonality(day: Day): number {
  const doy = dayOfYear(day.month, day.dayOfMonth);
  return (
    1 +
    0.3 * bump(doy, 349, 12) +
    0.15 * bump(doy, 148, 22) +
    0.06 * bump(doy, 95, 12) +
    0.05 * bump(doy, 245, 8) -
    0.24 * bump(doy, 16, 14) -
    0.08 * bump(doy, 226, 14)
  );
}

/** How much of the occasion styling season a day is in: December before Christmas; prom and wedding season. */
export function occasionSeason(day: Day): number {
  if (day.month === 12 && day.dayOfMonth <= 23) return 1;
  if ((day.month === 5 && day.dayOfMonth >= 10) || (day.month === 6 && day.dayOfMonth <= 25)) return 0.7;
  if (day.month === 9 || day.month === 10) return 0.25;
  return 0;
}
