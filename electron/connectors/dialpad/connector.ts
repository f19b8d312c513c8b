/**
 * The Dialpad connector: call events live over the websocket, and the call list for the
 * backfill and to catch up after the websocket was down.
 */
import type { Connector, ConnectorContext } from '../connector.js';
import { LiveWithLogConnector } from '../live-with-log.js';
import { DialpadApi } from './api.js';
import { DialpadLive } from './live.js';
import { DialpadLogSource, type DialpadCursor } from './log-source.js';
import { dialpadEvents } from './mapping.js';

export function dialpadConnector(apiKey: string, baseUrl: string, ctx: ConnectorContext<DialpadCursor>): Connector {
  const api = new DialpadApi(apiKey, baseUrl, ctx);
  return new LiveWithLogConnector(
    new DialpadLogSource(api, { backfillDays: ctx.backfillDays, now: ctx.now }),
    (handlers) =>
      new DialpadLive(
        api,
        { call: (body) => handlers.events(dialpadEvents(body)), up: handlers.up, down: handlers.down, catchUp: handlers.catchUp },
        { timer: ctx.timer, maxBackoffMs: ctx.maxBackoffMs },
      ),
    ctx,
  );
}
