/**
 * What the booking panel works out before anything is sent: the day's free starts, what is
 * odd about a chosen start (closed day, outside hours, past), and a customer's usual service.
 * Days and hours are the salon's (DST included); instants are milliseconds.
 */
import type { Appointment, DayHoursView } from '../../electron/contract/index.js';
import { addDays, instantToWall, wallToInstant } from './format.js';

/** Free starts are offered on the quarter hour. */
export const START_STEP_MIN = 15;
/** How many free starts the panel lists. */
export const FREE_STARTS_SHOWN = 8;

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Monday = 0 … Sunday = 6 of a local calendar date. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/**
 * The day's starts, on the quarter hour, at which a service of `durationMin` fits within the
 * opening hours and overlaps no appointment still booked (the salon is taken as one chair:
 * the desk sees where the book is empty), from `now` on.
 */
export function freeStarts(options: {
  date: string;
  hours: (DayHoursView | null)[];
  durationMin: number;
  booked: Pick<Appointment, 'start' | 'duration_min' | 'status'>[];
  now: number;
  zone: string;
  limit?: number;
}): number[] {
  const day = options.hours[weekdayOf(options.date)];
  if (!day) return [];
  const busy = options.booked
    .filter((a) => a.status === 'scheduled' || a.status === 'completed')
    .map((a) => ({ from: Date.parse(a.start), to: Date.parse(a.start) + a.duration_min * 60_000 }));
  const starts: number[] = [];
  const close = minutes(day.close);
  for (let m = minutes(day.open); m + options.durationMin <= close; m += START_STEP_MIN) {
    const from = wallToInstant(options.date, hhmm(m), options.zone).getTime();
    const to = from + options.durationMin * 60_000;
    if (from < options.now || busy.some((b) => b.from < to && from < b.to)) continue;
    starts.push(from);
    if (starts.length === (options.limit ?? FREE_STARTS_SHOWN)) break;
  }
  return starts;
}

/** Today, or the next open day when the salon has closed (or will close within the quarter hour) today. */
export function firstBookableDay(today: string, hours: (DayHoursView | null)[], now: number, zone: string): string {
  for (let i = 0; i < 7; i += 1) {
    const date = addDays(today, i);
    const day = hours[weekdayOf(date)];
    if (day && wallToInstant(date, day.close, zone).getTime() - START_STEP_MIN * 60_000 > now) return date;
  }
  return today;
}

/** Why a start needs the desk to confirm it, in words; empty when it is an ordinary start. */
export function bookingConcerns(options: {
  start: number;
  durationMin: number;
  hours: (DayHoursView | null)[];
  now: number;
  zone: string;
  dayName: string;
  timeName(hhmm: string): string;
}): string[] {
  const wall = instantToWall(options.start, options.zone);
  const concerns: string[] = [];
  if (options.start < options.now) concerns.push('This time is in the past.');
  const day = options.hours[wall.weekday];
  if (!day) concerns.push(`The salon is closed on ${options.dayName}.`);
  else {
    const from = minutes(wall.time);
    if (from < minutes(day.open) || from + options.durationMin > minutes(day.close)) {
      concerns.push(`It is outside business hours (${options.timeName(day.open)} to ${options.timeName(day.close)}).`);
    }
  }
  return concerns;
}

/** The service a customer has had most often (the latest of equals), or null for a first visit. */
export function usualService(appointments: Pick<Appointment, 'service' | 'status' | 'start' | 'is_test'>[]): string | null {
  const tally = new Map<string, { count: number; last: number }>();
  for (const a of appointments) {
    if (a.is_test || a.status === 'cancelled') continue;
    const t = tally.get(a.service) ?? { count: 0, last: 0 };
    tally.set(a.service, { count: t.count + 1, last: Math.max(t.last, Date.parse(a.start)) });
  }
  let best: string | null = null;
  let bestTally = { count: 0, last: 0 };
  for (const [service, t] of tally) {
    if (t.count > bestTally.count || (t.count === bestTally.count && t.last > bestTally.last)) {
      best = service;
      bestTally = t;
    }
  }
  return best;
}

/** Today's date in the salon's zone. */
export function salonToday(zone: string, now = Date.now()): string {
  return instantToWall(now, zone).date;
}
