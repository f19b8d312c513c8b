import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { cached, openDatabase, type OpenOptions, type SalonDatabase } from './db.js';
import { EventLog, type SubjectKind } from './event-log.js';
import { CustomerStore } from './customers.js';
import { CallStore, DEFAULT_ABANDON_SECONDS, acceptCallEvent, type CallEvent } from './calls.js';
import type { InsightSource } from './insights/engine.js';
import { AppointmentStore, acceptAppointmentEvent, acceptAppointmentPatch, checkDeskStatusChange, type AcceptedAppointmentEvent, type AppointmentContext } from './appointments.js';
import { ServiceCatalogue, seedServices } from './services.js';
import { FigureQueries, growth } from './figures.js';
import { ChangeFeed } from './changes.js';
import { ingestBatch, type BatchOutcome, type BatchTarget } from './batch-ingest.js';
import { callbackList } from './callbacks.js';
import { recordCallbackOutcome, undoCallbackOutcome } from './callback-outcomes.js';
import { elapsedOpenFraction, weeklyGoals } from './goals.js';
import { ConflictError, InputError, NotFoundError } from './errors.js';
import { customerReliability } from './reliability.js';
import { listCustomers } from './customer-list.js';
import {
  defaultSettings,
  readSavedSettings,
  saveSettings,
  validSettings,
  type SalonSettings,
} from './settings.js';
import { comparisonSpan, dayContaining, parseRangeBound, previousWeek, toIso, weekContaining, weekOfDate, weeksEndingWith, type Week } from './time.js';
import type {
  AfterHoursChanges,
  Appointment,
  AppointmentEventBody,
  AppointmentPatch,
  AppointmentResult,
  AppointmentsQuery,
  Call,
  CallbackOutcome,
  CallbackOutcomeKind,
  CallEventBody,
  CallResult,
  CallsQuery,
  Customer,
  CustomerDetail,
  CustomerListItem,
  CustomerPatch,
  CustomersQuery,
  Dashboard,
  LiveEvents,
  Page,
  WeekInfo,
  WeeklyMetrics,
  WeeklyQuery,
  Goals,
  WeekFigures,
  WeeklyReportExtras,
  Reliability,
} from '../contract/index.js';

/** A change to tell the dashboards about, held while its group is being written. */
type Announced = 'call.started' | 'call.updated' | 'appointment.created' | 'appointment.updated';
interface Announcement {
  type: Announced;
  data: LiveEvents[Announced];
}

/** How one write of a group ended: its value, or the error that refused it (and undid it alone). */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: InputError | NotFoundError };

export interface SalonOptions extends OpenOptions {
  clock?: Clock;
  /** Values that win over the saved settings (from flags and the environment). */
  overrides?: Partial<SalonSettings>;
  /** SALON_ABANDON_SECONDS: a missed call that rang for less is flagged `abandoned` (default 15). */
  abandonSeconds?: number;
}

const LIVE_CALL_WINDOW_MS = 4 * 60 * 60 * 1000;
/** The dashboards' figures are pushed at most this often (ms) while events keep coming. */
const METRICS_EVERY_MS = 100;
const RECENT_CALLS = 20;

/**
 * The salon: one database, its settings, and every operation the API offers. Headless: it
 * never imports electron, so the server, the desktop app and the tests all drive this.
 */
export class Salon {
  readonly db: SalonDatabase;
  readonly clock: Clock;
  readonly changes: ChangeFeed;
  readonly services: ServiceCatalogue;
  /** A missed call that rang for less than this (ms) is abandoned: the caller hung up. */
  readonly abandonMs: number;
  private readonly log: EventLog;
  private readonly customerStore: CustomerStore;
  private readonly callStore: CallStore;
  private readonly appointmentStore: AppointmentStore;
  private readonly figureQueries: FigureQueries;
  /** A call event into the log and its call, in one transaction (made once: making one costs as much as a small write). */
  private readonly storeCallEvent: (callSid: string, event: CallEvent, now: number) => { call: Call; created: boolean; duplicate: boolean };
  private readonly overrides: Partial<SalonSettings>;
  private current: SalonSettings;
  private writingAside = false;

  constructor(
    path: string,
    private readonly options: SalonOptions = {},
  ) {
    this.db = openDatabase(path, options);
    this.clock = options.clock ?? systemClock;
    this.changes = new ChangeFeed(() => this.clock.now());
    this.overrides = options.overrides ?? {};
    this.db.transaction(() => seedServices(this.db))();
    this.services = new ServiceCatalogue(this.db);
    this.log = new EventLog(this.db);
    this.customerStore = new CustomerStore(this.db);
    this.abandonMs = (options.abandonSeconds ?? DEFAULT_ABANDON_SECONDS) * 1000;
    this.callStore = new CallStore(this.db, this.log, this.customerStore, this.abandonMs);
    this.appointmentStore = new AppointmentStore(this.db, this.log, this.customerStore);
    this.figureQueries = new FigureQueries(this.db);
    this.storeCallEvent = this.db.transaction((callSid: string, event: CallEvent, now: number) => {
      if (!this.log.append('call', callSid, event, now)) return { call: this.callStore.get(callSid), created: false, duplicate: true };
      const { call, created } = this.callStore.applyEvent(callSid, event, this.current);
      return { call, created, duplicate: false };
    });
    this.current = this.effectiveSettings();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- settings ----

  settings(): SalonSettings {
    return this.current;
  }

  /** What the insights and the weekly report read: the database, the settings, now, and the abandon threshold. */
  insightSource(): InsightSource {
    return { db: this.db, settings: this.current, now: this.clock.now(), abandonMs: this.abandonMs };
  }

  private effectiveSettings(): SalonSettings {
    return { ...defaultSettings(), ...readSavedSettings(this.db), ...this.overrides };
  }

  updateSettings(changes: Partial<Record<keyof SalonSettings, unknown>>): SalonSettings {
    const valid = validSettings(changes);
    this.db.transaction(() => {
      saveSettings(this.db, valid);
      const before = this.current;
      this.current = this.effectiveSettings();
      if (before.timezone !== this.current.timezone || before.business_hours !== this.current.business_hours) {
        this.callStore.remarkAfterHours(this.current);
      }
    })();
    this.publishMetrics();
    return this.current;
  }

  /** What saving these settings would re-count (past calls that change sides), saving nothing; a bad value is an InputError. */
  previewSettings(changes: Partial<Record<keyof SalonSettings, unknown>>): AfterHoursChanges {
    return this.callStore.afterHoursChanges({ ...this.current, ...validSettings(changes), ...this.overrides });
  }

  // ---- ingest ----

  private batchDepth = 0;
  /** While a group is being written: its announcements, held until it commits. */
  private held: Announcement[] | null = null;

  /**
   * Applies a batch in one transaction: all of it or nothing. Its changes are announced as one
   * `metrics.updated` after the commit, never one message per event (nor before the commit).
   */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return this.db.transaction(fn)();
    } finally {
      this.batchDepth--;
      this.publishMetrics();
    }
  }

  /** True while a long write (an import) holds the database's write lock. */
  get isWritingAside(): boolean {
    return this.writingAside;
  }

  /** The native driver this salon's connection was opened with, for another connection to the same file. */
  get nativeBinding(): string | undefined {
    return this.options.nativeBinding;
  }

  /**
   * A long write (an import) done by another connection to the same file, in one transaction of
   * its own (on a worker thread: see csv/import-thread.ts), applied whole or not at all. This
   * connection goes on reading what was committed; its writes meanwhile are refused at once
   * (SQLITE_BUSY, no waiting on the lock: the event loop must not stall) so that webhooks go to
   * the spool, are acknowledged, and are stored once the long write has committed or rolled
   * back; nothing of theirs is ever inside the long write, so its failure cannot undo them. Nor
   * does this connection checkpoint meanwhile: the WAL then holds the whole file's pages, and
   * the long write's own connection copies them into the database off the event loop.
   */
  async writeAside<T>(work: () => Promise<T>): Promise<T> {
    if (this.writingAside) throw new ConflictError('an import is being applied; try again once it has finished');
    this.writingAside = true;
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    const autoCheckpoint = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    this.db.pragma('wal_autocheckpoint = 0');
    try {
      return await work();
    } finally {
      if (this.db.open) {
        this.db.pragma(`busy_timeout = ${timeout}`);
        this.db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
      }
      this.writingAside = false;
      this.publishMetrics();
    }
  }

  /**
   * Group commit: several writes in one transaction, so that they share one disk sync (a sync
   * costs more than a small write); each write in a savepoint of its own. A write refused for its
   * own input (an InputError or NotFoundError) is undone alone and settles with its error; any
   * other failure (the database locked, full, failing) undoes the group and is thrown. What the
   * writes announce is published once the group has committed, never before.
   */
  together<T>(writes: readonly (() => T)[]): Settled<T>[] {
    const held: Announcement[] = [];
    this.held = held;
    let settled: Settled<T>[];
    try {
      settled = this.writeTogether(writes);
    } finally {
      this.held = null;
    }
    for (const { type, data } of held) this.changes.publish(type, data);
    if (held.length > 0) this.publishMetrics();
    return settled;
  }

  private readonly writeTogether = <T>(writes: readonly (() => T)[]): Settled<T>[] =>
    this.db.transaction(() =>
      writes.map((write): Settled<T> => {
        try {
          return { ok: true, value: write() };
        } catch (error) {
          if (error instanceof InputError || error instanceof NotFoundError) return { ok: false, error };
          throw error;
        }
      }),
    )() as Settled<T>[];

  private announce<K extends Announced>(type: K, data: LiveEvents[K]): void {
    // Nobody watching: nothing to hold or build.
    if (this.batchDepth > 0 || this.changes.size === 0) return;
    if (this.held) {
      this.held.push({ type, data });
      return;
    }
    this.changes.publish(type, data);
    this.publishMetrics();
  }

  /** Checks a call event as `recordCallEvent` would, and stores nothing: an InputError names what is wrong. */
  checkCallEvent(body: CallEventBody, options: { test?: boolean } = {}): void {
    acceptCallEvent(body, this.current, this.clock.now(), options.test ?? false);
  }

  /** Checks an appointment event as `recordAppointmentEvent` would (reading the catalogue and customers), and stores nothing. */
  checkAppointmentEvent(body: AppointmentEventBody, options: { test?: boolean } = {}): void {
    acceptAppointmentEvent(body, this.appointmentContext(this.clock.now(), options.test ?? false));
  }

  private appointmentContext(receivedAt: number, isTest: boolean): AppointmentContext {
    return { settings: this.current, services: this.services, customers: this.customerStore, callFacts: (sid) => this.callStore.facts(sid), receivedAt, isTest };
  }

  /** `receivedAt`: when the event reached the salon, if not now (an event replayed from the spool). */
  recordCallEvent(body: CallEventBody, options: { test?: boolean; receivedAt?: number } = {}): CallResult {
    const now = options.receivedAt ?? this.clock.now();
    const { callSid, event } = acceptCallEvent(body, this.current, now, options.test ?? false);
    const outcome = this.storeCallEvent(callSid, event, now);
    if (!outcome.duplicate) this.announce(outcome.created ? 'call.started' : 'call.updated', outcome.call);
    return { ok: true, call: outcome.call, duplicate: outcome.duplicate };
  }

  /**
   * Many call events at once (a backfill): the same rules and the same calls as `recordCallEvent`
   * one by one, in chunked transactions; announced as one `metrics.updated`, not one message per call.
   */
  ingestCalls(events: readonly CallEventBody[], options: { test?: boolean } = {}): BatchOutcome {
    const now = this.clock.now();
    const isTest = options.test ?? false;
    return this.ingest(events, now, {
      kind: 'call',
      accept: (body) => {
        const { callSid, event } = acceptCallEvent(body, this.current, now, isTest);
        return { subjectId: callSid, event };
      },
      projectAll: (calls) => this.callStore.projectAll(calls, this.current),
    });
  }

  /**
   * Many appointment events at once (an import): the same rules and the same appointments as
   * `recordAppointmentEvent` one by one, in chunked transactions; announced as one `metrics.updated`.
   */
  ingestAppointments(events: readonly AppointmentEventBody[], options: { test?: boolean } = {}): BatchOutcome {
    const now = this.clock.now();
    const context = this.appointmentContext(now, options.test ?? false);
    return this.ingest(events, now, {
      kind: 'appointment',
      accept: (body) => {
        const { appointmentId, event } = acceptAppointmentEvent(body, context);
        return { subjectId: appointmentId, event };
      },
      projectAll: (appointments) => this.appointmentStore.projectAll(appointments),
    });
  }

  private ingest<B, P>(events: readonly B[], now: number, rules: Omit<BatchTarget<B, P>, 'db' | 'log'>): BatchOutcome {
    try {
      return ingestBatch({ db: this.db, log: this.log, ...rules }, events, now);
    } finally {
      this.publishMetrics();
    }
  }

  recordAppointmentEvent(body: AppointmentEventBody, options: { test?: boolean; receivedAt?: number } = {}): AppointmentResult {
    const now = options.receivedAt ?? this.clock.now();
    const accepted = this.db.transaction(() => acceptAppointmentEvent(body, this.appointmentContext(now, options.test ?? false)))();
    const result = this.applyAppointmentEvent(accepted, now);
    return (body.event ?? 'booked') === 'booked' ? { ...result, from_call: accepted.fromCall } : result;
  }

  updateAppointment(appointmentId: string, patch: AppointmentPatch): Appointment {
    if (!this.appointmentStore.exists(appointmentId)) throw new NotFoundError(`appointment ${appointmentId}`);
    const now = this.clock.now();
    checkDeskStatusChange(this.appointmentStore.get(appointmentId), patch, now, this.current.timezone);
    return this.applyAppointmentEvent(acceptAppointmentPatch(appointmentId, patch, now), now).appointment!;
  }

  private applyAppointmentEvent({ appointmentId, event }: AcceptedAppointmentEvent, now: number): AppointmentResult {
    const outcome = this.db.transaction(() => {
      if (!this.log.append('appointment', appointmentId, event, now)) {
        const existing = this.appointmentStore.exists(appointmentId) ? this.appointmentStore.get(appointmentId) : null;
        return { projected: existing && { appointment: existing, created: false }, duplicate: true };
      }
      return { projected: this.appointmentStore.applyEvent(appointmentId, event), duplicate: false };
    })();
    const { projected, duplicate } = outcome;
    if (projected && !duplicate) this.announce(projected.created ? 'appointment.created' : 'appointment.updated', projected.appointment);
    return { ok: true, appointment: projected?.appointment ?? null, duplicate, pending: projected === null };
  }

  updateCustomer(id: number, patch: CustomerPatch): Customer {
    return this.db.transaction(() => {
      const customer = this.customerStore.update(id, patch, this.current.default_region);
      // The audit keeps what changed, never whatever else the request carried (unknown keys pass the schema).
      const { name, phone, email, notes } = patch;
      this.appendAudit('customer', String(id), 'updated', { name, phone, email, notes });
      return customer;
    })();
  }

  /** Records what came of calling a missed caller back (callback-outcomes.ts). */
  markCalledBack(phone: string, outcome: CallbackOutcomeKind = 'reached'): CallbackOutcome {
    const now = this.clock.now();
    return this.db.transaction(() => {
      const recorded = recordCallbackOutcome(this.db, phone, outcome, now);
      this.appendAudit('call', phone, outcome === 'reached' ? 'called_back' : `called_back_${outcome}`, { phone, outcome_id: recorded.id });
      return recorded;
    })();
  }

  undoCallbackOutcome(id: number): CallbackOutcome {
    const now = this.clock.now();
    return this.db.transaction(() => {
      const undone = undoCallbackOutcome(this.db, id, now);
      this.appendAudit('call', undone.phone, 'called_back_undone', { outcome_id: id });
      return undone;
    })();
  }

  private appendAudit(kind: SubjectKind, subject: string, type: string, payload: unknown): void {
    const now = this.clock.now();
    this.log.append(kind, subject, { key: `${kind}:${subject}:${type}:${now}:${Math.random().toString(36).slice(2)}`, type, occurredAt: now, isTest: false, payload }, now);
  }

  // ---- figures ----

  private weekInfo(week: Week): WeekInfo {
    return { start: week.start, end: week.end, complete: week.endMs <= this.clock.now() };
  }

  /** The week containing a local date, or the current week. */
  week(date?: string): Week {
    const zone = this.current.timezone;
    return date ? weekOfDate(date, zone) : weekContaining(this.clock.now(), zone);
  }

  /** A week's figures, and their growth on the stretch of last week they compare with (SPEC §2). */
  weekFigures(week: Week): Pick<Dashboard, 'week' | 'figures' | 'growth' | 'previous'> {
    const now = this.clock.now();
    const compared = comparisonSpan(week, now, this.current.timezone);
    const [last, current] = this.figureQueries.forWeeks([compared, week], now);
    return {
      week: this.weekInfo(week),
      figures: current!,
      growth: growth(current!, last!),
      previous: { start: toIso(compared.startMs), end: toIso(compared.endMs), figures: last! },
    };
  }

  dashboard(date?: string): Dashboard {
    const now = this.clock.now();
    return {
      timezone: this.current.timezone,
      ...this.weekFigures(this.week(date)),
      live_calls: this.callStore.live(now, LIVE_CALL_WINDOW_MS),
      recent_calls: this.callStore.recent(RECENT_CALLS),
      callback_list: callbackList(this.db, now, this.abandonMs),
      goals: this.goals(date),
    };
  }

  weeklyMetrics(query: WeeklyQuery): WeeklyMetrics {
    const zone = this.current.timezone;
    const weeks = weeksEndingWith(this.week(query.until), query.weeks_back ?? 12, zone);
    const figures = this.figureQueries.forWeeks(weeks, this.clock.now());
    return {
      timezone: zone,
      weeks: weeks.map((w, i) => ({ week_start: w.start, complete: this.weekInfo(w).complete, ...figures[i]! })),
    };
  }

  /**
   * Stores a finished week's figures and tells every open dashboard. Closing a week twice
   * changes nothing and answers false.
   */
  closeWeek(week: Week, extras?: (figures: WeekFigures) => WeeklyReportExtras): boolean {
    const { figures } = this.weekFigures(week);
    const { changes } = cached(this.db, 'INSERT INTO weekly_figures (week_start, timezone, figures, closed_at) VALUES (?, ?, ?, ?) ON CONFLICT(week_start) DO NOTHING')
      .run(week.start, this.current.timezone, JSON.stringify(figures), this.clock.now());
    // The extras (insights, the report's address) are worked out only when the week really closes.
    if (changes === 1) this.changes.publish('weekly.report', { week: this.weekInfo(week), figures, ...extras?.(figures) });
    return changes === 1;
  }

  /** The growth goals of the week containing a date (default: this week): beat the whole of last week, and progress so far. */
  goals(date?: string): Goals {
    const week = this.week(date);
    const zone = this.current.timezone;
    const now = this.clock.now();
    const last = previousWeek(week, zone);
    const [lastFigures, figures] = this.figureQueries.forWeeks([last, week], now);
    const elapsed = elapsedOpenFraction(week, this.current.business_hours, zone, now);
    return weeklyGoals(this.weekInfo(week), last.start, figures!, lastFigures!, elapsed);
  }

  private metricsQueued = false;
  private lastMetricsAt = 0;

  /**
   * Pushes the current week's figures once per burst of changes, not once per event: at once
   * after a quiet spell, then at most every METRICS_EVERY_MS while events keep coming (working
   * them out blocks every request for a few ms; on a busy Saturday, once per event would be
   * most of the work).
   */
  private publishMetrics(): void {
    if (this.metricsQueued || this.batchDepth > 0 || this.changes.size === 0) return;
    this.metricsQueued = true;
    const run = () => {
      this.metricsQueued = false;
      this.lastMetricsAt = Date.now();
      if (this.db.open) {
        this.changes.publish('metrics.updated', { ...this.weekFigures(this.week()), goals: this.goals(), callback_list: callbackList(this.db, this.clock.now(), this.abandonMs) });
      }
    };
    const wait = this.lastMetricsAt + METRICS_EVERY_MS - Date.now();
    if (wait <= 0) setImmediate(run);
    else setTimeout(run, wait).unref();
  }

  /** Today's inbound calls (salon time) and how many were missed: the tray's line. */
  todayCallCounts(): { calls: number; missed: number } {
    const { startMs, endMs } = dayContaining(this.clock.now(), this.current.timezone);
    return cached(this.db,
        `SELECT count(*) AS calls, total(outcome = 'missed') AS missed FROM calls
         WHERE started_at >= ? AND started_at < ? AND is_test = 0 AND direction = 'inbound'`,
      )
      .get(startMs, endMs) as { calls: number; missed: number };
  }

  // ---- lists ----

  private range(q: { from?: string; to?: string }) {
    const zone = this.current.timezone;
    return {
      ...(q.from ? { from: parseRangeBound(q.from, zone, 'from') } : {}),
      ...(q.to ? { to: parseRangeBound(q.to, zone, 'to') } : {}),
    };
  }

  calls(q: CallsQuery): Page<Call> {
    return this.callStore.list({ ...this.range(q), ...(q.status ? { status: q.status } : {}), limit: q.limit ?? 100, offset: q.offset ?? 0 });
  }

  call(callSid: string): Call {
    return this.callStore.get(callSid);
  }

  appointments(q: AppointmentsQuery): Page<Appointment> {
    return this.appointmentStore.list({ ...this.range(q), ...(q.status ? { status: q.status } : {}), limit: q.limit ?? 100, offset: q.offset ?? 0 });
  }

  appointment(id: string): Appointment {
    return this.appointmentStore.get(id);
  }

  customers(q: CustomersQuery): Page<CustomerListItem> {
    return listCustomers(this.db, q, this.clock.now());
  }

  customer(id: number): CustomerDetail {
    return {
      ...this.customerStore.get(id),
      appointments: this.appointmentStore.forCustomer(id),
      calls: this.callStore.forCustomer(id),
      reliability: this.reliability(id),
    };
  }

  /** A customer's no-shows and late cancellations over the last year, against the deposit threshold. */
  reliability(id: number): Reliability {
    return customerReliability(this.db, id, this.clock.now(), this.current.deposit_threshold);
  }

  healthy(): boolean {
    try {
      cached(this.db, 'SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }
}
