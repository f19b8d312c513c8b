/**
 * Dialpad's call events over a websocket: `POST /api/v2/websockets` makes the endpoint,
 * `POST /api/v2/subscriptions/call` subscribes it to call events, and its `websocket_url` is
 * opened. The URL and the connection last an hour: before that, a fresh URL is fetched
 * (`GET /api/v2/websockets/{id}`) and opened, and the old connection closed once the new one
 * is up, so no event falls between them. A connection lost otherwise comes back with backoff,
 * and asks for a catch-up from the call list.
 */
import WebSocket from 'ws';
import type { Timer } from '../../scheduler/timer.js';
import { LiveSocket, type SocketHandlers } from '../live-socket.js';
import type { DialpadApi } from './api.js';
import type { DialpadCall } from './mapping.js';

/** How long a websocket URL (and the connection made with it) lasts. */
export const URL_LIFETIME_MS = 60 * 60_000;
/** How long before it expires a connection is replaced. */
export const RENEW_BEFORE_MS = 5 * 60_000;
const CALL_STATES = ['calling', 'ringing', 'connected', 'hangup', 'missed', 'voicemail'];

interface WebsocketEndpoint {
  id: string | number;
  websocket_url: string;
}

export interface LiveHandlers extends SocketHandlers {
  call(body: DialpadCall): void;
}

export class DialpadLive extends LiveSocket {
  private endpoint: string | null = null;

  constructor(
    private readonly api: DialpadApi,
    private readonly handlers: LiveHandlers,
    options: { timer: Timer; maxBackoffMs: number },
  ) {
    super(handlers, options.timer, options.maxBackoffMs);
  }

  /** A fresh websocket URL: the endpoint is made and subscribed once, then only asked for a new URL. */
  private async url(): Promise<string> {
    if (this.endpoint === null) {
      const made = await this.api.post<WebsocketEndpoint>('/api/v2/websockets', {});
      await this.api.post('/api/v2/subscriptions/call', { endpoint_id: made.id, call_states: CALL_STATES, enabled: true });
      this.endpoint = String(made.id);
      return made.websocket_url;
    }
    return (await this.api.get<WebsocketEndpoint>(`/api/v2/websockets/${encodeURIComponent(this.endpoint)}`)).websocket_url;
  }

  protected async open(): Promise<void> {
    const url = await this.url();
    if (this.stopped) return;
    const socket = new WebSocket(url);
    let opened = false;
    socket.on('open', () => {
      const renewed = this.socket !== null;
      this.socket?.close();
      this.socket = socket;
      opened = true;
      this.connected();
      this.handlers.up();
      // A renewal overlaps the old connection: nothing was missed. A first or lost connection may have missed calls.
      if (!renewed) this.handlers.catchUp();
      this.connectIn(URL_LIFETIME_MS - RENEW_BEFORE_MS);
    });
    socket.on('message', (data) => {
      try {
        const body = JSON.parse(String(data)) as DialpadCall;
        if (body && body.call_id !== undefined) this.handlers.call(body);
      } catch {
        // Not an event (a keep-alive): nothing to store.
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => (opened ? this.closed(socket) : this.retry()));
  }
}
