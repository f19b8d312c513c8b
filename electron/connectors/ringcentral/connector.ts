/**
 * The RingCentral connector: live telephony sessions over the WebSocket gateway, and the call
 * log (backfill, then catch-up on each poll and after a subscription that may have missed
 * something).
 */
import type { Connector, ConnectorContext } from '../connector.js';
import { ProviderHttp } from '../http.js';
import { LiveWithLogConnector } from '../live-with-log.js';
import { RingCentralAuth, type RingCentralCredentials } from './auth.js';
import { RingCentralLive } from './live.js';
import { RingCentralLogSource, type RingCentralCursor } from './log-source.js';
import { sessionEvents } from './mapping.js';

export const ringCentralHttp = (ctx: Pick<ConnectorContext<unknown>, 'timer' | 'now'>) =>
  new ProviderHttp({ provider: 'RingCentral', credentialsHint: 'check the Client ID, Client Secret and JWT', timer: ctx.timer, now: ctx.now });

export function ringCentralConnector(credentials: RingCentralCredentials, baseUrl: string, ctx: ConnectorContext<RingCentralCursor>): Connector {
  const auth = new RingCentralAuth(credentials, ringCentralHttp(ctx), { baseUrl, now: ctx.now });
  return new LiveWithLogConnector(
    new RingCentralLogSource(auth, { backfillDays: ctx.backfillDays, now: ctx.now }),
    (handlers) =>
      new RingCentralLive(
        auth,
        { session: (body) => handlers.events(sessionEvents(body)), up: handlers.up, down: handlers.down, catchUp: handlers.catchUp },
        { timer: ctx.timer, now: ctx.now, maxBackoffMs: ctx.maxBackoffMs },
      ),
    ctx,
  );
}
