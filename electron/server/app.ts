import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Salon } from '../core/salon.js';
import { installErrorHandler } from './errors.js';
import { installTokenCheck } from './auth.js';
import { installHostOriginCheck } from './host-origin.js';
import { installWriteGuard } from './write-guard.js';
import { validatorCompiler } from './validation.js';
import { installLiveFeed } from './live.js';
import { isEventWebhook } from './logging.js';
import { appointmentRoutes } from './routes/appointments.js';
import { callRoutes } from './routes/calls.js';
import { customerRoutes } from './routes/customers.js';
import { healthRoutes } from './routes/health.js';
import { callbackRoutes } from './routes/callbacks.js';
import { insightRoutes } from './routes/insights.js';
import { createHandlers } from '../core/handlers.js';
import type { ServerInfo } from '../core/server-info.js';
import { APP_VERSION } from './version.js';
import { metricRoutes } from './routes/metrics.js';
import { testEventRoutes } from './routes/test-events.js';
import { settingsRoutes } from './routes/settings.js';
import { installDashboard } from './static.js';
import { twilioRoutes, type TwilioOptions } from './routes/twilio.js';
import { csvRoutes } from './routes/csv.js';
import { SpooledIngest, spoolPathFor } from '../core/spool.js';
import { batchingSink } from '../connectors/sink.js';
import { adminRoutes } from './routes/admin.js';
import { connectorRoutes } from './routes/connectors.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { ConnectorHub } from '../connectors/hub.js';
import { threeCxReportRoutes, type ThreeCxReportOptions } from './routes/threecx-report.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface ServerOptions {
  /** The webhook token, read at each request so that a change in Settings applies at once. */
  token?: () => string | undefined;
  /** Where requests are logged; none when absent. */
  logger?: FastifyBaseLogger;
  twilio?: TwilioOptions;
  /** The Basic auth of `POST /3cx/report` (older 3CX versions' call journal); the route refuses everything without it. */
  threeCxReport?: ThreeCxReportOptions;
  /** The address the listener binds (`--host`; 127.0.0.1 when absent) and `SALON_ALLOWED_HOSTS`: which Host names it answers to. */
  bind?: string;
  allowedHosts?: readonly string[];
  /** What the handlers know of the process (backup folder, webhook URL; restore and listener hooks where allowed). */
  info?: ServerInfo;
  /** Phone connectors this server runs: they feed its ingest while it is up (the handlers find them in `info`). */
  connectors?: ConnectorHub;
  /**
   * The webhooks' ingest (and spool), when its owner outlives this server (the desktop app's,
   * shared with its connectors and kept across a change of port); started and stopped by that
   * owner. Absent: the server makes its own.
   */
  ingest?: SpooledIngest;
}

/** The HTTP and WebSocket API of SPEC §3 over one salon; not yet listening. */
export async function buildServer(salon: Salon, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: isEventWebhook }),
    bodyLimit: BODY_LIMIT_BYTES,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  installErrorHandler(app);
  // The WebSocket plugin first: its hooks mark upgrade requests, so that an upgrade the Host,
  // Origin or token check refuses has its socket closed after the refusal (otherwise it stays open and close() hangs).
  await app.register(websocket, { options: { maxPayload: BODY_LIMIT_BYTES } });
  const token = options.token ?? (() => undefined);
  installHostOriginCheck(app, { bind: options.bind ?? '127.0.0.1', allowedHosts: options.allowedHosts ?? [], token });
  installTokenCheck(app, token);
  installWriteGuard(app);
  installLiveFeed(app, salon);
  // Webhook events the database cannot take (locked, full, failing) are spooled and replayed; what a previous run spooled is replayed now.
  let ingest = options.ingest;
  if (!ingest) {
    const own = new SpooledIngest(salon, { spoolPath: salon.db.memory ? null : spoolPathFor(salon.db.name), log: (line) => app.log.warn(line) });
    own.start();
    app.addHook('onClose', async () => own.stop());
    ingest = own;
  }
  const connectors = options.connectors;
  if (connectors) {
    // Their state changes go to the server's log (the file log, headless), one line each.
    // A page of a call log goes in as one batch; event by event through the spool while the database cannot take it.
    app.addHook('onReady', async () => connectors.start(batchingSink(salon, ingest), options.logger ? (line) => app.log.info(line) : undefined));
    app.addHook('preClose', async () => connectors.stop());
  }
  const context = { salon, ingest, api: createHandlers(salon, APP_VERSION, Date.now(), { tokenRequired: () => !!token(), ...options.info }) };
  for (const routes of [healthRoutes, callRoutes, appointmentRoutes, customerRoutes, metricRoutes, callbackRoutes, insightRoutes, testEventRoutes, connectorRoutes]) {
    await app.register(routes(context));
  }
  // CSV import (its own 50 MiB body limit) and export.
  await app.register(csvRoutes(context));
  // Backups, the webhook listener's port and token, exports as documents.
  await app.register(adminRoutes(context));
  await app.register(settingsRoutes(context, { tokenRequired: () => !!token() }));
  await app.register(twilioRoutes(options.twilio ?? {}, ingest, token));
  await app.register(webhookRoutes({ ingest, connectors, now: () => salon.clock.now(), log: (line) => app.log.warn(line) }));
  await app.register(threeCxReportRoutes(options.threeCxReport, ingest));
  await installDashboard(app);
  return app;
}
