import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_INPUTS, IdParam } from '../../contract/index.js';
import type { RouteContext } from './context.js';

export const callbackRoutes = ({ api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.post('/salon/callbacks/called-back', { schema: { body: API_INPUTS.markCalledBack } }, async (request) => api.markCalledBack(request.body));
  app.post('/salon/callbacks/outcomes/:id/undo', { schema: { params: IdParam } }, async (request) => api.undoCallbackOutcome({ id: request.params.id }));
};
