import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CustomerPatch, CustomersQuery, IdParam } from '../../contract/index.js';
import type { Salon } from '../../core/salon.js';

export const customerRoutes = (salon: Salon): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/salon/customers', { schema: { querystring: CustomersQuery } }, async (request) => salon.customers(request.query));

  app.get('/salon/customers/:id', { schema: { params: IdParam } }, async (request) => salon.customer(request.params.id));

  app.patch('/salon/customers/:id', { schema: { params: IdParam, body: CustomerPatch } }, async (request) =>
    salon.updateCustomer(request.params.id, request.body),
  );
};
