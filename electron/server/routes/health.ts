import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Health } from '../../contract/index.js';
import type { Salon } from '../../core/salon.js';
import { APP_VERSION } from '../version.js';

export const healthRoutes = (salon: Salon): FastifyPluginAsyncTypebox => async (app) => {
  const startedAt = process.hrtime.bigint();
  app.get('/health', async (): Promise<Health> => ({
    status: 'ok',
    version: APP_VERSION,
    db: salon.healthy() ? 'ok' : 'error',
    uptime_s: Math.round(Number(process.hrtime.bigint() - startedAt) / 1e9),
  }));
};
