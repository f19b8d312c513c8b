import { recoveredInWeek } from '../callbacks.js';
import { money, plural } from './stats.js';
import { nothing, type InsightRule } from './types.js';

/** What calling missed callers back won: bookings within 7 days of a missed call. */
export const callbackRecovery: InsightRule = {
  name: 'callback-recovery',
  run(ctx) {
    const r = recoveredInWeek(ctx.db, ctx.week);
    if (r.recovered_bookings === 0) return nothing();
    return {
      findings: [{
        rule: this.name,
        severity: 'positive',
        title: `${plural(r.recovered_bookings, 'booking')} won back from missed calls`,
        detail: `${plural(r.recovered_bookings, 'customer')} who could not get through booked within 7 days: ${money(r.recovered_revenue_cents)} recovered revenue so far, ${money(r.recovered_pending_cents)} more still to come.`,
        figures: {
          recovered_bookings: r.recovered_bookings,
          recovered_revenue_cents: r.recovered_revenue_cents,
          recovered_pending_cents: r.recovered_pending_cents,
        },
        formula: r.formula,
      }],
      recommendations: [],
    };
  },
};
