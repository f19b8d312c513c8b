import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppointmentEventBody, AppointmentIdParam, AppointmentPatch, AppointmentsQuery } from '../../contract/index.js';
import type { Salon } from '../../core/salon.js';

export const appointmentRoutes = (salon: Salon): FastifyPluginAsyncTypebox => async (app) => {
  app.post('/salon/appointment', { schema: { body: AppointmentEventBody } }, async (request, reply) => {
    const result = salon.recordAppointmentEvent(request.body);
    // Accepted and kept, but waiting for its booking event: 202.
    if (result.pending) reply.code(202);
    return result;
  });

  app.get('/salon/appointments', { schema: { querystring: AppointmentsQuery } }, async (request) => salon.appointments(request.query));

  app.get('/salon/appointments/:id', { schema: { params: AppointmentIdParam } }, async (request) => salon.appointment(request.params.id));

  app.patch('/salon/appointments/:id', { schema: { params: AppointmentIdParam, body: AppointmentPatch } }, async (request) =>
    salon.updateAppointment(request.params.id, request.body),
  );
};
