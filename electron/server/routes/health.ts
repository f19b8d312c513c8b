import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteContext } from './context.js';

export const healthRoutes = ({ api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/health', async () => api.health({}));
};
