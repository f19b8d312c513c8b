import type { DayHours } from '../settings.js';
import { callHours, busiestWindow, dayName, dayStandsOut, isCluster, windowText } from './hours.js';
import { hh, pct, plural, ratio } from './stats.js';
import { nothing, type InsightRule } from './types.js';

const MIN_AFTER_HOURS = 5;
const MIN_SHARE = 0.15;

const hourOf = (hhmm: string) => Number(hhmm.slice(0, 2));

/** The opening hours most days have (the usual open day). */
function usualHours(days: readonly (DayHours | null)[]): DayHours | null {
  const counts = new Map<string, { day: DayHours; n: number }>();
  for (const d of days) if (d) counts.set(`${d.open}-${d.close}`, { day: d, n: (counts.get(`${d.open}-${d.close}`)?.n ?? 0) + 1 });
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.day ?? null;
}

/** Calls that came while the salon was closed, and when: the case for other opening hours. */
export const afterHoursCalls: InsightRule = {
  name: 'after-hours-calls',
  run(ctx) {
    const { calls_after_hours: after, calls_total: total } = ctx.figures;
    const share = ratio(after, total);
    if (after < MIN_AFTER_HOURS || share < MIN_SHARE) return nothing();
    const calls = callHours(ctx.db, ctx.zone, ctx.week.startMs, Math.min(ctx.week.endMs, ctx.asOf)).filter((c) => c.afterHours);
    const window = busiestWindow(calls);
    const cluster = isCluster(window, calls.length) ? window : null;
    const focus = cluster && dayStandsOut(cluster) ? cluster.weekday : null;
    const missedAfter = calls.filter((c) => c.missed).length;
    const title = `${plural(after, 'call')} came after hours (${pct(share)})`;
    let text: string;
    if (!cluster) {
      text = 'Callers reach you at all hours: let the phone agent take bookings while you are closed, and ring the after-hours callers back first thing next morning.';
    } else {
      const days = focus !== null ? `on ${dayName(focus)}s` : 'on your busiest days';
      const hours = focus !== null ? ctx.settings.business_hours[focus] ?? null : usualHours(ctx.settings.business_hours);
      let change: string;
      if (!hours) change = `consider opening ${days} around ${windowText(cluster)}`;
      else if (cluster.to > hourOf(hours.close) && cluster.from >= hourOf(hours.close) - 1) change = `consider staying open until ${hh(cluster.to)} ${days}`;
      else if (cluster.from < hourOf(hours.open) && cluster.to <= hourOf(hours.open) + 1) change = `consider opening at ${hh(cluster.from)} ${days}`;
      else change = `consider covering ${windowText(cluster)} ${days}`;
      text = `Callers want you ${windowText(cluster)}: ${change}, or let the phone agent take bookings then — and ring the after-hours callers back first thing next morning.`;
    }
    const where = cluster
      ? `; they cluster ${windowText(cluster)} (${cluster.count})${focus !== null ? `, above all on ${dayName(focus)} (${cluster.weekdayCount})` : ''}`
      : ', spread through the evening and weekend';
    return {
      findings: [{
        rule: this.name,
        severity: share >= 0.25 ? 'warning' : 'info',
        title,
        detail: `${after} of ${total} calls came while you were closed${where}; ${missedAfter} of them went unanswered.`,
        figures: {
          calls_after_hours: after,
          after_hours_share: share,
          after_hours_missed: missedAfter,
          cluster_from_hour: cluster?.from ?? null,
          cluster_to_hour: cluster?.to ?? null,
          cluster_calls: cluster?.count ?? null,
          cluster_weekday: focus,
        },
        formula: 'after-hours share = calls after hours / calls; a cluster is the busiest two-hour window, when it holds at least 3 and a quarter of them',
      }],
      recommendations: [{ rule: this.name, priority: 'medium', because: title, text }],
    };
  },
};
