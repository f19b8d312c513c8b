import { overdueCustomers } from '../visits.js';
import { money, plural, sum } from './stats.js';
import { nothing, type InsightRule } from './types.js';

const LISTED = 25;

/** Regulars past their own usual interval with nothing booked: a list to call. */
export const overdueVisits: InsightRule = {
  name: 'overdue-customers',
  run(ctx) {
    const overdue = overdueCustomers(ctx.db, ctx.asOf);
    if (overdue.length === 0) return nothing();
    const spend = sum(overdue.map((o) => o.spend_365d_cents));
    const top = overdue.slice(0, 3).map((o) => o.name ?? o.phone ?? `customer ${o.customer_id}`);
    const title = `${plural(overdue.length, 'regular')} overdue for a visit`;
    return {
      findings: [{
        rule: this.name,
        severity: overdue.length >= 10 ? 'warning' : 'info',
        title,
        detail: `${plural(overdue.length, 'customer')} are past their own usual interval between visits and have nothing booked; together they spent ${money(spend)} in the last year.`,
        figures: { overdue_customers: overdue.length, overdue_spend_365d_cents: spend },
        formula: 'overdue when days since the last visit > median gap between their visits + max(7 days, a quarter of it); at least 3 visits, none booked, gone under a year',
        items: overdue.slice(0, LISTED).map((o) => ({
          customer_id: o.customer_id,
          name: o.name,
          phone: o.phone,
          usual_interval_days: o.usual_interval_days,
          days_since_last_visit: o.days_since_last_visit,
          spend_365d_cents: o.spend_365d_cents,
        })),
      }],
      recommendations: [{
        rule: this.name,
        priority: overdue.length >= 10 ? 'high' : 'medium',
        because: title,
        text: `Call the ${plural(overdue.length, 'customer')} overdue for a visit, best customers first (${top.join(', ')}), and offer them a slot this week.`,
      }],
    };
  },
};
