/**
 * What the weekly close adds to the API: insights and recommendations, weekly growth goals,
 * the ranked call-back list and what it recovered, per-customer reliability. Types only.
 */
import type { CallbackEntry, WeekInfo } from './types.js';

/** How much a finding matters: good news, plain information, worth watching, act this week. */
export type Severity = 'positive' | 'info' | 'warning' | 'critical';

/** One plain-language finding, with the figures it rests on. */
export interface Finding {
  /** The rule that produced it (a stable name, e.g. `no-show-trend`). */
  rule: string;
  severity: Severity;
  title: string;
  /** One or two sentences an owner reads; numbers in it come from `figures`. */
  detail: string;
  /** The figures behind the finding: counts, money in cents, rates as unrounded fractions; null where undefined. */
  figures: Record<string, number | null>;
  /** How a derived figure was computed, when it is not one of SPEC §2's. */
  formula?: string;
  /** Set when the change is too small to mean anything (noise, or too few to tell). */
  note?: string;
  /** Rows behind the finding (hours, customers to call), when it has them. */
  items?: Record<string, string | number | null>[];
}

export interface Recommendation {
  rule: string;
  priority: 'high' | 'medium' | 'low';
  /** A concrete thing to do this week. */
  text: string;
  /** Why: the finding's title it answers. */
  because: string;
}

/** A customer past their own usual interval between visits, with no visit booked. */
export interface OverdueCustomer {
  customer_id: number;
  name: string | null;
  phone: string | null;
  visits: number;
  last_visit_at: string;
  /** Median days between their completed visits. */
  usual_interval_days: number;
  days_since_last_visit: number;
  days_overdue: number;
  /** Sum of their completed visits over the last 365 days, in cents. */
  spend_365d_cents: number;
}

export interface Insights {
  timezone: string;
  week: WeekInfo;
  generated_at: string;
  findings: Finding[];
  recommendations: Recommendation[];
  /** The customers overdue for a visit, as a list to call (most valuable first). */
  overdue_customers: OverdueCustomer[];
}

/** One weekly growth goal: beat last week. */
export interface Goal {
  metric: 'calls_total' | 'conversion_rate' | 'revenue_cents' | 'returning_customers' | 'no_show_rate' | 'cancellation_rate';
  label: string;
  /** Whether more is better (`higher`) or less (`lower`: no-show and cancellation rates). */
  direction: 'higher' | 'lower';
  /** Last week's value: the figure to beat. */
  target: number;
  /** This week's value so far. */
  current: number;
  /** current / target for `higher` goals (null when the target is 0); for `lower` goals target / current (null when current is 0). */
  progress: number | null;
  /** Counts and money projected to the end of the week at the pace so far (open hours elapsed); rates as they stand. */
  projected: number;
  /** Beaten already (strictly better than the target). */
  met: boolean;
  /** The projection beats the target. */
  on_track: boolean;
}

export interface Goals {
  week: WeekInfo;
  /** The week whose figures are the targets. */
  baseline_week: string;
  /** Share of this week's opening hours already past (0…1). */
  elapsed_fraction: number;
  goals: Goal[];
}

/** What the call-back list won back in a week: bookings made within 7 days by customers who had a missed call. */
export interface Recovered {
  week_start: string;
  recovered_bookings: number;
  /** Price of recovered bookings that were completed, cents. */
  recovered_revenue_cents: number;
  /** Price of recovered bookings still scheduled, cents. */
  recovered_pending_cents: number;
  formula: string;
}

export interface CallbackAttempt {
  call_sid: string;
  at: string;
  after_hours: boolean;
  /** The caller hung up within SALON_ABANDON_SECONDS, rather than rang unanswered. */
  abandoned: boolean;
}

/**
 * What came of a call-back: `reached` and `left_voicemail` take the caller off the list (a new
 * missed call puts them back); `no_answer` keeps them on it, with the try counted.
 */
export type CallbackOutcomeKind = 'reached' | 'no_answer' | 'left_voicemail';

export interface CallbackOutcome {
  id: number;
  phone: string;
  outcome: CallbackOutcomeKind;
  at: string;
  /** The missed calls it marked called back (0 for `no_answer`). */
  calls: number;
  undone_at: string | null;
}

/** A call-back the desk made that nobody answered. */
export interface CallbackTry {
  id: number;
  at: string;
}

/** Why a missed caller sits where they do on the list. */
export type CallbackTier = 'valued' | 'waiting' | 'booked';

export interface CallbacksAnswer {
  items: CallbackEntry[];
  total: number;
  /** How the list is ordered, in words (shown on hover). */
  rank_rule: string;
  recovered: Recovered;
}

/**
 * A customer's reliability over the last 365 days: no-shows (appointments that started in the
 * window and were marked no-show) and late cancellations (cancelled less than 24 hours before
 * the start, by `status_at`, the time of the change, in the window). Test bookings never count.
 */
export interface Reliability {
  no_shows: number;
  late_cancellations: number;
  /** Completed visits in the same window. */
  visits: number;
  /** no_shows + late_cancellations. */
  incidents: number;
  /** The salon setting `deposit_threshold`: incidents at which a customer is flagged (0: never). */
  deposit_threshold: number;
  /** At or past the threshold: the desk is warned when booking for them. */
  flagged: boolean;
  /** Whether to ask for a deposit before booking: the remedy for a flagged customer. */
  suggest_deposit: boolean;
  /** What the desk is told when booking, e.g. "2 no-shows and 1 late cancellation in the last year: consider asking for a deposit"; null when not flagged. */
  warning: string | null;
  /** Start of the window (now − 365 days). */
  since: string;
}

/** The weekly report of a closed week, as the scheduler pushes and writes it. */
export interface WeeklyReportExtras {
  insights?: Insights;
  /** Where the report can be fetched over HTTP. */
  report?: { html: string; csv: string };
}
