import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { API_INPUTS, type SettingsView } from '../../contract/index.js';
import type { RouteContext } from './context.js';

export interface SettingsRouteOptions {
  /** Whether `/salon/*` asks for the webhook token (read per request: Settings can change it). */
  tokenRequired: () => boolean;
}

/** Over HTTP the webhook's address is the one this request came to. */
function withWebhook(view: SettingsView, request: FastifyRequest, options: SettingsRouteOptions): SettingsView {
  return { ...view, webhook: { url: `${request.protocol}://${request.host}/salon/call`, token_required: options.tokenRequired() } };
}

/** `/salon/settings`, `/salon/services`, `/salon/intents`: what the dashboard's Settings tab reads and changes. */
export const settingsRoutes = ({ api }: RouteContext, options: SettingsRouteOptions): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/salon/settings', async (request) => withWebhook(await api.getSettings({}), request, options));

  app.patch('/salon/settings', { schema: { body: API_INPUTS.updateSettings } }, async (request) =>
    withWebhook(await api.updateSettings(request.body), request, options),
  );

  app.post('/salon/settings/preview', { schema: { body: API_INPUTS.previewSettings } }, async (request) => api.previewSettings(request.body));

  app.get('/salon/services', async () => api.listServices({}));

  app.put('/salon/services', { schema: { body: API_INPUTS.saveService } }, async (request) => api.saveService(request.body));

  app.put('/salon/intents', { schema: { body: API_INPUTS.setIntent } }, async (request) => api.setIntent(request.body));
};
