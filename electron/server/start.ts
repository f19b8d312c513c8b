import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Salon, type SalonOptions } from '../core/salon.js';
import type { ServeConfig } from '../config/config.js';
import { assertSafeBind } from './auth.js';
import { buildServer } from './app.js';

export interface RunningServer {
  salon: Salon;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Opens the salon's database and listens: the headless server, as `npm run serve` and the desktop app run it. */
export async function startServer(config: ServeConfig, options: Pick<SalonOptions, 'clock' | 'nativeBinding'> = {}): Promise<RunningServer> {
  assertSafeBind(config.host, config.token);
  mkdirSync(dirname(config.dbPath), { recursive: true });
  const salon = new Salon(config.dbPath, { ...options, overrides: config.overrides });
  try {
    salon.services.applyPriceOverrides(config.priceEnv);
    const app = await buildServer(salon, { token: () => config.token, logger: { level: 'warn' } });
    await app.listen({ host: config.host, port: config.port });
    const { port } = app.server.address() as { port: number };
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      salon,
      app,
      url: `http://${host}:${port}`,
      close: async () => {
        await app.close();
        salon.close();
      },
    };
  } catch (err) {
    salon.close();
    throw err;
  }
}
