import type { Finding, Recommendation, WeekFigures } from '../../contract/index.js';
import { TOO_FEW, TOO_SMALL, change, countsDiffer, differsFromAverage, growthOf, mean, money, pct, MIN_EVENTS } from './stats.js';
import { nothing, type InsightContext, type InsightRule, type RuleOutput } from './types.js';

interface Metric {
  rule: string;
  figure: 'revenue_cents' | 'calls_total' | 'appointments_booked';
  label: string;
  show: (v: number) => string;
  /** What to do when it falls for real. */
  whenDown: (ctx: InsightContext, fall: number) => Omit<Recommendation, 'rule' | 'because'>;
}

/** A week that has anything in it; weeks before the salon's first record do not pull the average down. */
const hasData = (f: WeekFigures) => f.calls_total > 0 || f.appointments_scheduled > 0 || f.appointments_booked > 0;

/** The money unit that turns revenue into a count of visits, so that revenue is tested for noise like a count. */
function unitOf(ctx: InsightContext, figure: Metric['figure']): number {
  if (figure !== 'revenue_cents') return 1;
  const weeks = [ctx.figures, ...ctx.prior];
  const revenue = weeks.reduce((a, f) => a + f.revenue_cents, 0);
  const visits = weeks.reduce((a, f) => a + f.appointments_completed, 0);
  return visits === 0 ? 1 : revenue / visits;
}

function growthFinding(ctx: InsightContext, m: Metric): RuleOutput {
  const current = ctx.figures[m.figure];
  const last = ctx.previous[m.figure];
  const withData = ctx.prior.filter(hasData);
  if (current === 0 && last === 0 && withData.length === 0) return nothing();
  const avg4 = withData.length ? mean(withData.map((f) => f[m.figure])) : null;
  const unit = unitOf(ctx, m.figure);
  const vsLast = growthOf(current, last);
  const vsAvg = avg4 === null ? null : growthOf(current, avg4);
  const realVsLast = countsDiffer(current, last, unit);
  const realVsAvg = avg4 !== null && differsFromAverage(current, avg4, withData.length, unit);
  const real = realVsLast || realVsAvg;
  const direction = realVsLast ? Math.sign(current - last) : realVsAvg ? Math.sign(current - avg4!) : 0;
  const avgText = avg4 === null ? '' : `, and ${vsAvg === null ? 'the 4-week average was 0' : `${versusAverage(vsAvg)} the ${withData.length}-week average (${m.show(avg4)})`}`;
  const finding: Finding = {
    rule: m.rule,
    severity: !real ? 'info' : direction > 0 ? 'positive' : 'warning',
    title: real ? `${m.label} ${direction > 0 ? 'grew' : 'fell'}` : `${m.label} ${change(vsLast).replace(/ \(.*\)$/, '')}: within ordinary variation`,
    detail: `${m.label}: ${m.show(current)}, ${change(vsLast)} on last week (${m.show(last)})${avgText}.`,
    figures: {
      this_week: current,
      last_week: last,
      avg_4_weeks: avg4,
      weeks_in_average: withData.length,
      growth_vs_last_week: vsLast,
      growth_vs_4_week_avg: vsAvg,
    },
    formula: 'growth = (this week − base) / base; a change counts when it exceeds 2·√(this + base) (counts; revenue in average tickets)',
  };
  if (!real) finding.note = (current + last) / unit < MIN_EVENTS ? TOO_FEW : TOO_SMALL;
  const out: RuleOutput = { findings: [finding], recommendations: [] };
  if (real && direction < 0) {
    const fall = -(vsLast ?? vsAvg ?? 0);
    out.recommendations.push({ rule: m.rule, because: finding.title, ...m.whenDown(ctx, fall) });
  }
  return out;
}

function versusAverage(g: number): string {
  if (Math.abs(g) < 0.005) return 'level with';
  return `${pct(Math.abs(g))} ${g > 0 ? 'above' : 'below'}`;
}

const count = (v: number) => String(Math.round(v * 10) / 10);

const METRICS: Metric[] = [
  {
    rule: 'revenue-growth',
    figure: 'revenue_cents',
    label: 'Revenue',
    show: money,
    whenDown: (_ctx, fall) => ({
      priority: 'high',
      text: `Revenue fell ${pct(fall)}: fill this week's empty chairs first — call the customers overdue for a visit (the list below) and offer them the free slots.`,
    }),
  },
  {
    rule: 'calls-growth',
    figure: 'calls_total',
    label: 'Calls',
    show: count,
    whenDown: (_ctx, fall) => ({
      priority: 'medium',
      text: `Calls fell ${pct(fall)}: check that the number on your Google listing and website still rings through, and whether a promotion or ad stopped.`,
    }),
  },
  {
    rule: 'bookings-growth',
    figure: 'appointments_booked',
    label: 'Bookings',
    show: count,
    whenDown: (_ctx, fall) => ({
      priority: 'medium',
      text: `Bookings fell ${pct(fall)}: offer the next free slot on every call, and book each customer's next visit before they leave the chair.`,
    }),
  },
];

/** Revenue, calls and bookings against last week and the 4-week average, with a note when the change is noise. */
export const growthRules: InsightRule[] = METRICS.map((m) => ({ name: m.rule, run: (ctx) => growthFinding(ctx, m) }));
