import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppointmentEventBody, AppointmentIdParam, AppointmentPatch, AppointmentsQuery } from '../../contract/index.js';
import type { RouteContext } from './context.js';
import { maskPhone } from '../logging.js';

export const appointmentRoutes = ({ api, ingest }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.post('/salon/appointment', { schema: { body: AppointmentEventBody } }, async (request, reply) => {
    const result = await ingest.recordAppointment(request.body, { via: (body) => api.bookAppointment(body) });
    // The database could not take it: kept in the spool, stored later (202).
    if ('spooled' in result) {
      request.log.warn({ appointment_id: result.appointment_id, event: request.body.event ?? 'booked' }, 'appointment event spooled');
      return reply.code(202).send(result);
    }
    request.log.info({ appointment_id: result.appointment?.appointment_id ?? request.body.appointment_id, event: request.body.event ?? 'booked', phone: maskPhone(result.appointment?.customer_phone), duplicate: result.duplicate, pending: result.pending, from_call: result.from_call }, 'appointment event');
    // Accepted and kept, but waiting for its booking event: 202.
    if (result.pending) reply.code(202);
    return result;
  });

  app.get('/salon/appointments', { schema: { querystring: AppointmentsQuery } }, async (request) => api.listAppointments(request.query));

  app.get('/salon/appointments/:id', { schema: { params: AppointmentIdParam } }, async (request) => api.getAppointment(request.params));

  app.patch('/salon/appointments/:id', { schema: { params: AppointmentIdParam, body: AppointmentPatch } }, async (request) =>
    api.updateAppointment({ id: request.params.id, patch: request.body }),
  );
};
