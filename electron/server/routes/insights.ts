import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_INPUTS } from '../../contract/index.js';
import { NotFoundError } from '../../core/errors.js';
import { REPORT_CONTENT_SECURITY_POLICY, buildWeeklyReport, reportCsv, reportHtml } from '../../core/report/weekly.js';
import type { RouteContext } from './context.js';

const REPORT_NAME = /^(\d{4}-\d{2}-\d{2})\.(html|csv)$/;

/** `/salon/insights`, `/salon/goals`, `/salon/callbacks` and the weekly report (`/salon/reports/YYYY-MM-DD.html|.csv`). */
export const insightRoutes = ({ salon, api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/salon/insights', { schema: { querystring: API_INPUTS.getInsights } }, async (request) => api.getInsights(request.query));

  app.get('/salon/goals', { schema: { querystring: API_INPUTS.getGoals } }, async (request) => api.getGoals(request.query));

  app.get('/salon/callbacks', { schema: { querystring: API_INPUTS.listCallbacks } }, async (request) => api.listCallbacks(request.query));

  // The same report as a JSON document (for clients that cannot open a URL with the token, like the desktop app).
  app.get('/salon/reports', { schema: { querystring: API_INPUTS.getWeeklyReport } }, async (request) => api.getWeeklyReport(request.query));

  // The report of the week containing the date: as it was closed, or to date while the week runs.
  app.get('/salon/reports/:name', { schema: { params: Type.Object({ name: Type.String({ maxLength: 32 }) }) } }, async (request, reply) => {
    const match = REPORT_NAME.exec(request.params.name);
    if (!match) throw new NotFoundError(`report ${request.params.name} (ask for YYYY-MM-DD.html or YYYY-MM-DD.csv)`);
    const report = buildWeeklyReport(salon.insightSource(), salon.week(match[1]));
    if (match[2] === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="weekly-report-${report.week.start}.csv"`)
        .header('x-content-type-options', 'nosniff')
        .send(reportCsv(report));
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', REPORT_CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(reportHtml(report));
  });
};
