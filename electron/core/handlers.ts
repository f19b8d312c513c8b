import type { ApiHandlers, AppointmentEventBody, AppointmentResult, SettingsView } from '../contract/index.js';
import { createAdminHandlers } from './admin-api.js';
import { testCallEvent } from './test-events.js';
import { callbacksFor, insightsFor, reportWeek } from './weekly-api.js';
import { overdueCustomers } from './visits.js';
import { buildWeeklyReport, reportCsv, reportHtml } from './report/weekly.js';
import type { Salon } from './salon.js';
import { dollarsToCents } from './services.js';
import { ConflictError, InputError } from './errors.js';
import type { ServerInfo } from './server-info.js';
import { defaultSettings, readSavedSettings, SETTING_KEYS, type SalonSettings } from './settings.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The settings as the dashboard shows them: the effective values, and which of them a flag or the environment fixes. */
function settingsView(salon: Salon, server: ServerInfo): SettingsView {
  const current = salon.settings();
  // Effective = defaults ← saved ← flags/env; a value that differs from defaults ← saved comes from a flag or the environment.
  const withoutOverrides: SalonSettings = { ...defaultSettings(), ...readSavedSettings(salon.db) };
  return {
    timezone: current.timezone,
    default_region: current.default_region,
    business_hours: current.business_hours.map((d) => (d ? { open: d.open, close: d.close } : null)),
    deposit_threshold: current.deposit_threshold,
    overridden: SETTING_KEYS.filter((key) => !same(current[key], withoutOverrides[key])),
    webhook: { url: server.webhookUrl?.() ?? null, token_required: server.tokenRequired?.() ?? false },
  };
}

/** A booking's answer, with the reliability warning when the customer is past the deposit threshold. */
function withWarnings(salon: Salon, body: AppointmentEventBody, result: AppointmentResult): AppointmentResult {
  if ((body.event ?? 'booked') !== 'booked' || !result.appointment) return result;
  const { warning } = salon.reliability(result.appointment.customer_id);
  return { ...result, warnings: warning ? [warning] : [] };
}

/** The API contract implemented over one salon; the IPC transport serves exactly this table. */
export function createHandlers(salon: Salon, version: string, startedAt = Date.now(), server: ServerInfo = {}): ApiHandlers {
  const hub = () => {
    if (!server.connectors) throw new ConflictError('this process runs no phone connectors (they run in the desktop app and in npm run serve)');
    return server.connectors;
  };
  const catalogue = () => ({ services: salon.services.list(), intent_map: salon.services.intentMap() });
  return {
    getDashboard: (q) => salon.dashboard(q.week),
    getWeeklyMetrics: (q) => salon.weeklyMetrics(q),
    listCustomers: (q) => salon.customers(q),
    getCustomer: ({ id }) => salon.customer(id),
    updateCustomer: ({ id, patch }) => salon.updateCustomer(id, patch),
    listAppointments: (q) => salon.appointments(q),
    bookAppointment: (body) => withWarnings(salon, body, salon.recordAppointmentEvent(body)),
    updateAppointment: ({ id, patch }) => salon.updateAppointment(id, patch),
    getAppointment: ({ id }) => salon.appointment(id),
    listCalls: (q) => salon.calls(q),
    sendTestCall: (partial) => salon.recordCallEvent(testCallEvent(partial), { test: true }),
    markCalledBack: ({ phone, outcome }) => {
      const recorded = salon.markCalledBack(phone, outcome);
      return { ok: true, calls: recorded.calls, outcome: recorded };
    },
    undoCallbackOutcome: ({ id }) => ({ ok: true, outcome: salon.undoCallbackOutcome(id) }),
    getInsights: (q) => insightsFor(salon, q.week),
    getGoals: (q) => salon.goals(q.week),
    listCallbacks: (q) => callbacksFor(salon, q.week),
    listDueCustomers: ({ limit = 100, offset = 0 }) => {
      const due = overdueCustomers(salon.db, salon.clock.now());
      return { items: due.slice(offset, offset + limit), total: due.length };
    },
    getWeeklyReport: ({ week, format = 'html' }) => {
      const report = buildWeeklyReport(salon.insightSource(), reportWeek(salon, week));
      const w = report.week;
      return {
        week: { start: w.start, end: w.end, complete: w.endMs <= salon.clock.now() },
        format,
        filename: `weekly-report-${w.start}.${format}`,
        content_type: format === 'csv' ? 'text/csv; charset=utf-8' : 'text/html; charset=utf-8',
        body: format === 'csv' ? reportCsv(report) : reportHtml(report),
      };
    },
    health: () => ({ status: 'ok', version, db: salon.healthy() ? 'ok' : 'error', uptime_s: Math.round((Date.now() - startedAt) / 1000) }),
    getSettings: () => settingsView(salon, server),
    updateSettings: (patch) => {
      salon.updateSettings(patch);
      return settingsView(salon, server);
    },
    previewSettings: (patch) => salon.previewSettings(patch),
    listServices: () => catalogue(),
    saveService: ({ name, price, duration_min }) => {
      const trimmed = name.trim();
      if (!trimmed) throw new InputError('name', 'a service needs a name');
      const price_cents = dollarsToCents(price, 'price');
      return salon.batch(() => salon.services.upsert({ name: trimmed, price_cents, duration_min }));
    },
    setIntent: ({ intent, service }) =>
      salon.batch(() => {
        salon.services.setIntent(intent, service);
        return catalogue();
      }),
    listConnectors: () => hub().list(),
    testConnector: ({ id, credentials }) => hub().test(id, credentials),
    saveConnector: ({ id, credentials }) => hub().save(id, credentials),
    // Backups, CSV import and export, the webhook listener.
    ...createAdminHandlers(salon, server),
  };
}
