import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DashboardQuery, WeeklyQuery } from '../../contract/index.js';
import type { RouteContext } from './context.js';

export const metricRoutes = ({ api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/salon/dashboard', { schema: { querystring: DashboardQuery } }, async (request) => api.getDashboard(request.query));

  app.get('/salon/metrics/weekly', { schema: { querystring: WeeklyQuery } }, async (request) => api.getWeeklyMetrics(request.query));
};
