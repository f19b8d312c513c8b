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
  WeeklyQuery,
} from './schemas.js';
import type {
  Appointment,
  Call,
  Customer,
  CustomerDetail,
  Dashboard,
  Page,
  WeeklyMetrics,
} from './types.js';

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
}

const Empty = Type.Object({});
const CustomerId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const AppointmentId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

/** Input schemas, by method name. */
export const API_INPUTS = {
  getDashboard: DashboardQuery,
  getWeeklyMetrics: WeeklyQuery,
  listCustomers: CustomersQuery,
  getCustomer: CustomerId,
  updateCustomer: Type.Object({ id: Type.Integer({ minimum: 1 }), patch: CustomerPatch }),
  listAppointments: AppointmentsQuery,
  bookAppointment: AppointmentEventBody,
  updateAppointment: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }), patch: AppointmentPatch }),
  getAppointment: AppointmentId,
  listCalls: CallsQuery,
  sendTestCall: Type.Partial(CallEventBody),
  markCalledBack: Type.Object({ phone: Type.String({ minLength: 1, maxLength: 64 }) }),
  health: Empty,
} satisfies Record<string, TSchema>;

export type ApiMethod = keyof typeof API_INPUTS;
export type ApiInput<M extends ApiMethod> = Static<(typeof API_INPUTS)[M]>;

/** Answer types, by method name. */
export interface ApiOutputs {
  getDashboard: Dashboard;
  getWeeklyMetrics: WeeklyMetrics;
  listCustomers: Page<Customer>;
  getCustomer: CustomerDetail;
  updateCustomer: Customer;
  listAppointments: Page<Appointment>;
  bookAppointment: AppointmentResult;
  updateAppointment: Appointment;
  getAppointment: Appointment;
  listCalls: Page<Call>;
  sendTestCall: CallResult;
  markCalledBack: { ok: true; calls: number };
  health: { status: 'ok'; version: string; db: 'ok' | 'error'; uptime_s: number };
}
export type ApiOutput<M extends ApiMethod> = ApiOutputs[M];

/** Every method, implemented: the main process's IPC table and the tests use this shape. */
export type ApiHandlers = { [M in ApiMethod]: (input: ApiInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>> };

/** What a transport offers the renderer; IPC and HTTP both implement it. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
}

/** How each method travels over HTTP: verb, path, and where its input goes. */
export interface HttpBinding {
  verb: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** `:id` is taken from the input's `id`. */
  path: string;
  /** Where the rest of the input goes; `patch` sends `input.patch` as the body. */
  input: 'query' | 'body' | 'patch' | 'none';
}

export const HTTP_BINDINGS: { readonly [M in ApiMethod]: HttpBinding } = {
  getDashboard: { verb: 'GET', path: '/salon/dashboard', input: 'query' },
  getWeeklyMetrics: { verb: 'GET', path: '/salon/metrics/weekly', input: 'query' },
  listCustomers: { verb: 'GET', path: '/salon/customers', input: 'query' },
  getCustomer: { verb: 'GET', path: '/salon/customers/:id', input: 'none' },
  updateCustomer: { verb: 'PATCH', path: '/salon/customers/:id', input: 'patch' },
  listAppointments: { verb: 'GET', path: '/salon/appointments', input: 'query' },
  bookAppointment: { verb: 'POST', path: '/salon/appointment', input: 'body' },
  updateAppointment: { verb: 'PATCH', path: '/salon/appointments/:id', input: 'patch' },
  getAppointment: { verb: 'GET', path: '/salon/appointments/:id', input: 'none' },
  listCalls: { verb: 'GET', path: '/salon/calls', input: 'query' },
  sendTestCall: { verb: 'POST', path: '/salon/test/call', input: 'body' },
  markCalledBack: { verb: 'POST', path: '/salon/callbacks/called-back', input: 'body' },
  health: { verb: 'GET', path: '/health', input: 'none' },
};
