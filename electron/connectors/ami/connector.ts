/**
 * The Asterisk / FreePBX connector: live over AMI. It logs in, turns channel events into calls
 * as they ring, pings Asterisk to notice a connection that died silently, and on a lost
 * connection logs in again after a backoff. Calls in progress survive a reconnect: their later
 * events still end them, and one that ended while the connection was down is ended when the
 * channels Asterisk lists (`CoreShowChannels`) no longer include it.
 */
import type { Connector, ConnectorContext } from '../connector.js';
import { backoffMs, describe, LiveDelivery, StatefulConnector } from '../connector.js';
import { AmiCallTracker, type TrackerResult } from './calls.js';
import type { AmiMessage } from './protocol.js';
import { AmiSession, type AmiAddress } from './session.js';

export interface AmiSettings extends AmiAddress {
  inboundContexts: readonly string[];
}

/** How often Asterisk is pinged; a ping still unanswered at the next one drops the connection. */
export const PING_MS = 20_000;
/** How long an ended call waits for its CDR event. */
export const CDR_WAIT_MS = 2_000;
const CHANNELS_ID = 'salon-channels';
const PING_ID = 'salon-ping';

/** An event's own time (`Timestamp`, with `timestampevents = yes`), else the time it arrived. */
function eventTime(message: AmiMessage, now: number): string {
  const stamp = Number(message.Timestamp);
  return new Date(Number.isFinite(stamp) && stamp > 0 ? Math.round(stamp * 1000) : now).toISOString();
}

export class AmiConnector extends StatefulConnector implements Connector {
  private readonly tracker: AmiCallTracker;
  private readonly delivery: LiveDelivery;
  private session: AmiSession | null = null;
  private failures = 0;
  private retry: unknown;
  private pinger: unknown;
  private pongDue = false;
  private readonly endTimers = new Map<string, unknown>();
  /** While reconciling after a login: the calls open before it, and the ones Asterisk still has. */
  private reconcile: { before: string[]; seen: Set<string> } | null = null;

  constructor(
    private readonly settings: AmiSettings,
    private readonly ctx: ConnectorContext<unknown>,
  ) {
    super(() => ctx.changed());
    this.tracker = new AmiCallTracker(new Set(settings.inboundContexts));
    this.delivery = new LiveDelivery(ctx, 'the call is not in the salon’s log');
  }

  protected begin(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.ctx.timer.clearTimeout(this.retry);
    this.ctx.timer.clearTimeout(this.pinger);
    for (const handle of this.endTimers.values()) this.ctx.timer.clearTimeout(handle);
    this.endTimers.clear();
    this.session?.close();
    this.session = null;
    await this.delivery.drained();
    this.set({ state: 'off' });
  }

  /** Live only, nothing to pull: resolves once what arrived so far is stored. */
  syncNow(): Promise<void> {
    return this.delivery.drained();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let opened: AmiSession | null = null;
    try {
      opened = await AmiSession.open(this.settings, {
        event: (message) => this.onEvent(message),
        response: (message) => {
          if (message.ActionID === PING_ID) this.pongDue = false;
        },
        closed: () => {
          if (this.session !== opened) return;
          this.session = null;
          this.ctx.timer.clearTimeout(this.pinger);
          if (this.stopped) return;
          this.set({ state: 'connecting', lastError: null });
          this.again();
        },
      });
    } catch (err) {
      if (this.stopped) return;
      this.set({ state: 'error', lastError: describe(err) });
      this.again();
      return;
    }
    if (this.stopped) return opened.close();
    this.session = opened;
    this.failures = 0;
    this.ctx.store.synced(this.ctx.now());
    this.set({ state: 'ok', lastError: null });
    this.reconcile = { before: this.tracker.open(), seen: new Set() };
    if (this.reconcile.before.length) opened.send({ Action: 'CoreShowChannels', ActionID: CHANNELS_ID });
    else this.reconcile = null;
    this.pongDue = false;
    this.ping(opened);
  }

  private again(): void {
    if (this.stopped) return;
    this.ctx.timer.clearTimeout(this.retry);
    this.retry = this.ctx.timer.setTimeout(() => void this.connect(), backoffMs(this.failures++, 1_000, this.ctx.maxBackoffMs));
  }

  private ping(session: AmiSession): void {
    this.pinger = this.ctx.timer.setTimeout(() => {
      if (this.session !== session) return;
      if (this.pongDue) return session.destroy();
      this.pongDue = true;
      session.send({ Action: 'Ping', ActionID: PING_ID });
      this.ping(session);
    }, PING_MS);
  }

  private onEvent(message: AmiMessage): void {
    const at = eventTime(message, this.ctx.now());
    if (message.ActionID === CHANNELS_ID && this.reconcile) {
      if (message.Event === 'CoreShowChannel' && message.Linkedid) this.reconcile.seen.add(message.Linkedid);
      if (message.Event === 'CoreShowChannelsComplete') {
        const { before, seen } = this.reconcile;
        this.reconcile = null;
        for (const id of before.filter((id) => !seen.has(id))) this.apply(this.tracker.vanished(id, at));
      }
      return;
    }
    this.apply(this.tracker.handle(message, at));
  }

  private apply(result: TrackerResult): void {
    this.delivery.push(result.events);
    for (const event of result.events) {
      if (event.event !== 'ended') continue;
      this.ctx.timer.clearTimeout(this.endTimers.get(event.call_sid));
      this.endTimers.delete(event.call_sid);
    }
    const id = result.awaitingCdr;
    if (id) {
      this.endTimers.set(
        id,
        this.ctx.timer.setTimeout(() => {
          this.endTimers.delete(id);
          this.delivery.push(this.tracker.finish(id));
        }, CDR_WAIT_MS),
      );
    }
  }
}

/** "Test connection": logs in and out again; answers what it found. */
export async function tryAmiLogin(address: AmiAddress): Promise<string> {
  const session = await AmiSession.open(address, { event: () => {}, closed: () => {} });
  session.close();
  return `Asterisk: logged in as ${address.username} (${session.banner})`;
}
