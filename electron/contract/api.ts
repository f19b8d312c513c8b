/**
 * The API the dashboard uses, defined once: each method's input schema, its answer type and
 * its HTTP binding. The Electron main process implements it over IPC (validating every input
 * with these schemas); the browser build calls the same methods over HTTP. A method missing
 * from either side is a compile error.
 */
import { Type, type Static, type TSchema } from 'typebox';
import {
  AppointmentEventBody,
  AppointmentPatch,
  AppointmentsQuery,
  CallEventBody,
  CallsQuery,
  CustomerPatch,
  CustomersQuery,
  DashboardQuery,
  Id,
  IdParam,
  Str,
  WeeklyQuery,
} from './schemas.js';
import type {
  Appointment,
  Call,
  Customer,
  CustomerDetail,
  CustomerListItem,
  Dashboard,
  Page,
  WeekInfo,
  WeeklyMetrics,
} from './types.js';
import type { CallbackOutcome, CallbacksAnswer, Goals, Insights, OverdueCustomer } from './insights.js';
import { ADMIN_INPUTS, type AdminOutputs } from './admin.js';
import { CONNECTOR_INPUTS, type ConnectorOutputs } from './connectors.js';

export interface CallResult {
  ok: true;
  call: Call;
  duplicate: boolean;
}

export interface AppointmentResult {
  ok: true;
  /** Null while the event waits for its booking to arrive (events may come out of order). */
  appointment: Appointment | null;
  duplicate: boolean;
  pending: boolean;
  /**
   * On a booking: what the desk should know about the customer, e.g. "2 no-shows and 1 late
   * cancellation in the last year: consider asking for a deposit" (empty when nothing).
   */
  warnings?: string[];
  /**
   * On a booking: which of its values the app took from the call named by `call_sid`, because
   * the event left them out: `customer.phone` and `customer.name` (the caller), `service` (the
   * call's intent, through the intent map; the price then defaults from that service). Empty
   * when the event gave everything.
   */
  from_call?: BookingFromCall[];
}

export type BookingFromCall = 'customer.phone' | 'customer.name' | 'service';

const Empty = Type.Object({});

const HHMM = Type.String({ pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$' });
const DayHoursInput = Type.Union([Type.Null(), Type.Object({ open: HHMM, close: HHMM })]);

/** What the desk may change in Settings; the core checks each value again (a zone must exist, a day must open before it closes). */
export const SettingsPatch = Type.Object(
  {
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    default_region: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
    business_hours: Type.Optional(Type.Array(DayHoursInput, { minItems: 7, maxItems: 7 })),
    deposit_threshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  { minProperties: 1 },
);

/** A service of the catalogue, added or changed by name; `price` is in dollars, as in every request. */
export const ServiceInput = Type.Object({
  name: Str(100, 1),
  price: Type.Number({ minimum: 0, maximum: 100_000 }),
  duration_min: Type.Integer({ minimum: 1, maximum: 1440 }),
});

/** One intent code of the phone system and the service it books. */
export const IntentInput = Type.Object({
  intent: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
  service: Str(100, 1),
});
const CustomerId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** A page of a list: at most 1000 at a time. */
const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })),
});
/** The weekly report of the week containing `week` (default: the last complete week), as HTML or CSV. */
export const ReportQuery = Type.Object({
  week: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  format: Type.Optional(Type.Union([Type.Literal('html'), Type.Literal('csv')])),
});
const AppointmentId = Type.Object({ id: Id(128) });

/** Input schemas, by method name. */
export const API_INPUTS = {
  getDashboard: DashboardQuery,
  getWeeklyMetrics: WeeklyQuery,
  listCustomers: CustomersQuery,
  getCustomer: CustomerId,
  updateCustomer: Type.Object({ id: Type.Integer({ minimum: 1 }), patch: CustomerPatch }),
  listAppointments: AppointmentsQuery,
  bookAppointment: AppointmentEventBody,
  updateAppointment: Type.Object({ id: Id(128), patch: AppointmentPatch }),
  getAppointment: AppointmentId,
  listCalls: CallsQuery,
  sendTestCall: Type.Partial(CallEventBody),
  markCalledBack: Type.Object({
    phone: Type.String({ minLength: 1, maxLength: 64 }),
    outcome: Type.Optional(Type.Union([Type.Literal('reached'), Type.Literal('no_answer'), Type.Literal('left_voicemail')])),
  }),
  undoCallbackOutcome: IdParam,
  getInsights: DashboardQuery,
  getGoals: DashboardQuery,
  listCallbacks: DashboardQuery,
  listDueCustomers: PageQuery,
  getWeeklyReport: ReportQuery,
  health: Empty,
  getSettings: Empty,
  updateSettings: SettingsPatch,
  previewSettings: SettingsPatch,
  listServices: Empty,
  saveService: ServiceInput,
  setIntent: IntentInput,
  // Backups, import and export, the webhook listener (admin.ts).
  ...ADMIN_INPUTS,
  // The phone connectors (connectors.ts).
  ...CONNECTOR_INPUTS,
} satisfies Record<string, TSchema>;

export type ApiMethod = keyof typeof API_INPUTS;
export type ApiInput<M extends ApiMethod> = Static<(typeof API_INPUTS)[M]>;

/** Answer types, by method name (the operations methods' in admin.ts). */
export interface ApiOutputs extends AdminOutputs, ConnectorOutputs {
  getDashboard: Dashboard;
  getWeeklyMetrics: WeeklyMetrics;
  /** Sorted by `sort` (default name) in `order` (default: the sort's own), narrowed by `query` and `segment`. */
  listCustomers: Page<CustomerListItem>;
  getCustomer: CustomerDetail;
  updateCustomer: Customer;
  listAppointments: Page<Appointment>;
  bookAppointment: AppointmentResult;
  updateAppointment: Appointment;
  getAppointment: Appointment;
  listCalls: Page<Call>;
  sendTestCall: CallResult;
  /** Records a call-back's outcome (default `reached`); `calls` is how many missed calls it marked called back. */
  markCalledBack: { ok: true; calls: number; outcome: CallbackOutcome };
  /** Takes a recorded outcome back: the caller is on the list again as before it. */
  undoCallbackOutcome: { ok: true; outcome: CallbackOutcome };
  /** Findings and recommendations for the week containing `week` (default: the last complete week). */
  getInsights: Insights;
  /** The growth goals of the week containing `week` (default: this week), each against the week before. */
  getGoals: Goals;
  /** The ranked call-back list, and what calling back recovered in the week containing `week` (default: this week). */
  listCallbacks: CallbacksAnswer;
  /** Customers due to rebook: past their own usual interval between visits, nothing booked; the most valuable first. */
  listDueCustomers: Page<OverdueCustomer>;
  /** The weekly report as a document (the same as `GET /salon/reports/YYYY-MM-DD.html|.csv`), for transports without a URL to open. */
  getWeeklyReport: WeeklyReportDocument;
  health: { status: 'ok'; version: string; db: 'ok' | 'error'; uptime_s: number };
  getSettings: SettingsView;
  updateSettings: SettingsView;
  /** What saving these settings would re-count, saving nothing: past calls (test calls aside) that change sides. */
  previewSettings: AfterHoursChanges;
  listServices: ServiceCatalogueView;
  saveService: ServiceView;
  setIntent: ServiceCatalogueView;
}

/** Past calls that new hours or a new time zone move across the after-hours line. */
export interface AfterHoursChanges {
  became_after_hours: number;
  became_in_hours: number;
}

/** Opening hours of one day, `HH:MM` local; `null` in `business_hours` is a closed day. */
export interface DayHoursView {
  open: string;
  close: string;
}

/** The salon's settings as the dashboard shows them. */
export interface SettingsView {
  timezone: string;
  default_region: string;
  /** Seven entries, Monday first. */
  business_hours: (DayHoursView | null)[];
  /** No-shows plus late cancellations in a year at which the desk is told to ask for a deposit (0: never). */
  deposit_threshold: number;
  /** Settings fixed by a command-line flag or the environment: a value saved here does not apply while they are set. */
  overridden: ('timezone' | 'default_region' | 'business_hours' | 'deposit_threshold')[];
  /** Where the phone system posts its call events, when known, and whether it must send the webhook token. */
  webhook: { url: string | null; token_required: boolean };
}

export interface WeeklyReportDocument {
  week: WeekInfo;
  format: 'html' | 'csv';
  /** e.g. `weekly-report-2026-03-02.html`. */
  filename: string;
  content_type: string;
  /** The document itself: a self-contained HTML page, or CSV. */
  body: string;
}

export interface ServiceView {
  id: number;
  name: string;
  price_cents: number;
  duration_min: number;
}

export interface ServiceCatalogueView {
  services: ServiceView[];
  /** Intent code → service name. */
  intent_map: Record<string, string>;
}
export type ApiOutput<M extends ApiMethod> = ApiOutputs[M];

/** Every method, implemented: the main process's IPC table and the tests use this shape. */
export type ApiHandlers = { [M in ApiMethod]: (input: ApiInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>> };

/** What a transport offers the renderer; IPC and HTTP both implement it. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
}

// How each method travels over HTTP lives in http.ts, which imports no schema library: the
// browser bundle takes it without TypeBox.
export { HTTP_BINDINGS, type HttpBinding } from './http.js';
