/**
 * A connector that is live over the provider's socket and reads its call log too: the log for
 * the backfill, on each poll, and to catch up after the socket was down. Its state is the worse
 * of the two.
 */
import type { SocketHandlers } from './live-socket.js';
import type { CallEventBody } from '../contract/index.js';
import { LiveDelivery, PullConnector, type Connector, type ConnectorContext, type ConnectorStatus, type PullSource } from './connector.js';

export interface LiveFeedHandlers extends SocketHandlers {
  events(events: readonly CallEventBody[]): void;
}

export interface LiveFeed {
  start(): void;
  stop(): void;
}

export class LiveWithLogConnector<C> implements Connector {
  private readonly log: PullConnector<C>;
  private readonly live: LiveFeed;
  private readonly delivery: LiveDelivery;
  private liveStatus: { up: boolean; problem: string | null } = { up: false, problem: null };

  constructor(source: PullSource<C>, feed: (handlers: LiveFeedHandlers) => LiveFeed, private readonly ctx: ConnectorContext<C>) {
    this.log = new PullConnector(source, ctx);
    // The database refused (locked, full): the call log's catch-up brings the call in later.
    this.delivery = new LiveDelivery(ctx, 'the call log will bring it');
    this.live = feed({
      events: (events) => this.delivery.push(events),
      up: () => this.setLive({ up: true, problem: null }),
      down: (problem) => this.setLive({ up: false, problem }),
      catchUp: () => void this.log.syncNow(),
    });
  }

  private setLive(status: { up: boolean; problem: string | null }): void {
    this.liveStatus = status;
    this.ctx.changed();
  }

  start(): void {
    this.log.start();
    this.live.start();
  }

  async stop(): Promise<void> {
    this.live.stop();
    await this.delivery.drained();
    await this.log.stop();
  }

  syncNow(): Promise<void> {
    return this.log.syncNow();
  }

  status(): ConnectorStatus {
    const log = this.log.status();
    if (log.state === 'off' || log.state === 'error' || log.state === 'syncing') return log;
    if (!this.liveStatus.up) {
      return this.liveStatus.problem ? { state: 'error', lastError: this.liveStatus.problem, backfill: null } : { ...log, state: 'connecting' };
    }
    return log;
  }
}
