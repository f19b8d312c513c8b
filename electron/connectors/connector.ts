/**
 * What every phone connector is to the hub, and the pull loop most of them run: sync, wait the
 * poll interval, sync again; on a failure, back off with jitter (at least as long as the
 * provider asked) and say why. A connector fails alone: nothing it does throws out of it.
 */
import type { CallEventBody, ConnectorState } from '../contract/index.js';
import type { Timer } from '../scheduler/timer.js';
import { ProviderError } from './http.js';
import { deliver, type CallSink, type Delivery, type Handover } from './sink.js';
import type { ConnectorStateStore } from './state-store.js';

export interface Progress {
  done: number;
  total: number | null;
}

export interface ConnectorStatus {
  state: ConnectorState;
  lastError: string | null;
  backfill: Progress | null;
}

export interface Connector {
  start(): void;
  stop(): Promise<void>;
  status(): ConnectorStatus;
  /** One sync now (tests, and "Test connection" after saving); resolves when it is done. */
  syncNow(): Promise<void>;
}

/** What a connector runs with, the same for every provider. */
export interface ConnectorContext<C> {
  store: ConnectorStateStore<C>;
  sink: CallSink;
  timer: Timer;
  now: () => number;
  pollMs: number;
  backfillDays: number;
  /** The longest wait between retries after errors (ms). */
  maxBackoffMs: number;
  /** Called on every change of status (state, error, progress). */
  changed: () => void;
  log: (line: string) => void;
}

/** One pass of a pull source over its provider's call log. */
export interface SyncRun<C> {
  cursor: C | null;
  /** Stores the events (in order), then saves the cursor that covers them. */
  commit(events: readonly CallEventBody[], cursor: C): Promise<void>;
  progress(p: Progress | null): void;
}

export interface PullSource<C> {
  sync(run: SyncRun<C>): Promise<void>;
}

/** The wait before retry number `attempt` (0-based): doubling from `baseMs`, capped, ±50 % jitter, never shorter than the provider asked. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, asked = 0, random = Math.random): number {
  const plain = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.max(asked, Math.round(plain * (0.5 + random())));
}

/** A failure in words for the owner. */
export function describe(err: unknown): string {
  if (err instanceof ProviderError) return err.message;
  return `unexpected failure: ${err instanceof Error ? err.message : String(err)}`;
}

/** What "Test connection" says it found, e.g. "Twilio: 1,204 calls in the last 30 days". */
export function callsFound(provider: string, calls: number, days: number): string {
  return `${provider}: ${calls.toLocaleString('en-US')} call${calls === 1 ? '' : 's'} in the last ${days} days`;
}

const RETRY_BASE_MS = 2_000;
/** How long stopping waits for a pass in progress. */
const STOP_WAIT_MS = 2_000;

/** Delivers a connector's events; one the salon refuses is logged (by call id, never a number) and passed. */
export function deliverLogged(ctx: Pick<ConnectorContext<unknown>, 'sink' | 'log' | 'store'>, events: readonly CallEventBody[], handover: Handover = 'live'): Promise<Delivery> {
  return deliver(ctx.sink, events, (event, err) => ctx.log(`connector ${ctx.store.id}: call ${event.call_sid} skipped (${err.message})`), handover);
}

/**
 * Stores a live connector's events one batch after the other, in the order they came. A batch
 * the database refuses (locked, full) is logged and dropped: `lost` says what brings it back.
 */
export class LiveDelivery {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: Pick<ConnectorContext<unknown>, 'sink' | 'log' | 'store' | 'changed'>,
    private readonly lost: string,
  ) {}

  push(events: readonly CallEventBody[]): void {
    if (!events.length) return;
    this.queue = this.queue.then(async () => {
      let delivery: Delivery;
      try {
        delivery = await deliverLogged(this.ctx, events);
      } catch (err) {
        this.ctx.log(`connector ${this.ctx.store.id}: a live event could not be stored (${(err as Error).message}); ${this.lost}`);
        return;
      }
      try {
        this.ctx.store.count(delivery);
      } catch (err) {
        // Stored, or spooled while an import holds the database: only the connector's own count misses it.
        this.ctx.log(`connector ${this.ctx.store.id}: a live event was stored but not counted (${(err as Error).message})`);
      }
      this.ctx.changed();
    });
  }

  /** Resolves once everything pushed so far is stored (or given up). */
  drained(): Promise<void> {
    return this.queue;
  }
}

/** A connector's state for the dashboard, and its start: from off to connecting, then its own `begin`. */
export abstract class StatefulConnector {
  private current: ConnectorStatus = { state: 'off', lastError: null, backfill: null };
  protected stopped = true;

  constructor(private readonly changed: () => void) {}

  status(): ConnectorStatus {
    return this.current;
  }

  protected set(change: Partial<ConnectorStatus>): void {
    this.current = { ...this.current, ...change };
    this.changed();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.set({ state: 'connecting', lastError: null });
    this.begin();
  }

  protected abstract begin(): void;
}

/** Runs a pull source on the poll interval, with its state for the dashboard. */
export class PullConnector<C> extends StatefulConnector implements Connector {
  private handle: unknown;
  private running: Promise<void> | null = null;
  private failures = 0;

  constructor(
    private readonly source: PullSource<C>,
    private readonly ctx: ConnectorContext<C>,
  ) {
    super(() => ctx.changed());
  }

  protected begin(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.ctx.timer.clearTimeout(this.handle);
    // A pass waiting out a provider's Retry-After must not hold up the server's shutdown: what it
    // stores afterwards fails harmlessly (the cursor stays), and the next start reads it again.
    await Promise.race([this.running, new Promise<void>((resolve) => this.ctx.timer.setTimeout(() => resolve(), STOP_WAIT_MS))]);
    this.set({ state: 'off', backfill: null });
  }

  private schedule(ms: number): void {
    this.ctx.timer.clearTimeout(this.handle);
    if (!this.stopped) this.handle = this.ctx.timer.setTimeout(() => void this.syncNow(), ms);
  }

  syncNow(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { store, now } = this.ctx;
    try {
      const cursor = store.read().cursor;
      await this.source.sync({
        cursor,
        commit: async (events, next) => {
          // A page of the backfill (the first pass, or one that reports its progress) goes in as one batch;
          // a poll's few new calls one by one, each announced as it happens.
          const delivery = await deliverLogged(this.ctx, events, cursor === null || this.status().backfill !== null ? 'page' : 'live');
          store.advance(next, delivery);
          if (delivery.imported > 0 || delivery.lastEventAt !== null) this.ctx.changed();
        },
        progress: (backfill) => {
          if (!this.stopped) this.set({ backfill, ...(backfill ? { state: 'syncing' } : {}) });
        },
      });
      store.synced(now());
      this.failures = 0;
      if (!this.stopped) this.set({ state: 'ok', lastError: null, backfill: null });
      this.schedule(this.ctx.pollMs);
    } catch (err) {
      const asked = err instanceof ProviderError ? (err.retryAfterMs ?? 0) : 0;
      const wait = backoffMs(this.failures++, Math.min(RETRY_BASE_MS, this.ctx.pollMs), this.ctx.maxBackoffMs, asked);
      if (!this.stopped) this.set({ state: 'error', lastError: describe(err) });
      this.schedule(wait);
    }
  }
}
