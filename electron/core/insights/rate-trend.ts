import type { Recommendation, WeekFigures } from '../../contract/index.js';
import { Z_ONE_SIDED, pct, proportionZ, ratio, sum } from './stats.js';
import { nothing, type InsightRule } from './types.js';

interface RateSpec {
  name: string;
  label: string;
  count: 'no_shows' | 'cancellations';
  advice: (n: number) => Omit<Recommendation, 'rule' | 'because'>;
}

/** At least this many this week before a rising rate is worth a word. */
const MIN_COUNT = 3;

function rateTrend(spec: RateSpec): InsightRule {
  return {
    name: spec.name,
    run(ctx) {
      const k1 = ctx.figures[spec.count];
      const n1 = ctx.figures.appointments_scheduled;
      const k2 = sum(ctx.prior.map((f: WeekFigures) => f[spec.count]));
      const n2 = sum(ctx.prior.map((f: WeekFigures) => f.appointments_scheduled));
      if (n1 < 10 || n2 < 10) return nothing();
      const z = proportionZ(k1, n1, k2, n2);
      const rising = z >= Z_ONE_SIDED && k1 >= MIN_COUNT;
      const falling = z <= -Z_ONE_SIDED && k2 >= MIN_COUNT;
      if (!rising && !falling) return nothing();
      const rate = ratio(k1, n1);
      const base = ratio(k2, n2);
      const title = `${spec.label} rate ${rising ? 'rose' : 'fell'} to ${pct(rate, 1)}`;
      const finding = {
        rule: spec.name,
        severity: rising ? ('warning' as const) : ('positive' as const),
        title,
        detail: `${k1} of ${n1} appointments this week (${pct(rate, 1)}), against ${pct(base, 1)} over the four weeks before (${k2} of ${n2}).`,
        figures: { rate, count: k1, appointments_scheduled: n1, baseline_rate: base, baseline_count: k2, baseline_scheduled: n2, z },
        formula: `${spec.label.toLowerCase()} rate = ${spec.count} / appointments scheduled; rising when z ≥ 1.645 against the four weeks before`,
      };
      return {
        findings: [finding],
        recommendations: rising ? [{ rule: spec.name, because: title, ...spec.advice(k1) }] : [],
      };
    },
  };
}

export const noShowTrend = rateTrend({
  name: 'no-show-trend',
  label: 'No-show',
  count: 'no_shows',
  advice: (n) => ({
    priority: 'high',
    text: `Send reminders: a text 48 hours and again 2 hours before each appointment, with a one-tap way to confirm or move it (${n} chairs stood empty this week).`,
  }),
});

export const cancellationTrend = rateTrend({
  name: 'cancellation-trend',
  label: 'Cancellation',
  count: 'cancellations',
  advice: (n) => ({
    priority: 'medium',
    text: `Send reminders 48 hours ahead with a link to reschedule rather than cancel, and offer the freed slots to the call-back list (${n} cancellations this week).`,
  }),
});
