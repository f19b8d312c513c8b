/** What the API answers: the shapes of calls, appointments, customers and figures. */
import type { APPOINTMENT_STATUSES, CALL_OUTCOMES } from './schemas.js';
import type { CallbackAttempt, CallbackTier, CallbackTry, Goals, Reliability, WeeklyReportExtras } from './insights.js';
import type { ConnectorView } from './connectors.js';

export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface Call {
  call_sid: string;
  direction: 'inbound' | 'outbound';
  /** E.164 when the caller ID is a valid number, else as the phone system sent it. */
  from: string | null;
  to: string | null;
  caller_name: string | null;
  customer_id: number | null;
  customer_name: string | null;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  status: CallOutcome;
  /** Missed, and rang for less than SALON_ABANDON_SECONDS (15): the caller hung up. Still missed in the figures. */
  abandoned: boolean;
  end_status: string | null;
  duration_sec: number | null;
  intent: string | null;
  after_hours: boolean;
  is_test: boolean;
  called_back_at: string | null;
}

export interface Appointment {
  id: string;
  appointment_id: string;
  customer_id: number;
  customer_name: string | null;
  customer_phone: string | null;
  service_id: number;
  service: string;
  call_sid: string | null;
  start: string;
  duration_min: number;
  price_cents: number;
  status: AppointmentStatus;
  notes: string | null;
  booked_at: string;
  status_at: string | null;
  is_test: boolean;
}

export interface Customer {
  id: number;
  phone: string | null;
  name: string | null;
  email: string | null;
  notes: string;
  first_seen_at: string;
  /** SPEC §2: the earliest of the imported first visit and the first completed appointment. */
  first_visit_at: string | null;
  /** What the previous booking system's export knew ("before Salon Front Desk"); null and 0 when nothing was imported. */
  imported_first_visit_at: string | null;
  imported_last_visit_at: string | null;
  imported_visits: number;
  imported_spend_cents: number;
}

/** A customer as the list shows them: their own fields and what their visits add up to. */
export interface CustomerListItem extends Customer {
  /** Completed visits. */
  visits: number;
  last_visit_at: string | null;
  /** What their completed visits of the last 365 days cost, in cents. */
  spend_365d_cents: number;
}

export interface CustomerDetail extends Customer {
  appointments: Appointment[];
  calls: Call[];
  /** No-shows and late cancellations over the last year, and whether to ask for a deposit. */
  reliability: Reliability;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** The figures of one week, SPEC §2. Rates are unrounded fractions; money is cents. */
export interface WeekFigures {
  calls_total: number;
  calls_answered: number;
  calls_missed: number;
  calls_after_hours: number;
  avg_call_duration_sec: number;
  answer_rate: number;
  calls_converted: number;
  conversion_rate: number;
  appointments_booked: number;
  appointments_scheduled: number;
  appointments_completed: number;
  no_shows: number;
  cancellations: number;
  no_show_rate: number;
  cancellation_rate: number;
  revenue_cents: number;
  revenue_per_appointment_cents: number;
  customers_served: number;
  new_customers: number;
  returning_customers: number;
  retention_rate: number;
}

export type FigureName = keyof WeekFigures;
/** Week-over-week change of each figure: a fraction, or null when last week's was 0. */
export type Growth = Record<FigureName, number | null>;

export interface WeekInfo {
  start: string;
  end: string;
  complete: boolean;
}

export interface CallbackEntry {
  phone: string;
  customer_id: number | null;
  customer_name: string | null;
  missed_calls: number;
  /** Of those, the calls the caller hung up within SALON_ABANDON_SECONDS. */
  hung_up: number;
  first_missed_at: string;
  last_missed_at: string;
  last_call_sid: string;
  /** Each missed call still waiting, oldest first. */
  attempts: CallbackAttempt[];
  /** `valued`: overdue regular or top-quarter spender; `waiting`: everyone else without a booking; `booked`: already has a visit booked. */
  tier: CallbackTier;
  /** Why it ranks where it does, in words. */
  reasons: string[];
  /** Stake × freshness, the list's order (CALLBACK_RANK_RULE in electron/core/callbacks.ts). */
  priority: number;
  /** The desk's call-backs since the first waiting miss that nobody answered, oldest first. */
  tried_back: CallbackTry[];
  new_caller: boolean;
  overdue: boolean;
  visits: number;
  spend_365d_cents: number;
  next_booking_at: string | null;
}

export interface Dashboard {
  timezone: string;
  week: WeekInfo;
  figures: WeekFigures;
  growth: Growth;
  live_calls: Call[];
  recent_calls: Call[];
  callback_list: CallbackEntry[];
  /** This week's growth goals (beat last week) and progress so far. */
  goals?: Goals;
  /** What growth compared with: while the week is in progress, last week up to the same moment; else the whole of last week. */
  previous: ComparedFigures;
}

/** The stretch of time that a week's growth compares with (instants, ISO), and its figures. */
export interface ComparedFigures {
  start: string;
  end: string;
  figures: WeekFigures;
}

export type WeeklyRow = { week_start: string; complete: boolean } & WeekFigures;

export interface WeeklyMetrics {
  timezone: string;
  weeks: WeeklyRow[];
}

export interface Health {
  status: 'ok';
  version: string;
  db: 'ok' | 'error';
  uptime_s: number;
}

/** Live pushes, one per change (WebSocket `/salon`, and IPC in the desktop app). */
export interface LiveEvents {
  'call.started': Call;
  'call.updated': Call;
  'appointment.created': Appointment;
  'appointment.updated': Appointment;
  'metrics.updated': { week: WeekInfo; figures: WeekFigures; growth: Growth; previous: ComparedFigures; goals?: Goals; callback_list?: CallbackEntry[] };
  'weekly.report': { week: WeekInfo; figures: WeekFigures } & WeeklyReportExtras;
  'import.progress': ImportProgressEvent;
  'connector.updated': ConnectorView;
}

/**
 * How far a CSV import (`POST /salon/import`) is, pushed while it runs. `reading`: rows read
 * (`total` null until known; bytes of total_bytes); `checking`, `applying`: rows of `total`;
 * `done` once at the end. The applying phase is one transaction: its pushes arrive when it ends.
 */
export interface ImportProgressEvent {
  import_id: string;
  phase: 'reading' | 'checking' | 'applying' | 'done';
  done: number;
  total: number | null;
  bytes?: number;
  total_bytes?: number;
}
export type LiveEventType = keyof LiveEvents;
export type LiveMessage = { [K in LiveEventType]: { type: K; at: string; data: LiveEvents[K] } }[LiveEventType];
