/**
 * The arithmetic fast paths of salon time (the local hour of a call, the week before a week)
 * give what the calendar library gives, in zones with DST, half-hour DST and odd offsets.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localTime, previousWeek, weekContaining } from '../electron/core/time.js';

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
});
