import { Z_ONE_SIDED, pct, proportionZ, ratio, sum } from './stats.js';
import { nothing, type InsightRule } from './types.js';

/** Share of calls that led to a booking, this week against the four weeks before (pooled). */
export const conversionTrend: InsightRule = {
  name: 'conversion-trend',
  run(ctx) {
    const { calls_converted: k1, calls_total: n1 } = ctx.figures;
    const k2 = sum(ctx.prior.map((f) => f.calls_converted));
    const n2 = sum(ctx.prior.map((f) => f.calls_total));
    if (n1 < 10 || n2 < 10) return nothing();
    const z = proportionZ(k1, n1, k2, n2);
    if (Math.abs(z) < Z_ONE_SIDED) return nothing();
    const rate = ratio(k1, n1);
    const base = ratio(k2, n2);
    const rising = z > 0;
    const title = `Conversion ${rising ? 'rose' : 'fell'} to ${pct(rate)}`;
    const finding = {
      rule: this.name,
      severity: rising ? ('positive' as const) : ('warning' as const),
      title,
      detail: `${k1} of ${n1} calls led to a booking (${pct(rate)}), against ${pct(base)} over the four weeks before (${k2} of ${n2}).`,
      figures: { conversion_rate: rate, calls_converted: k1, calls_total: n1, baseline_rate: base, baseline_converted: k2, baseline_calls: n2, z },
      formula: 'conversion = calls with a booking / calls; significant when |z| ≥ 1.645 (two-proportion test against the four weeks before)',
    };
    const lost = Math.max(0, Math.round(n1 * base) - k1);
    return {
      findings: [finding],
      recommendations: rising
        ? []
        : [{
            rule: this.name,
            priority: 'high',
            because: title,
            text: `About ${lost} more calls would have booked at your usual rate: on every call, offer the next two free slots by name ("Thursday at 10 or Friday at 2?") before the caller has to ask.`,
          }],
    };
  },
};
