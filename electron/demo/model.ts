/**
 * The numbers behind the demo salon: a busy neighbourhood salon in Chicago with four or five
 * chairs. Volumes are per week at today's level; the history scales them by seasonality and
 * by slow growth (the salon was smaller years ago).
 */
export const MODEL = {
  /** Yearly growth of the clientele and the phone traffic. */
  growthPerYear: 0.045,

  /** People who get in touch meaning to book a first visit, per week. */
  newClientsPerWeek: 24,
  /** Calls that book nothing: prices, opening hours, directions, "running late", product questions. */
  inquiryCallsPerWeek: 62,
  /** Regulars booking an extra styling for an occasion, per week at the height of the season. */
  occasionVisitsPerWeek: 14,
  /** Robocalls, sales pitches, withheld numbers, wrong numbers. */
  junkCallsPerWeek: 7,

  /** What a first-time client becomes: a regular on their own rhythm, an occasional returner, or a one-timer. */
  regularShare: 0.3,
  occasionalShare: 0.22,
  /** How long a regular stays with the salon (exponential), in weeks. */
  regularLifetimeWeeks: 70,

  /** How a new client first comes in. */
  newClientWalkIn: 0.28,
  newClientAsksFirst: 0.1,

  /** Missed-call follow-up: the share who try again, and the most attempts. */
  retryAfterMissed: 0.72,
  maxAttempts: 4,
  inquiryRetryAfterMissed: 0.35,

  /** Outcomes of booked (not walk-in) appointments. */
  noShow: { regular: 0.065, occasional: 0.09, first: 0.12 },
  cancelBase: { regular: 0.063, other: 0.077 },
  cancelPerLeadDay: 0.0027,
  cancelMax: 0.17,
  reschedule: 0.04,
  cancelByPhone: 0.55,
  rescheduleByPhone: 0.6,

  /** Share of bookings with a note, and of regulars' bookings naming their stylist. */
  noteShare: 0.1,
  stylistNoteShare: 0.3,
  /** Share of first-time clients whose email the desk takes. */
  emailShare: 0.5,
  /** Share of callers whose caller ID shows their name. */
  callerIdName: 0.6,
} as const;

/** Service mix by catalogue name (a custom service the model does not know gets `otherService`). */
export const SERVICE_WEIGHTS: Readonly<Record<string, number>> = {
  Haircut: 44,
  'Hair Color': 16,
  Highlights: 10,
  Blowout: 13,
  'Hair Treatment': 7,
  Perm: 3,
  Consultation: 0,
};
export const FIRST_VISIT_CONSULTATION = 7;
export const OTHER_SERVICE_WEIGHT = 4;

/** A regular's rhythm by their usual service, in weeks (everything within 4–10). */
export const VISIT_INTERVAL_WEEKS: Readonly<Record<string, readonly [number, number]>> = {
  Haircut: [4, 8],
  'Hair Color': [5, 8],
  Highlights: [7, 10],
  Blowout: [4, 6],
  'Hair Treatment': [5, 9],
  Perm: [8, 10],
};
export const DEFAULT_INTERVAL_WEEKS: readonly [number, number] = [4, 10];

const hours = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0);

/**
 * Inbound calls by local hour, Monday first: the lunch and after-work peaks on weekdays, a
 * busy Saturday morning, a trickle on Sunday and in the evenings (after hours).
 */
const WEEKDAY_CALLS = hours({ 7: 0.04, 8: 0.25, 9: 0.8, 10: 1.0, 11: 1.1, 12: 1.45, 13: 1.2, 14: 0.9, 15: 0.9, 16: 1.15, 17: 1.5, 18: 0.6, 19: 0.32, 20: 0.17, 21: 0.07, 22: 0.02 });
const SATURDAY_CALLS = hours({ 7: 0.04, 8: 0.3, 9: 1.25, 10: 1.55, 11: 1.45, 12: 1.2, 13: 1.0, 14: 0.8, 15: 0.7, 16: 0.6, 17: 0.45, 18: 0.22, 19: 0.12, 20: 0.06, 21: 0.02 });
const SUNDAY_CALLS = hours({ 9: 0.1, 10: 0.2, 11: 0.27, 12: 0.3, 13: 0.28, 14: 0.25, 15: 0.24, 16: 0.24, 17: 0.2, 18: 0.17, 19: 0.15, 20: 0.1, 21: 0.04 });
const DAY_CALL_SCALE = [0.88, 0.95, 1.0, 1.05, 1.32, 1.0, 1.0];

export const CALL_HOURS: readonly (readonly number[])[] = [0, 1, 2, 3, 4, 5, 6].map((d) =>
  (d === 5 ? SATURDAY_CALLS : d === 6 ? SUNDAY_CALLS : WEEKDAY_CALLS).map((w) => w * DAY_CALL_SCALE[d]!),
);
export const CALL_DAY_WEIGHT = CALL_HOURS.map((h) => h.reduce((a, b) => a + b, 0));
const meanDayWeight = CALL_DAY_WEIGHT.reduce((a, b) => a + b, 0) / 7;
/** A day's share of a week's calls, times 7 (1 on an average day). */
export const CALL_DAY_FACTOR = CALL_DAY_WEIGHT.map((w) => w / meanDayWeight);
export const CALL_PEAK = Math.max(...CALL_HOURS.flat());

/** When clients like to sit in the chair: Friday and Saturday fill first; late afternoons on weekdays. */
export const APPOINTMENT_DAY_WEIGHT = [0.65, 0.85, 0.95, 1.1, 1.3, 1.55, 0.9];
const WEEKDAY_SLOTS = hours({ 8: 0.3, 9: 0.6, 10: 0.9, 11: 1.0, 12: 0.85, 13: 0.8, 14: 0.85, 15: 1.0, 16: 1.15, 17: 1.2, 18: 1.1, 19: 0.8, 20: 0.5 });
const SATURDAY_SLOTS = hours({ 8: 0.5, 9: 1.2, 10: 1.4, 11: 1.4, 12: 1.2, 13: 1.0, 14: 0.9, 15: 0.75, 16: 0.6, 17: 0.4, 18: 0.2 });
export const APPOINTMENT_HOURS: readonly (readonly number[])[] = [0, 1, 2, 3, 4, 5, 6].map((d) => (d >= 5 ? SATURDAY_SLOTS : WEEKDAY_SLOTS));

/** Chance that an inbound call goes unanswered, from how busy the desk is at that hour. */
export function missedChance(open: boolean, holiday: boolean, hourWeight: number): number {
  if (holiday) return 0.85;
  if (!open) return 0.5;
  return 0.04 + 0.11 * (hourWeight / CALL_PEAK) ** 2;
}
