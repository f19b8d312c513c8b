import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { LiveMessage } from '../contract/index.js';
import type { Salon } from '../core/salon.js';

/** A dashboard further behind than this (bytes queued to it) is closed with 1013, and reconnects and reloads. */
export const MAX_BEHIND_BYTES = 1024 * 1024;
/**
 * Nor more messages than this: each one queued costs the server a write request and a frame
 * header per reader (a few hundred bytes), whatever its size, so a thousand stalled readers of
 * small messages cost far more than their bytes say.
 */
export const MAX_BEHIND_MESSAGES = 256;
/** "Try again later" (RFC 6455 registry): the dashboard reconnects, then fetches everything again. */
export const TOO_FAR_BEHIND = 1013;
/** A closed reader that does not answer the close is cut off after this long, freeing what was queued to it. */
const CLOSE_GRACE_MS = 1000;

/**
 * Each message is encoded once, whatever the number of dashboards: every socket queues the
 * same bytes (ws does not copy an unmasked frame's data), so a slow reader costs no copy.
 */
const encoded = new WeakMap<LiveMessage, Buffer>();
function encode(message: LiveMessage): Buffer {
  let bytes = encoded.get(message);
  if (!bytes) encoded.set(message, (bytes = Buffer.from(JSON.stringify(message))));
  return bytes;
}

/**
 * What one dashboard is sent. A reader that falls more than MAX_BEHIND_BYTES or MAX_BEHIND_MESSAGES behind is closed
 * rather than buffered for without bound. `metrics.updated` is coalesced: while anything is
 * still queued to the socket, only the latest figures wait, and go once the queue drains.
 */
class LiveReader {
  private waitingMetrics: LiveMessage | null = null;
  private done = false;
  /** Messages handed to the socket and not yet written to the kernel. */
  private queued = 0;

  constructor(private readonly socket: WebSocket, private readonly stop: () => void) {}

  deliver(message: LiveMessage): void {
    if (this.done || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BEHIND_BYTES || this.queued > MAX_BEHIND_MESSAGES) return this.close();
    if (message.type === 'metrics.updated' && this.socket.bufferedAmount > 0) {
      this.waitingMetrics = message;
      return;
    }
    this.send(message);
  }

  private send(message: LiveMessage): void {
    this.queued++;
    this.socket.send(encode(message), { binary: false }, () => {
      this.queued--;
      this.drained();
    });
  }

  /** After each write: once nothing is queued, the figures that waited go. */
  private drained(): void {
    const waiting = this.waitingMetrics;
    if (!waiting || this.done || this.socket.bufferedAmount > 0 || this.socket.readyState !== this.socket.OPEN) return;
    this.waitingMetrics = null;
    this.send(waiting);
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.waitingMetrics = null;
    this.stop();
    this.socket.close(TOO_FAR_BEHIND, 'too far behind: reconnect and reload');
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }
}

/** `WS /salon`: one JSON message per change, to every connected dashboard. */
export function installLiveFeed(app: FastifyInstance, salon: Salon): void {
  app.get('/salon', { websocket: true }, (socket) => {
    let unsubscribe: () => unknown = () => undefined;
    const reader = new LiveReader(socket, () => unsubscribe());
    unsubscribe = salon.changes.subscribe((message) => reader.deliver(message));
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });
}
