import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppointmentEventBody, CallEventBody, applyCallAliases } from '../../contract/index.js';
import { testAppointmentEvent } from '../../core/test-events.js';
import type { RouteContext } from './context.js';

/** `/salon/test/*`: flagged events, for checking the phone system's connection (the body may be `{}`, never absent: see write-guard.ts). */
export const testEventRoutes = ({ salon, api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.post(
    '/salon/test/call',
    {
      schema: { body: Type.Partial(CallEventBody) },
      preValidation: async (request) => {
        request.body = applyCallAliases(request.body) as Partial<CallEventBody>;
      },
    },
    async (request) => api.sendTestCall(request.body),
  );

  app.post('/salon/test/appointment', { schema: { body: Type.Partial(AppointmentEventBody) } }, async (request) =>
    salon.recordAppointmentEvent(testAppointmentEvent(request.body, salon.clock.now()), { test: true }),
  );
};
