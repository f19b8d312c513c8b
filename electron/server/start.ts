import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Salon, type SalonOptions } from '../core/salon.js';
import { checkTokenLength, type ServeConfig } from '../config/config.js';
import { assertSafeBind } from './auth.js';
import { buildServer } from './app.js';
import { createFileLogger } from './logging.js';
import { backupBeforeMigrate, backupDirFor } from '../backup/backup.js';
import type { ServerInfo } from '../core/server-info.js';
import { ConnectorHub, NO_CONNECTORS } from '../connectors/hub.js';
import { credentialsPathFor, FileCredentialStore } from '../connectors/credentials.js';
import type { SpooledIngest } from '../core/spool.js';

export interface Listener {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export interface RunningServer extends Listener {
  salon: Salon;
  /** The phone connectors (off while they have no credentials). */
  connectors: ConnectorHub;
}

export type ListenConfig = Pick<ServeConfig, 'host' | 'port' | 'token' | 'allowedHosts' | 'twilio' | 'threeCxReport' | 'logDir'>;

/** Refuses, before anything opens, a bind off loopback without a token and a token too short (from Settings as from the environment). */
function assertListenable(config: Pick<ServeConfig, 'host' | 'token'>): void {
  assertSafeBind(config.host, config.token);
  if (config.token !== undefined) checkTokenLength(config.token);
}

export type CoreOptions = Pick<SalonOptions, 'clock' | 'nativeBinding' | 'beforeMigrate'>;

/**
 * Opens (creating or upgrading) the salon's database, with the configured prices applied.
 * An existing database is backed up before any migration runs (into the backup folder).
 */
export function openSalon(config: ServeConfig, options: CoreOptions = {}): Salon {
  mkdirSync(dirname(config.dbPath), { recursive: true });
  const beforeMigrate = backupBeforeMigrate(backupDirFor(config.dbPath, config.backupDir), { log: (line) => console.log(line) });
  const salon = new Salon(config.dbPath, { beforeMigrate, ...options, overrides: config.overrides, ...(config.abandonSeconds !== undefined ? { abandonSeconds: config.abandonSeconds } : {}) });
  try {
    salon.services.applyPriceOverrides(config.priceEnv);
    return salon;
  } catch (err) {
    salon.close();
    throw err;
  }
}

/**
 * The API and webhook listener over an open salon; refuses an unsafe bind before listening.
 * `info` tells the API's handlers about the process (the backup folder; restore and listener
 * hooks where the process allows them); the webhook URL is this listener's own. `parts`: the
 * phone connectors it runs (headless), and an ingest its owner keeps (the desktop app's, shared
 * with the connectors); without one it makes its own.
 */
export async function listen(salon: Salon, config: ListenConfig, info: ServerInfo = {}, parts: { connectors?: ConnectorHub; ingest?: SpooledIngest } = {}): Promise<Listener> {
  const { connectors, ingest } = parts;
  assertListenable(config);
  const log = config.logDir ? createFileLogger(config.logDir) : undefined;
  let url: string | null = null;
  const app = await buildServer(salon, {
    token: () => config.token,
    bind: config.host,
    allowedHosts: config.allowedHosts ?? [],
    twilio: config.twilio ?? {},
    ...(config.threeCxReport ? { threeCxReport: config.threeCxReport } : {}),
    ...(log ? { logger: log.logger } : {}),
    info: { webhookUrl: () => (url ? `${url}/salon/call` : null), ...info, ...(connectors ? { connectors } : {}) },
    ...(connectors ? { connectors } : {}),
    ...(ingest ? { ingest } : {}),
  });
  if (log) app.addHook('onClose', async () => log.close());
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as { port: number };
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  url = `http://${host}:${port}`;
  return { app, url, close: () => app.close() };
}

/**
 * The headless server: the salon and its listener, as `npm run serve` runs them. Its backup
 * folder is the configured one unless `info` says otherwise; it has no restore or listener
 * hooks (replacing the database or the port under a running server is left to the command line).
 */
export async function startServer(config: ServeConfig, options: CoreOptions = {}, info: ServerInfo = {}): Promise<RunningServer> {
  assertListenable(config);
  const salon = openSalon(config, options);
  try {
    // Credentials typed in Settings are kept in a file only its owner may read, next to the database.
    const connectors = new ConnectorHub({ salon, store: new FileCredentialStore(credentialsPathFor(config.dbPath)), config: config.connectors ?? NO_CONNECTORS });
    const listener = await listen(salon, config, { backupDir: backupDirFor(config.dbPath, config.backupDir), ...info }, { connectors });
    return {
      ...listener,
      salon,
      connectors,
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
