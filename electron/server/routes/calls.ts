import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { applyCallAliases, CallEventBody, CallsQuery } from '../../contract/index.js';
import type { RouteContext } from './context.js';
import { maskPhone } from '../logging.js';

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
    async (request) => {
      const result = salon.recordCallEvent(request.body);
      request.log.info({ call_sid: request.body.call_sid, event: request.body.event, from: maskPhone(result.call.from), duplicate: result.duplicate }, 'call event');
      return result;
    },
  );

  app.get('/salon/calls', { schema: { querystring: CallsQuery } }, async (request) => api.listCalls(request.query));
};
