import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { applyCallAliases, CallEventBody, CallsQuery } from '../../contract/index.js';
import type { RouteContext } from './context.js';
import { maskPhone } from '../logging.js';

export const callRoutes = ({ api, ingest }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.post(
    '/salon/call',
    {
      schema: { body: CallEventBody },
      // Seed-style keys (CallSid, From, CallerName) become their canonical names before validation.
      preValidation: async (request) => {
        request.body = applyCallAliases(request.body) as CallEventBody;
      },
    },
    async (request, reply) => {
      const result = await ingest.recordCall(request.body);
      // The database could not take it: kept in the spool, stored later (202).
      if ('spooled' in result) {
        request.log.warn({ call_sid: request.body.call_sid, event: request.body.event }, 'call event spooled');
        return reply.code(202).send(result);
      }
      request.log.info({ call_sid: request.body.call_sid, event: request.body.event, from: maskPhone(result.call.from), duplicate: result.duplicate }, 'call event');
      return result;
    },
  );

  app.get('/salon/calls', { schema: { querystring: CallsQuery } }, async (request) => api.listCalls(request.query));
};
