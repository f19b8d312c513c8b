/**
 * The RingCentral connector: live telephony sessions over the WebSocket gateway, and the call
 * log (backfill, then catch-up on each poll and after a subscription that may have missed
 * something). Its state is the worse of the two.
 */
import type { Connector, ConnectorContext, ConnectorStatus } from '../connector.js';
import { LiveDelivery, PullConnector } from '../connector.js';
import { ProviderHttp } from '../http.js';
import { RingCentralAuth, type RingCentralCredentials } from './auth.js';
import { RingCentralLive } from './live.js';
import { RingCentralLogSource, type RingCentralCursor } from './log-source.js';
import { sessionEvents, type TelephonySession } from './mapping.js';

export const ringCentralHttp = (ctx: Pick<ConnectorContext<unknown>, 'timer' | 'now'>) =>
  new ProviderHttp({ provider: 'RingCentral', credentialsHint: 'check the Client ID, Client Secret and JWT', timer: ctx.timer, now: ctx.now });

export class RingCentralConnector implements Connector {
  private readonly log: PullConnector<RingCentralCursor>;
  private readonly live: RingCentralLive;
  private liveStatus: { up: boolean; problem: string | null } = { up: false, problem: null };
  private readonly delivery: LiveDelivery;

  constructor(
    credentials: RingCentralCredentials,
    baseUrl: string,
    private readonly ctx: ConnectorContext<RingCentralCursor>,
  ) {
    // The database refused (locked, full): the call log's catch-up brings the call in later.
    this.delivery = new LiveDelivery(ctx, 'the call log will bring it');
    const auth = new RingCentralAuth(credentials, ringCentralHttp(ctx), { baseUrl, now: ctx.now });
    this.log = new PullConnector(new RingCentralLogSource(auth, { backfillDays: ctx.backfillDays, now: ctx.now }), ctx);
    this.live = new RingCentralLive(
      auth,
      {
        session: (body) => this.onSession(body),
        up: () => this.setLive({ up: true, problem: null }),
        down: (problem) => this.setLive({ up: false, problem }),
        catchUp: () => void this.log.syncNow(),
      },
      { timer: ctx.timer, now: ctx.now, maxBackoffMs: ctx.maxBackoffMs },
    );
  }

  private setLive(status: { up: boolean; problem: string | null }): void {
    this.liveStatus = status;
    this.ctx.changed();
  }

  private onSession(body: TelephonySession): void {
    this.delivery.push(sessionEvents(body));
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
