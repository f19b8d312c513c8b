import { callHours } from './hours.js';
import { WEEKDAYS, hh, pct, ratio } from './stats.js';
import { nothing, type InsightRule } from './types.js';

/** Enough calls over the window to name a peak. */
const MIN_CALLS = 20;
const WEEKS = 4;

/** When the phone rings: the busiest weekday-and-hour slots over the last four weeks. */
export const peakCallTimes: InsightRule = {
  name: 'peak-call-times',
  run(ctx) {
    const first = ctx.priorWeeks[ctx.priorWeeks.length - (WEEKS - 1)] ?? ctx.week;
    const calls = callHours(ctx.db, ctx.zone, first.startMs, Math.min(ctx.week.endMs, ctx.asOf));
    if (calls.length < MIN_CALLS) return nothing();
    const grid = new Map<string, { weekday: number; hour: number; calls: number; missed: number }>();
    const byDay = new Array<number>(7).fill(0);
    for (const c of calls) {
      const key = `${c.weekday}:${c.hour}`;
      const cell = grid.get(key) ?? { weekday: c.weekday, hour: c.hour, calls: 0, missed: 0 };
      cell.calls++;
      if (c.missed) cell.missed++;
      grid.set(key, cell);
      byDay[c.weekday]!++;
    }
    const top = [...grid.values()].sort((a, b) => b.calls - a.calls || a.weekday - b.weekday || a.hour - b.hour).slice(0, 5);
    const peak = top[0]!;
    const busiestDay = byDay.indexOf(Math.max(...byDay));
    const weeks = Math.min(WEEKS, ctx.priorWeeks.length + 1);
    const title = `Calls peak on ${WEEKDAYS[peak.weekday]} ${hh(peak.hour)}–${hh(peak.hour + 1)}`;
    return {
      findings: [{
        rule: this.name,
        severity: 'info',
        title,
        detail: `Over the last ${weeks} weeks ${peak.calls} calls came on ${WEEKDAYS[peak.weekday]}s between ${hh(peak.hour)} and ${hh(peak.hour + 1)} (${peak.missed} missed); ${WEEKDAYS[busiestDay]} is the busiest day, with ${pct(ratio(byDay[busiestDay]!, calls.length))} of the calls.`,
        figures: { calls: calls.length, weeks, peak_weekday: peak.weekday, peak_hour: peak.hour, peak_calls: peak.calls, peak_missed: peak.missed, busiest_weekday: busiestDay, busiest_weekday_calls: byDay[busiestDay]! },
        items: top.map((c) => ({ weekday: WEEKDAYS[c.weekday]!, hour: hh(c.hour), calls: c.calls, missed: c.missed })),
      }],
      recommendations: [{
        rule: this.name,
        priority: 'low',
        because: title,
        text: `Keep the phone covered on ${WEEKDAYS[peak.weekday]}s ${hh(peak.hour)}–${hh(peak.hour + 1)}: schedule breaks, colour processing and admin away from it.`,
      }],
    };
  },
};
