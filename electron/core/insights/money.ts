import { money, ratio } from './stats.js';
import { nothing, type InsightRule } from './types.js';

export const MISSED_COST_FORMULA = 'missed calls × this week\'s conversion rate × average ticket (revenue per completed appointment)';

/** Money on the table: revenue from phone bookings, and what the missed calls probably cost. */
export const moneyOnTheTable: InsightRule = {
  name: 'money-on-the-table',
  run(ctx) {
    const f = ctx.figures;
    const estimate = Math.round(f.calls_missed * f.conversion_rate * f.revenue_per_appointment_cents);
    if (f.calls_missed === 0 || estimate === 0) return nothing();
    const { phone } = ctx.db
      .prepare(
        `SELECT total(a.price_cents) AS phone FROM appointments a INDEXED BY appointments_figures
         WHERE a.is_test = 0 AND a.status = 'completed' AND a.start_at >= ? AND a.start_at < ?
           AND EXISTS (SELECT 1 FROM calls c WHERE c.call_sid = a.call_sid AND c.is_test = 0 AND c.direction = 'inbound')`,
      )
      .get(ctx.week.startMs, ctx.week.endMs) as { phone: number };
    const share = ratio(estimate, f.revenue_cents);
    return {
      findings: [{
        rule: this.name,
        severity: share >= 0.1 ? 'warning' : 'info',
        title: `Missed calls cost about ${money(estimate)}`,
        detail: `Phone bookings brought in ${money(phone)} of this week's ${money(f.revenue_cents)}. The ${f.calls_missed} missed calls probably cost about ${money(estimate)}: ${f.calls_missed} × ${(f.conversion_rate * 100).toFixed(1)}% conversion × ${money(f.revenue_per_appointment_cents)} average ticket.`,
        figures: {
          phone_revenue_cents: phone,
          revenue_cents: f.revenue_cents,
          calls_missed: f.calls_missed,
          conversion_rate: f.conversion_rate,
          average_ticket_cents: f.revenue_per_appointment_cents,
          missed_call_cost_cents: estimate,
          missed_cost_share_of_revenue: share,
        },
        formula: MISSED_COST_FORMULA,
      }],
      recommendations: [],
    };
  },
};
