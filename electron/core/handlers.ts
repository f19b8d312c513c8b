import type { ApiHandlers } from '../contract/index.js';
import { testCallEvent } from './test-events.js';
import type { Salon } from './salon.js';

/** The API contract implemented over one salon; the IPC transport serves exactly this table. */
export function createHandlers(salon: Salon, version: string, startedAt = Date.now()): ApiHandlers {
  return {
    getDashboard: (q) => salon.dashboard(q.week),
    getWeeklyMetrics: (q) => salon.weeklyMetrics(q),
    listCustomers: (q) => salon.customers(q),
    getCustomer: ({ id }) => salon.customer(id),
    updateCustomer: ({ id, patch }) => salon.updateCustomer(id, patch),
    listAppointments: (q) => salon.appointments(q),
    bookAppointment: (body) => salon.recordAppointmentEvent(body),
    updateAppointment: ({ id, patch }) => salon.updateAppointment(id, patch),
    getAppointment: ({ id }) => salon.appointment(id),
    listCalls: (q) => salon.calls(q),
    sendTestCall: (partial) => salon.recordCallEvent(testCallEvent(partial), { test: true }),
    markCalledBack: ({ phone }) => ({ ok: true, calls: salon.markCalledBack(phone) }),
    health: () => ({ status: 'ok', version, db: salon.healthy() ? 'ok' : 'error', uptime_s: Math.round((Date.now() - startedAt) / 1000) }),
  };
}
