import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DashboardQuery, WeeklyQuery } from '../../contract/index.js';
import type { Salon } from '../../core/salon.js';

export const metricRoutes = (salon: Salon): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/salon/dashboard', { schema: { querystring: DashboardQuery } }, async (request) => salon.dashboard(request.query.week));

  app.get('/salon/metrics/weekly', { schema: { querystring: WeeklyQuery } }, async (request) => salon.weeklyMetrics(request.query));
};
