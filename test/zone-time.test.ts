/**
 * The arithmetic fast paths of salon time (the local hour of a call, the week before a week, an
 * event's timestamp) give what the calendar library gives, in zones with DST, half-hour DST and odd offsets.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isInstantInRange, localTime, previousWeek, readInstant, weekContaining } from '../electron/core/time.js';

const ZONES = ['America/Chicago', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo', 'Asia/Tehran', 'UTC'];
const HOUR_MS = 3_600_000;

describe('salon time fast paths agree with luxon', () => {
  it.each(ZONES)('local weekday and minute across two years, every 97 minutes, in %s', (zone) => {
    const from = Date.UTC(2025, 0, 1);
    // Steps of 97 minutes (prime to 60) land on every minute of the hour over the years, DST changes included.
    for (let ms = from; ms < from + 2 * 365 * 24 * HOUR_MS; ms += 97 * 60_000) {
      const t = DateTime.fromMillis(ms, { zone });
      expect(localTime(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toEqual({ weekday: t.weekday - 1, minuteOfDay: t.hour * 60 + t.minute });
    }
  });

  it.each(ZONES)('the week before each of 600 weeks in %s', (zone) => {
    let week = weekContaining(Date.UTC(2026, 10, 26), zone);
    for (let i = 0; i < 600; i++) {
      const before = previousWeek(week, zone);
      const monday = DateTime.fromISO(week.start, { zone }).minus({ weeks: 1 }).startOf('week');
      expect(before).toEqual({ start: monday.toISODate(), end: monday.plus({ days: 6 }).toISODate(), startMs: monday.toMillis(), endMs: week.startMs });
      week = before;
    }
  });

  it('reads timestamps as luxon does, real or not (30 Februaries, 24 o\'clock, leap days, fractions, offsets to ±14:00)', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    let seed = 11;
    const pick = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const offsets = ['Z', '+00:00', '-05:00', '+05:45', '-09:30', '+13:59', '+14:00', '-14:00'];
    const fractions = ['', '.5', '.05', '.123', '.999', '.001'];
    for (let i = 0; i < 20_000; i++) {
      // Fields a little past their ranges too (month 13, day 31 of short months, hour 24, minute and second 60).
      const text = `${1999 + pick(103)}-${two(1 + pick(13))}-${two(1 + pick(31))}T${two(pick(25))}:${two(pick(61))}:${two(pick(61))}${fractions[pick(fractions.length)]}${offsets[pick(offsets.length)]}`;
      const parsed = DateTime.fromISO(text, { setZone: true });
      const expected = parsed.isValid && isInstantInRange(parsed.toMillis()) ? parsed.toMillis() : 'refused';
      const read = readInstant(text);
      expect(typeof read === 'number' ? read : 'refused', text).toBe(expected);
    }
  });
});
