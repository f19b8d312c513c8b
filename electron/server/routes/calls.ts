import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { applyCallAliases, CallEventBody, CallsQuery } from '../../contract/index.js';
import type { RouteContext } from './context.js';

export const callRoutes = ({ salon, api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.post(
    '/salon/call',
    {
      schema: { body: CallEventBody },
      // Seed-style keys (CallSid, From, CallerName) become their canonical names before validation.
      preValidation: async (request) => {
        request.body = applyCallAliases(request.body) as CallEventBody;
      },
    },
    async (request) => salon.recordCallEvent(request.body),
  );

  app.get('/salon/calls', { schema: { querystring: CallsQuery } }, async (request) => api.listCalls(request.query));
};
