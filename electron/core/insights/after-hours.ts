import { callHours, busiestWindow, dayName, windowText } from './hours.js';
import { hh, pct, plural, ratio } from './stats.js';
import { nothing, type InsightRule } from './types.js';

const MIN_AFTER_HOURS = 5;
const MIN_SHARE = 0.15;

/** Calls that came while the salon was closed, and when: the case for other opening hours. */
export const afterHoursCalls: InsightRule = {
  name: 'after-hours-calls',
  run(ctx) {
    const { calls_after_hours: after, calls_total: total } = ctx.figures;
    const share = ratio(after, total);
    if (after < MIN_AFTER_HOURS || share < MIN_SHARE) return nothing();
    const calls = callHours(ctx.db, ctx.zone, ctx.week.startMs, Math.min(ctx.week.endMs, ctx.asOf)).filter((c) => c.afterHours);
    const cluster = busiestWindow(calls)!;
    const day = ctx.settings.business_hours[cluster.weekday];
    const openHour = day ? Number(day.open.slice(0, 2)) : null;
    const closeHour = day ? Number(day.close.slice(0, 2)) : null;
    let suggestion: string;
    if (!day) suggestion = `consider opening on ${dayName(cluster.weekday)}s around ${windowText(cluster)}`;
    else if (closeHour !== null && cluster.from >= closeHour) suggestion = `consider staying open until ${hh(cluster.to)} on ${dayName(cluster.weekday)}s`;
    else if (openHour !== null && cluster.to <= openHour) suggestion = `consider opening at ${hh(cluster.from)} on ${dayName(cluster.weekday)}s`;
    else suggestion = `consider covering ${windowText(cluster)} on ${dayName(cluster.weekday)}s`;
    const missedAfter = calls.filter((c) => c.missed).length;
    const title = `${plural(after, 'call')} came after hours (${pct(share)})`;
    return {
      findings: [{
        rule: this.name,
        severity: share >= 0.25 ? 'warning' : 'info',
        title,
        detail: `${after} of ${total} calls came while you were closed, most between ${windowText(cluster)} (${cluster.count}), above all on ${dayName(cluster.weekday)} (${cluster.weekdayCount}); ${missedAfter} of them went unanswered.`,
        figures: {
          calls_after_hours: after,
          after_hours_share: share,
          after_hours_missed: missedAfter,
          cluster_from_hour: cluster.from,
          cluster_to_hour: cluster.to,
          cluster_calls: cluster.count,
          cluster_weekday: cluster.weekday,
        },
        formula: 'after-hours share = calls after hours / calls',
      }],
      recommendations: [{
        rule: this.name,
        priority: 'medium',
        because: title,
        text: `Callers want you ${windowText(cluster)}: ${suggestion}, or let the phone agent take bookings then — and ring the after-hours callers back first thing next morning.`,
      }],
    };
  },
};
