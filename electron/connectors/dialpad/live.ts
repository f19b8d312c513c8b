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
import { backoffMs, describe } from '../connector.js';
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

export interface LiveHandlers {
  call(body: DialpadCall): void;
  up(): void;
  /** `problem` when it could not be set up (and why), null when it dropped and is coming back. */
  down(problem: string | null): void;
  /** Events may have been missed: read the call list. */
  catchUp(): void;
}

export class DialpadLive {
  private endpoint: string | null = null;
  private socket: WebSocket | null = null;
  private stopped = true;
  private failures = 0;
  private timer: unknown;

  constructor(
    private readonly api: DialpadApi,
    private readonly handlers: LiveHandlers,
    private readonly options: { timer: Timer; maxBackoffMs: number },
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.options.timer.clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
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

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      this.open(await this.url());
    } catch (err) {
      this.handlers.down(describe(err));
      this.later(backoffMs(this.failures++, 500, this.options.maxBackoffMs));
    }
  }

  private later(ms: number): void {
    this.options.timer.clearTimeout(this.timer);
    if (!this.stopped) this.timer = this.options.timer.setTimeout(() => void this.connect(), ms);
  }

  private open(url: string): void {
    if (this.stopped) return;
    const socket = new WebSocket(url);
    let opened = false;
    socket.on('open', () => {
      const renewed = this.socket !== null;
      this.socket?.close();
      this.socket = socket;
      opened = true;
      this.failures = 0;
      this.handlers.up();
      // A renewal overlaps the old connection: nothing was missed. A first or lost connection may have missed calls.
      if (!renewed) this.handlers.catchUp();
      this.later(URL_LIFETIME_MS - RENEW_BEFORE_MS);
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
    socket.on('close', () => {
      if (!opened) return this.later(backoffMs(this.failures++, 500, this.options.maxBackoffMs));
      if (this.socket !== socket) return;
      this.socket = null;
      this.handlers.down(null);
      this.later(backoffMs(this.failures++, 500, this.options.maxBackoffMs));
    });
  }
}
