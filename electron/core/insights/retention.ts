import { change, growthOf, pct, plural, ratio } from './stats.js';
import { nothing, type InsightRule } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MIN_SERVED = 5;
const MIN_COHORT = 10;
/** The salon rule of thumb: about a third of first-time customers come back within 90 days; good salons keep half. */
const LOW_RETURN = 0.3;
const GOOD_RETURN = 0.5;

/** New against returning customers served this week. */
export const newVersusReturning: InsightRule = {
  name: 'new-vs-returning',
  run(ctx) {
    const { customers_served: served, new_customers: fresh, returning_customers: back, retention_rate } = ctx.figures;
    if (served < MIN_SERVED) return nothing();
    const title = `${plural(fresh, 'new customer')} and ${back} returning`;
    return {
      findings: [{
        rule: this.name,
        severity: 'info',
        title,
        detail: `Of ${served} customers served, ${fresh} came for the first time and ${back} came back (${pct(retention_rate)} returning); new customers ${change(growthOf(fresh, ctx.previous.new_customers))}, returning ${change(growthOf(back, ctx.previous.returning_customers))} on last week.`,
        figures: {
          customers_served: served,
          new_customers: fresh,
          returning_customers: back,
          retention_rate,
          new_customers_growth: growthOf(fresh, ctx.previous.new_customers),
          returning_customers_growth: growthOf(back, ctx.previous.returning_customers),
        },
      }],
      recommendations: [],
    };
  },
};

/**
 * The 90-day return rate of first-time customers: of those whose first visit was 90 to 180
 * days before the end of the week (so each had a full 90 days), the share who came back
 * within 90 days of it.
 */
export const firstVisitReturn: InsightRule = {
  name: 'first-visit-return',
  run(ctx) {
    const { cohort, returned } = ctx.db
      .prepare(
        `SELECT count(*) AS cohort,
           total(EXISTS (SELECT 1 FROM appointments a WHERE a.customer_id = c.id AND a.is_test = 0 AND a.status = 'completed'
                          AND a.start_at > c.first_visit_at AND a.start_at <= c.first_visit_at + @window)
                 -- a second visit the previous booking system recorded, its visits spread evenly from its first to its last
                 OR (c.imported_visits >= 2 AND c.imported_first_visit_at = c.first_visit_at AND c.imported_last_visit_at > c.first_visit_at
                     AND (c.imported_last_visit_at - c.imported_first_visit_at) / (c.imported_visits - 1) <= @window)) AS returned
         FROM customers c
         WHERE c.is_test = 0 AND c.first_visit_at >= @from AND c.first_visit_at < @to`,
      )
      .get({ window: 90 * DAY_MS, from: ctx.asOf - 180 * DAY_MS, to: ctx.asOf - 90 * DAY_MS }) as { cohort: number; returned: number };
    if (cohort < MIN_COHORT) return nothing();
    const rate = ratio(returned, cohort);
    const low = rate < LOW_RETURN;
    const title = `${pct(rate)} of first-time customers came back within 90 days`;
    return {
      findings: [{
        rule: this.name,
        severity: low ? 'warning' : rate >= GOOD_RETURN ? 'positive' : 'info',
        title,
        detail: `${returned} of ${cohort} customers whose first visit was 90–180 days ago came back within 90 days of it (the salon rule of thumb: about a third; good salons keep half).`,
        figures: { return_rate_90d: rate, cohort, returned },
        formula: 'customers whose first visit was 90–180 days before the week end, and of them those with another completed visit within 90 days of the first (imported history: its visits spread evenly between its first and last)',
      }],
      recommendations: low
        ? [{
            rule: this.name,
            priority: 'high',
            because: title,
            text: 'Book every first-time customer\'s next visit before they leave, and send a thank-you text with a rebooking link three weeks after a first visit.',
          }]
        : [],
    };
  },
};
