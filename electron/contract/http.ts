/**
 * How each API method travels over HTTP: verb, path, and where its input goes. Kept apart from
 * the schemas (api.ts) so that the renderer's HTTP transport bundles it without TypeBox.
 */
import type { ApiMethod } from './api.js';

/** How each method travels over HTTP: verb, path, and where its input goes. */
export interface HttpBinding {
  verb: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** `:id` is taken from the input's `id`. */
  path: string;
  /**
   * Where the rest of the input goes; `patch` sends `input.patch` as the body; `csv` sends
   * `input.csv` as a text/csv body and the rest in the query.
   */
  input: 'query' | 'body' | 'patch' | 'none' | 'csv';
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
  undoCallbackOutcome: { verb: 'POST', path: '/salon/callbacks/outcomes/:id/undo', input: 'body' },
  getInsights: { verb: 'GET', path: '/salon/insights', input: 'query' },
  getGoals: { verb: 'GET', path: '/salon/goals', input: 'query' },
  listCallbacks: { verb: 'GET', path: '/salon/callbacks', input: 'query' },
  listDueCustomers: { verb: 'GET', path: '/salon/customers/due', input: 'query' },
  getWeeklyReport: { verb: 'GET', path: '/salon/reports', input: 'query' },
  health: { verb: 'GET', path: '/health', input: 'none' },
  getSettings: { verb: 'GET', path: '/salon/settings', input: 'none' },
  updateSettings: { verb: 'PATCH', path: '/salon/settings', input: 'body' },
  previewSettings: { verb: 'POST', path: '/salon/settings/preview', input: 'body' },
  listServices: { verb: 'GET', path: '/salon/services', input: 'none' },
  saveService: { verb: 'PUT', path: '/salon/services', input: 'body' },
  setIntent: { verb: 'PUT', path: '/salon/intents', input: 'body' },
  listBackups: { verb: 'GET', path: '/salon/backups', input: 'none' },
  backupNow: { verb: 'POST', path: '/salon/backups', input: 'body' },
  restoreBackup: { verb: 'POST', path: '/salon/backups/restore', input: 'body' },
  getListener: { verb: 'GET', path: '/salon/listener', input: 'none' },
  updateListener: { verb: 'PUT', path: '/salon/listener', input: 'body' },
  importCsv: { verb: 'POST', path: '/salon/import', input: 'csv' },
  exportCsv: { verb: 'GET', path: '/salon/export', input: 'query' },
  listConnectors: { verb: 'GET', path: '/salon/connectors', input: 'none' },
  testConnector: { verb: 'POST', path: '/salon/connectors/:id/test', input: 'body' },
  saveConnector: { verb: 'PUT', path: '/salon/connectors/:id', input: 'body' },
};
