/**
 * The booking panel's arithmetic, in the salon's zone: free starts fit the service within the
 * hours and around what is booked (on a DST day too), the concerns that need "book anyway",
 * the customer's usual service, and the first day still open for booking.
 */
import { describe, expect, it } from 'vitest';
import { bookingConcerns, firstBookableDay, freeStarts, usualService } from '../renderer/src/booking.js';
import { instantToWall, wallToInstant } from '../renderer/src/format.js';

const ZONE = 'America/Chicago';
const HOURS = [0, 1, 2, 3, 4, 5].map(() => ({ open: '09:00', close: '18:00' })) as ({ open: string; close: string } | null)[];
HOURS.push(null); // Sunday closed
const at = (date: string, time: string) => wallToInstant(date, time, ZONE).getTime();
const times = (starts: number[]) => starts.map((ms) => instantToWall(ms, ZONE).time);

describe('booking arithmetic', () => {
  it('free starts fit the service before closing and skip what is booked', () => {
    const starts = freeStarts({
      date: '2026-12-08',
      hours: HOURS,
      durationMin: 60,
      booked: [
        { start: new Date(at('2026-12-08', '09:30')).toISOString(), duration_min: 45, status: 'scheduled' },
        { start: new Date(at('2026-12-08', '11:00')).toISOString(), duration_min: 60, status: 'cancelled' },
      ],
      now: at('2026-12-01', '12:00'),
      zone: ZONE,
      limit: 100,
    });
    // 9:00 would run into the 9:30 booking; it ends at 10:15. A cancelled one frees its slot.
    expect(times(starts).slice(0, 3)).toEqual(['10:15', '10:30', '10:45']);
    expect(times(starts)).toContain('11:00');
    expect(times(starts).at(-1)).toBe('17:00');
  });

  it('on the day the clocks go back, starts are still on the wall clock; none before now; none on a closed day', () => {
    // Sunday 2026-11-01, with Sunday hours: 1:00 AM happens twice, 9:00 AM is 15:00 UTC (not 14:00).
    const sundays = HOURS.map(() => ({ open: '09:00', close: '18:00' }));
    expect(new Date(freeStarts({ date: '2026-11-01', hours: sundays, durationMin: 30, booked: [], now: 0, zone: ZONE })[0]!).toISOString()).toBe('2026-11-01T15:00:00.000Z');
    const starts = freeStarts({ date: '2026-11-01', hours: sundays, durationMin: 30, booked: [], now: at('2026-11-01', '15:05'), zone: ZONE, limit: 100 });
    expect(times(starts)).toEqual(['15:15', '15:30', '15:45', '16:00', '16:15', '16:30', '16:45', '17:00', '17:15', '17:30']);
    expect(freeStarts({ date: '2026-12-06', hours: HOURS, durationMin: 30, booked: [], now: 0, zone: ZONE })).toEqual([]);
  });

  it('a closed day, a time outside the hours and a past time each need "book anyway"', () => {
    const words = { dayName: 'Sun, Dec 6, 2026', timeName: (hhmm: string) => hhmm, hours: HOURS, zone: ZONE, durationMin: 45 };
    expect(bookingConcerns({ ...words, start: at('2026-12-06', '03:00'), now: at('2026-12-01', '12:00') })).toEqual(['The salon is closed on Sun, Dec 6, 2026.']);
    expect(bookingConcerns({ ...words, start: at('2026-12-08', '17:30'), now: at('2026-12-01', '12:00') })).toEqual(['It is outside business hours (09:00 to 18:00).']);
    expect(bookingConcerns({ ...words, start: at('2026-11-30', '10:00'), now: at('2026-12-01', '12:00') })).toEqual(['This time is in the past.']);
    expect(bookingConcerns({ ...words, start: at('2026-12-08', '10:00'), now: at('2026-12-01', '12:00') })).toEqual([]);
  });

  it('the usual service is the most frequent, the latest of equals; cancelled and test bookings do not count', () => {
    const a = (service: string, start: string, status = 'completed', is_test = false) => ({ service, start, status: status as 'completed', is_test });
    expect(usualService([a('Haircut', '2026-01-01T10:00:00Z'), a('Hair Color', '2026-02-01T10:00:00Z'), a('Hair Color', '2026-03-01T10:00:00Z')])).toBe('Hair Color');
    expect(usualService([a('Haircut', '2026-01-01T10:00:00Z'), a('Perm', '2026-02-01T10:00:00Z')])).toBe('Perm');
    expect(usualService([a('Perm', '2026-02-01T10:00:00Z', 'cancelled'), a('Blowout', '2026-01-01T10:00:00Z', 'completed', true)])).toBeNull();
  });

  it('after closing time, booking opens on the next open day (Saturday evening: Monday)', () => {
    expect(firstBookableDay('2026-12-08', HOURS, at('2026-12-08', '10:00'), ZONE)).toBe('2026-12-08');
    expect(firstBookableDay('2026-12-08', HOURS, at('2026-12-08', '17:50'), ZONE)).toBe('2026-12-09');
    expect(firstBookableDay('2026-12-05', HOURS, at('2026-12-05', '19:00'), ZONE)).toBe('2026-12-07');
  });
});
