/**
 * Dates, times, money and phone numbers as the desk reads them: in the salon's time zone and
 * the browser's locale, with Intl. Instants come from the API as ISO strings (UTC); week
 * names and range bounds are local calendar dates (`YYYY-MM-DD`).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export const CURRENCY = 'USD';

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** Milliseconds of a local calendar date at UTC midnight, for date-only arithmetic and display. */
export function dateMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

export function addDays(date: string, days: number): string {
  return new Date(dateMs(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The zone's offset from UTC at an instant, in ms. */
export function zoneOffsetMs(ms: number, zone: string): number {
  const parts = dtf('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** A wall-clock time in the salon's zone (`YYYY-MM-DD`, `HH:MM`) as an instant. */
export function wallToInstant(date: string, time: string, zone: string): Date {
  const [hh, mm] = time.split(':').map(Number);
  const guess = dateMs(date) + (hh! * 60 + mm!) * 60_000;
  let ms = guess - zoneOffsetMs(guess, zone);
  ms = guess - zoneOffsetMs(ms, zone);
  return new Date(ms);
}

/** An instant as the salon's wall clock: date, time, weekday (Monday = 0) and hour. */
export function instantToWall(iso: string | number, zone: string): { date: string; time: string; weekday: number; hour: number } {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  const local = new Date(ms + zoneOffsetMs(ms, zone));
  const date = local.toISOString().slice(0, 10);
  const time = local.toISOString().slice(11, 16);
  return { date, time, weekday: (local.getUTCDay() + 6) % 7, hour: local.getUTCHours() };
}

export interface Formatter {
  timezone: string;
  locale: string | undefined;
  money(cents: number): string;
  percent(fraction: number): string;
  count(n: number): string;
  duration(seconds: number): string;
  /** A signed relative change: "+12.5%". */
  change(fraction: number): string;
  /** A signed change of a rate, in percentage points: "+4.2 pts", "−5.6 pts". */
  points(difference: number): string;
  /** Money to the whole dollar, for a projection: "$3,965". */
  wholeMoney(cents: number): string;
  dateTime(iso: string): string;
  time(iso: string): string;
  date(iso: string): string;
  /** A local calendar date (`YYYY-MM-DD`). */
  day(date: string): string;
  weekRange(start: string, end: string): string;
  weekday(index: number, width?: 'short' | 'long'): string;
  /** An hour of the day (0–23) in the locale's style: "3 PM", "15 h". */
  hour(h: number): string;
  phone(phone: string | null | undefined): string;
}

export function makeFormatter(timezone: string, region = 'US', locale: string | undefined = undefined): Formatter {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: CURRENCY });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const change = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const points = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const wholeMoney = new Intl.NumberFormat(locale, { style: 'currency', currency: CURRENCY, minimumFractionDigits: 0, maximumFractionDigits: 0 });
  const zoned = (options: Intl.DateTimeFormatOptions) => dtf(locale, { timeZone: timezone, ...options });
  const utcDate = (options: Intl.DateTimeFormatOptions) => dtf(locale, { timeZone: 'UTC', ...options });
  return {
    timezone,
    locale,
    money: (cents) => money.format(cents / 100),
    percent: (f) => percent.format(f),
    count: (n) => count.format(n),
    duration(seconds) {
      const s = Math.round(seconds);
      const m = Math.floor(s / 60);
      return m > 0 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
    },
    change: (f) => change.format(f),
    points(difference) {
      const tenths = Math.round(difference * 1000);
      return `${tenths > 0 ? '+' : tenths < 0 ? '−' : ''}${points.format(Math.abs(tenths) / 10)} pts`;
    },
    wholeMoney: (cents) => wholeMoney.format(Math.round(cents / 100)),
    dateTime: (iso) => zoned({ weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso)),
    time: (iso) => zoned({ hour: 'numeric', minute: '2-digit' }).format(new Date(iso)),
    date: (iso) => zoned({ year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso)),
    day: (date) => utcDate({ weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(dateMs(date))),
    weekRange(start, end) {
      const f = utcDate({ year: 'numeric', month: 'short', day: 'numeric' });
      return f.formatRange(new Date(dateMs(start)), new Date(dateMs(end)));
    },
    weekday(index, width = 'short') {
      // 2024-01-01 was a Monday.
      return utcDate({ weekday: width }).format(new Date(Date.UTC(2024, 0, 1 + index)));
    },
    hour: (h) => utcDate({ hour: 'numeric' }).format(new Date(Date.UTC(2024, 0, 1, h))),
    phone(phone) {
      if (!phone) return 'unknown number';
      const parsed = parsePhoneNumberFromString(phone, region as CountryCode);
      if (!parsed?.isValid()) return phone;
      return parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
    },
  };
}
