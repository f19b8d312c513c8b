/**
 * What the providers' live sockets (RingCentral, 3CX, Dialpad) share: started and stopped, a
 * socket that drops is reported down and comes back after a backoff, and a failure to set one
 * up is reported with its reason and tried again the same way.
 */
import type WebSocket from 'ws';
import type { Timer } from '../scheduler/timer.js';
import { backoffMs, describe } from './connector.js';

/** What a live socket tells its connector, besides the provider's own events. */
export interface SocketHandlers {
  /** Listening (again). */
  up(): void;
  /** The socket is down: `problem` when it could not be set up (and why), null when it dropped and is coming back. */
  down(problem: string | null): void;
  /** Events may have been missed: read the call log. */
  catchUp(): void;
}

export abstract class LiveSocket {
  protected socket: WebSocket | null = null;
  protected stopped = true;
  private failures = 0;
  private next: unknown;

  constructor(
    private readonly socketHandlers: SocketHandlers,
    protected readonly timer: Timer,
    private readonly maxBackoffMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.timer.clearTimeout(this.next);
    this.socket?.close();
    this.socket = null;
  }

  /** Sets up the socket (and whatever the provider needs first); a throw is a failure, retried. */
  protected abstract open(): Promise<void>;

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.open();
    } catch (err) {
      this.socketHandlers.down(describe(err));
      this.retry();
    }
  }

  /** Up: the next failure starts the backoff from the beginning. */
  protected connected(): void {
    this.failures = 0;
  }

  /** The socket closed: when it is the current one, reported down and tried again. */
  protected closed(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.socketHandlers.down(null);
    this.retry();
  }

  /** Connects again after the next backoff. */
  protected retry(): void {
    this.connectIn(backoffMs(this.failures++, 500, this.maxBackoffMs));
  }

  /** Connects again in `ms` (a retry, or a planned renewal), instead of any connection planned before. */
  protected connectIn(ms: number): void {
    this.timer.clearTimeout(this.next);
    if (!this.stopped) this.next = this.timer.setTimeout(() => void this.connect(), ms);
  }
}
