/** The 3CX (v20) connector: live over Call Control, with the call history for the backfill and catch-up. */
import { callsFound, type Connector, type ConnectorContext } from '../connector.js';
import { LiveWithLogConnector } from '../live-with-log.js';
import { ThreeCxAuth, threeCxHttp, type ThreeCxCredentials } from './auth.js';
import { ThreeCxHistory, type ThreeCxCursor } from './history.js';
import { ThreeCxLive } from './live.js';

const history = (auth: ThreeCxAuth, ctx: Pick<ConnectorContext<unknown>, 'backfillDays' | 'now'>) => new ThreeCxHistory(auth, { backfillDays: ctx.backfillDays, now: ctx.now });

export function threeCxConnector(credentials: ThreeCxCredentials, ctx: ConnectorContext<ThreeCxCursor>): Connector {
  const auth = new ThreeCxAuth(credentials, threeCxHttp(ctx), ctx.now);
  return new LiveWithLogConnector(history(auth, ctx), (handlers) => new ThreeCxLive(auth, handlers, { timer: ctx.timer, now: ctx.now, maxBackoffMs: ctx.maxBackoffMs }), ctx);
}

/** "Test connection": a token, then the calls of the backfill window. */
export async function tryThreeCx(credentials: ThreeCxCredentials, ctx: Pick<ConnectorContext<unknown>, 'timer' | 'now' | 'backfillDays'>): Promise<string> {
  const calls = await history(new ThreeCxAuth(credentials, threeCxHttp(ctx), ctx.now), ctx).count(ctx.backfillDays);
  return callsFound('3CX', calls, ctx.backfillDays);
}
