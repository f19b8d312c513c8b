import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_INPUTS, CustomerPatch, CustomersQuery, IdParam } from '../../contract/index.js';
import type { RouteContext } from './context.js';

export const customerRoutes = ({ api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/salon/customers', { schema: { querystring: CustomersQuery } }, async (request) => api.listCustomers(request.query));

  // Static before parametric: the router answers `/salon/customers/due` here, never as an id.
  app.get('/salon/customers/due', { schema: { querystring: API_INPUTS.listDueCustomers } }, async (request) => api.listDueCustomers(request.query));

  app.get('/salon/customers/:id', { schema: { params: IdParam } }, async (request) => api.getCustomer(request.params));

  app.patch('/salon/customers/:id', { schema: { params: IdParam, body: CustomerPatch } }, async (request) =>
    api.updateCustomer({ id: request.params.id, patch: request.body }),
  );
};
