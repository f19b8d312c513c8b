import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Salon, type SalonOptions } from '../core/salon.js';
import type { ServeConfig } from '../config/config.js';
import { assertSafeBind } from './auth.js';
import { buildServer } from './app.js';
import { createFileLogger } from './logging.js';
import { backupBeforeMigrate, backupDirFor } from '../backup/backup.js';

export interface Listener {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export interface RunningServer extends Listener {
  salon: Salon;
}

export type CoreOptions = Pick<SalonOptions, 'clock' | 'nativeBinding' | 'beforeMigrate'>;

/**
 * Opens (creating or upgrading) the salon's database, with the configured prices applied.
 * An existing database is backed up before any migration runs (into the backup folder).
 */
export function openSalon(config: ServeConfig, options: CoreOptions = {}): Salon {
  mkdirSync(dirname(config.dbPath), { recursive: true });
  const beforeMigrate = backupBeforeMigrate(backupDirFor(config.dbPath, config.backupDir), { log: (line) => console.log(line) });
  const salon = new Salon(config.dbPath, { beforeMigrate, ...options, overrides: config.overrides });
  try {
    salon.services.applyPriceOverrides(config.priceEnv);
    return salon;
  } catch (err) {
    salon.close();
    throw err;
  }
}

/** The API and webhook listener over an open salon; refuses an unsafe bind before listening. */
export async function listen(salon: Salon, config: Pick<ServeConfig, 'host' | 'port' | 'token' | 'twilio' | 'logDir'>): Promise<Listener> {
  assertSafeBind(config.host, config.token);
  const log = config.logDir ? createFileLogger(config.logDir) : undefined;
  const app = await buildServer(salon, { token: () => config.token, twilio: config.twilio ?? {}, ...(log ? { logger: log.logger } : {}) });
  if (log) app.addHook('onClose', async () => log.close());
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as { port: number };
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}

/** The headless server: the salon and its listener, as `npm run serve` runs them. */
export async function startServer(config: ServeConfig, options: CoreOptions = {}): Promise<RunningServer> {
  assertSafeBind(config.host, config.token);
  const salon = openSalon(config, options);
  try {
    const listener = await listen(salon, config);
    return {
      ...listener,
      salon,
      close: async () => {
        await listener.close();
        salon.close();
      },
    };
  } catch (err) {
    salon.close();
    throw err;
  }
}
