import { DateTime } from 'luxon';
import type { Goal, Goals, WeekFigures, WeekInfo } from '../contract/index.js';
import type { BusinessHours } from './settings.js';
import type { Week } from './time.js';

interface GoalSpec {
  metric: Goal['metric'];
  label: string;
  direction: Goal['direction'];
  /** Counts and money grow through the week and are projected; rates are taken as they stand. */
  accumulates: boolean;
}

/** SPEC's weekly growth goals (the original guide's "Weekly Growth Goals"): each one is to beat last week. */
export const GOAL_SPECS: readonly GoalSpec[] = [
  { metric: 'calls_total', label: 'Call volume', direction: 'higher', accumulates: true },
  { metric: 'conversion_rate', label: 'Conversion', direction: 'higher', accumulates: false },
  { metric: 'revenue_cents', label: 'Revenue', direction: 'higher', accumulates: true },
  { metric: 'returning_customers', label: 'Returning customers', direction: 'higher', accumulates: true },
  { metric: 'no_show_rate', label: 'No-show rate', direction: 'lower', accumulates: false },
  { metric: 'cancellation_rate', label: 'Cancellation rate', direction: 'lower', accumulates: false },
];

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The share of the week's opening hours already past at `now` (0 before Monday's opening,
 * 1 after Sunday's close), in the salon's zone; a week with no opening hours counts by the clock.
 */
export function elapsedOpenFraction(week: Week, hours: BusinessHours, zone: string, now: number): number {
  if (now <= week.startMs) return 0;
  if (now >= week.endMs) return 1;
  const intervals = openIntervals(week, hours, zone);
  let total = 0;
  let elapsed = 0;
  for (const [open, close] of intervals) {
    total += close - open;
    elapsed += Math.min(Math.max(now - open, 0), close - open);
  }
  if (total === 0) return (now - week.startMs) / (week.endMs - week.startMs);
  return elapsed / total;
}

/** The last week's opening hours as instants: the same for every push of the week, so worked out once. */
let lastIntervals: { week: Week; hours: BusinessHours; zone: string; intervals: [number, number][] } | undefined;

function openIntervals(week: Week, hours: BusinessHours, zone: string): [number, number][] {
  if (lastIntervals && lastIntervals.week.startMs === week.startMs && lastIntervals.hours === hours && lastIntervals.zone === zone) return lastIntervals.intervals;
  const monday = DateTime.fromMillis(week.startMs, { zone });
  const intervals: [number, number][] = [];
  for (let d = 0; d < 7; d++) {
    const day = hours[d];
    if (!day) continue;
    const midnight = monday.plus({ days: d });
    intervals.push([midnight.plus({ minutes: minutes(day.open) }).toMillis(), midnight.plus({ minutes: minutes(day.close) }).toMillis()]);
  }
  lastIntervals = { week, hours, zone, intervals };
  return intervals;
}

/** A projection claims no more than it knows: whole calls and customers, whole dollars. */
function roundProjection(metric: Goal['metric'], value: number): number {
  return metric.endsWith('_cents') ? Math.round(value / 100) * 100 : Math.round(value);
}

/** Progress toward each goal: this week so far against last week's figure. */
export function weeklyGoals(week: WeekInfo, baselineWeek: string, current: WeekFigures, last: WeekFigures, elapsed: number): Goals {
  const goals = GOAL_SPECS.map((spec): Goal => {
    const target = last[spec.metric];
    const value = current[spec.metric];
    const higher = spec.direction === 'higher';
    const projected = spec.accumulates ? roundProjection(spec.metric, elapsed > 0 ? value / elapsed : value) : value;
    const beats = (v: number) => (higher ? v > target : v < target);
    const progress = higher ? (target === 0 ? null : value / target) : value === 0 ? null : target / value;
    // A lower-is-better rate is only "met" once the week has appointments to measure it on.
    const measurable = higher || current.appointments_scheduled > 0;
    return {
      metric: spec.metric,
      label: spec.label,
      direction: spec.direction,
      target,
      current: value,
      progress,
      projected,
      met: measurable && beats(value),
      on_track: measurable ? beats(projected) : false,
    };
  });
  return { week, baseline_week: baselineWeek, elapsed_fraction: elapsed, goals };
}
