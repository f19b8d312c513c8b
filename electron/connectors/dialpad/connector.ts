/**
 * The Dialpad connector: call events live over the websocket, and the call list for the
 * backfill and to catch up after the websocket was down. Its state is the worse of the two.
 */
import type { Connector, ConnectorContext, ConnectorStatus } from '../connector.js';
import { deliverLogged, PullConnector } from '../connector.js';
import { DialpadApi } from './api.js';
import { DialpadLive } from './live.js';
import { DialpadLogSource, type DialpadCursor } from './log-source.js';
import { dialpadEvents, type DialpadCall } from './mapping.js';

export class DialpadConnector implements Connector {
  private readonly log: PullConnector<DialpadCursor>;
  private readonly live: DialpadLive;
  private liveStatus: { up: boolean; problem: string | null } = { up: false, problem: null };
  /** Live events are stored one after the other, in the order they came. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    apiKey: string,
    baseUrl: string,
    private readonly ctx: ConnectorContext<DialpadCursor>,
  ) {
    const api = new DialpadApi(apiKey, baseUrl, ctx);
    this.log = new PullConnector(new DialpadLogSource(api, { backfillDays: ctx.backfillDays, now: ctx.now }), ctx);
    this.live = new DialpadLive(
      api,
      {
        call: (body) => this.onCall(body),
        up: () => this.setLive({ up: true, problem: null }),
        down: (problem) => this.setLive({ up: false, problem }),
        catchUp: () => void this.log.syncNow(),
      },
      { timer: ctx.timer, maxBackoffMs: ctx.maxBackoffMs },
    );
  }

  private setLive(status: { up: boolean; problem: string | null }): void {
    this.liveStatus = status;
    this.ctx.changed();
  }

  private onCall(body: DialpadCall): void {
    const events = dialpadEvents(body);
    this.queue = this.queue.then(async () => {
      try {
        this.ctx.store.count(await deliverLogged(this.ctx, events));
        this.ctx.changed();
      } catch (err) {
        this.ctx.log(`connector dialpad: a live event could not be stored (${(err as Error).message}); the call list will bring it`);
      }
    });
  }

  start(): void {
    this.log.start();
    this.live.start();
  }

  async stop(): Promise<void> {
    this.live.stop();
    await this.queue;
    await this.log.stop();
  }

  syncNow(): Promise<void> {
    return this.log.syncNow();
  }

  status(): ConnectorStatus {
    const log = this.log.status();
    if (log.state === 'off' || log.state === 'error' || log.state === 'syncing') return log;
    if (!this.liveStatus.up) return this.liveStatus.problem ? { state: 'error', lastError: this.liveStatus.problem, backfill: null } : { ...log, state: 'connecting' };
    return log;
  }
}
