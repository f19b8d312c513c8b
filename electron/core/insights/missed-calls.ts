import { callHours, busiestWindow, dayName, dayStandsOut, isCluster, windowText } from './hours.js';
import { pct, plural, ratio } from './stats.js';
import { nothing, type InsightRule } from './types.js';

/** At least this many missed calls, and this share of the answered-or-missed calls, before it is a problem. */
const MIN_MISSED = 5;
const MIN_SHARE = 0.1;

/** Missed calls during opening hours, and the hours they cluster in: the case for a call-back routine. */
export const missedCalls: InsightRule = {
  name: 'missed-calls',
  run(ctx) {
    const { calls_missed: missed, calls_answered: answered } = ctx.figures;
    const share = ratio(missed, missed + answered);
    if (missed < MIN_MISSED || share < MIN_SHARE) return nothing();
    const calls = callHours(ctx.db, ctx.zone, ctx.week.startMs, Math.min(ctx.week.endMs, ctx.asOf)).filter((c) => c.missed);
    const inHours = calls.filter((c) => !c.afterHours);
    const hungUp = calls.filter((c) => c.rangMs !== null && c.rangMs < ctx.abandonMs).length;
    const seconds = ctx.abandonMs / 1000;
    const hangUps = hungUp > 0 ? ` ${hungUp} of ${calls.length} missed callers hung up within ${seconds} s; the other ${calls.length - hungUp} rang on unanswered.` : '';
    const pool = inHours.length >= 3 ? inHours : calls;
    const window = busiestWindow(pool);
    const cluster = isCluster(window, pool.length) ? window : null;
    const day = cluster && dayStandsOut(cluster) ? cluster.weekday : null;
    const title = `${plural(missed, 'call')} went unanswered (${pct(share)})`;
    const where = cluster
      ? ` ${inHours.length} came while you were open; they cluster ${windowText(cluster)} (${cluster.count})${day !== null ? `, above all on ${dayName(day)} (${cluster.weekdayCount})` : ''}.`
      : ` ${inHours.length} came while you were open, spread through the day.`;
    const cover = cluster ? ` and keep someone free for the phone ${windowText(cluster)}${day !== null ? ` on ${dayName(day)}s` : ''}` : '';
    return {
      findings: [{
        rule: this.name,
        severity: share >= 0.2 ? 'critical' : 'warning',
        title,
        detail: `${missed} of ${missed + answered} calls were missed this week.${where}${hangUps}`,
        figures: {
          calls_missed: missed,
          missed_share: share,
          missed_in_hours: inHours.length,
          missed_hung_up: hungUp,
          abandon_seconds: seconds,
          cluster_from_hour: cluster?.from ?? null,
          cluster_to_hour: cluster?.to ?? null,
          cluster_calls: cluster?.count ?? null,
          cluster_weekday: day,
        },
        formula: 'missed share = calls missed / (answered + missed); hung up = missed calls that rang for less than SALON_ABANDON_SECONDS; a cluster is the busiest two-hour window, when it holds at least 3 and a quarter of them',
      }],
      recommendations: [{
        rule: this.name,
        priority: 'high',
        because: title,
        text: `Start a call-back routine: ring every missed caller back within the hour (the call-back list on the Calls tab has them, most valuable first)${cover}.`,
      }],
    };
  },
};
