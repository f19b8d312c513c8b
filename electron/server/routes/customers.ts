import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CustomerPatch, CustomersQuery, IdParam } from '../../contract/index.js';
import type { RouteContext } from './context.js';

export const customerRoutes = ({ api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/salon/customers', { schema: { querystring: CustomersQuery } }, async (request) => api.listCustomers(request.query));

  app.get('/salon/customers/:id', { schema: { params: IdParam } }, async (request) => api.getCustomer(request.params));

  app.patch('/salon/customers/:id', { schema: { params: IdParam, body: CustomerPatch } }, async (request) =>
    api.updateCustomer({ id: request.params.id, patch: request.body }),
  );
};
