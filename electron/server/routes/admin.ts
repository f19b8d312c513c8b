import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_INPUTS } from '../../contract/index.js';
import type { RouteContext } from './context.js';

/**
 * `/salon/backups` (list, back up now, restore), `/salon/listener` (port and token) and
 * `/salon/export` (an export as a JSON document): the operations methods of the API contract.
 * CSV import and the `.csv` downloads live in csv.ts.
 */
export const adminRoutes = ({ api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/salon/backups', async () => api.listBackups({}));
  app.post('/salon/backups', { schema: { body: API_INPUTS.backupNow } }, async () => api.backupNow({}));
  app.post('/salon/backups/restore', { schema: { body: API_INPUTS.restoreBackup } }, async (request) => api.restoreBackup(request.body));
  app.get('/salon/listener', async () => api.getListener({}));
  app.put('/salon/listener', { schema: { body: API_INPUTS.updateListener } }, async (request) => api.updateListener(request.body));
  app.get('/salon/export', { schema: { querystring: API_INPUTS.exportCsv } }, async (request) => api.exportCsv(request.query));
};
