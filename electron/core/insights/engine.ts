import type { Finding, Insights, Recommendation, Severity } from '../../contract/index.js';
import type { SalonDatabase } from '../db.js';
import { FigureQueries } from '../figures.js';
import type { SalonSettings } from '../settings.js';
import { toIso, weeksEndingWith, type Week } from '../time.js';
import { overdueCustomers } from '../visits.js';
import { afterHoursCalls } from './after-hours.js';
import { conversionTrend } from './conversion.js';
import { growthRules } from './growth.js';
import { missedCalls } from './missed-calls.js';
import { moneyOnTheTable } from './money.js';
import { overdueVisits } from './overdue.js';
import { peakCallTimes } from './peak-times.js';
import { cancellationTrend, noShowTrend } from './rate-trend.js';
import { callbackRecovery } from './recovery.js';
import { firstVisitReturn, newVersusReturning } from './retention.js';
import type { InsightContext, InsightRule } from './types.js';

/** Every rule, in the order the owner reads them. */
export const RULES: readonly InsightRule[] = [
  ...growthRules,
  conversionTrend,
  noShowTrend,
  cancellationTrend,
  missedCalls,
  afterHoursCalls,
  moneyOnTheTable,
  callbackRecovery,
  peakCallTimes,
  newVersusReturning,
  firstVisitReturn,
  overdueVisits,
];

export interface InsightSource {
  db: SalonDatabase;
  settings: SalonSettings;
  now: number;
  /** A missed call that rang for less than this (ms) was abandoned: the caller hung up. */
  abandonMs: number;
}

/** The context the rules read for one week: its figures and the four weeks before it. */
export function insightContext(source: InsightSource, week: Week): InsightContext {
  const zone = source.settings.timezone;
  const weeks = weeksEndingWith(week, 5, zone);
  const figures = new FigureQueries(source.db).forWeeks(weeks, source.now);
  return {
    db: source.db,
    settings: source.settings,
    zone,
    week,
    asOf: Math.min(week.endMs, source.now),
    abandonMs: source.abandonMs,
    figures: figures[4]!,
    previous: figures[3]!,
    prior: figures.slice(0, 4),
    priorWeeks: weeks.slice(0, 4),
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, positive: 2, info: 3 };
const PRIORITY_ORDER: Record<Recommendation['priority'], number> = { high: 0, medium: 1, low: 2 };

/** Runs each rule on the week; one rule failing costs its own finding, not the others. */
export function runRules(ctx: InsightContext, rules: readonly InsightRule[] = RULES): { findings: Finding[]; recommendations: Recommendation[] } {
  const findings: Finding[] = [];
  const recommendations: Recommendation[] = [];
  for (const rule of rules) {
    try {
      const out = rule.run(ctx);
      findings.push(...out.findings);
      recommendations.push(...out.recommendations);
    } catch (err) {
      findings.push({ rule: rule.name, severity: 'info', title: `${rule.name} could not be computed`, detail: (err as Error).message, figures: {} });
    }
  }
  // Stable sorts: within a severity or priority, the rules' own order.
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  recommendations.sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority]);
  return { findings, recommendations };
}

/** Insights and recommendations for a week (complete or to date). */
export function weekInsights(source: InsightSource, week: Week): Insights {
  const ctx = insightContext(source, week);
  const { findings, recommendations } = runRules(ctx);
  return {
    timezone: ctx.zone,
    week: { start: week.start, end: week.end, complete: week.endMs <= source.now },
    generated_at: toIso(source.now),
    findings,
    recommendations,
    overdue_customers: overdueCustomers(source.db, ctx.asOf).slice(0, 50),
  };
}
