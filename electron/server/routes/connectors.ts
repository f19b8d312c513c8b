import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConnectorParams, SaveConnectorBody, TestConnectorBody } from '../../contract/index.js';
import type { RouteContext } from './context.js';

/** `/salon/connectors`: the phone connectors' state, "Test connection", and credentials saved from Settings. */
export const connectorRoutes = ({ api }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/salon/connectors', async () => api.listConnectors({}));

  app.post(
    '/salon/connectors/:id/test',
    {
      schema: { params: ConnectorParams, body: TestConnectorBody },
      // A bare POST (no body) tests the saved credentials.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => api.testConnector({ ...request.body, id: request.params.id }),
  );

  app.put('/salon/connectors/:id', { schema: { params: ConnectorParams, body: SaveConnectorBody } }, async (request) =>
    api.saveConnector({ ...request.body, id: request.params.id }),
  );
};
