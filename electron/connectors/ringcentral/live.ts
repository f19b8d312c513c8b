/**
 * RingCentral's live telephony sessions over its WebSocket gateway: a `wstoken`
 * (`POST /restapi/oauth/wstoken`), the socket at `uri?access_token=…`, and one subscription to
 * `/restapi/v1.0/account/~/extension/~/telephony/sessions` with delivery mode WebSocket, made
 * as a `ClientRequest` message. When the socket drops, it reconnects with the last `wsc`
 * token within the gateway's recovery window (180 s): the gateway replays what was missed and
 * the subscription lives on. Otherwise it subscribes again and asks for a catch-up from the
 * call log.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Timer } from '../../scheduler/timer.js';
import { LiveSocket, type SocketHandlers } from '../live-socket.js';
import type { RingCentralAuth } from './auth.js';
import type { TelephonySession } from './mapping.js';

export const SESSIONS_FILTER = '/restapi/v1.0/account/~/extension/~/telephony/sessions';
const RECOVERY_MS = 180_000;

type Header = { type: string; messageId?: string; status?: number; wsc?: { token: string; sequence: number }; headers?: Record<string, string> };

export interface LiveHandlers extends SocketHandlers {
  session(body: TelephonySession): void;
}

export class RingCentralLive extends LiveSocket {
  private wsc: { token: string; at: number } | null = null;

  constructor(
    private readonly auth: RingCentralAuth,
    private readonly handlers: LiveHandlers,
    private readonly options: { timer: Timer; now: () => number; maxBackoffMs: number },
  ) {
    super(handlers, options.timer, options.maxBackoffMs);
  }

  protected async open(): Promise<void> {
    const { uri, ws_access_token } = await this.auth.json<{ uri: string; ws_access_token: string }>('/restapi/oauth/wstoken', { method: 'POST' });
    const recover = this.wsc && this.options.now() - this.wsc.at < RECOVERY_MS ? this.wsc.token : null;
    const url = new URL(uri);
    url.searchParams.set('access_token', ws_access_token);
    if (recover) url.searchParams.set('wsc', recover);
    if (this.stopped) return;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.on('message', (data) => this.receive(socket, String(data), recover !== null));
    socket.on('error', () => {});
    socket.on('close', () => this.closed(socket));
  }

  private send(socket: WebSocket, message: unknown[]): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  private receive(socket: WebSocket, text: string, recovering: boolean): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(message)) return;
    const [header, body] = message as [Header, unknown];
    if (header.wsc) this.wsc = { token: header.wsc.token, at: this.options.now() };
    switch (header.type) {
      case 'ConnectionDetails':
        if (recovering && header.headers?.RecoveryState === 'Successful') {
          this.connected();
          this.handlers.up();
        } else {
          this.send(socket, [
            { type: 'ClientRequest', messageId: randomUUID(), method: 'POST', path: '/restapi/v1.0/subscription/' },
            { eventFilters: [SESSIONS_FILTER], deliveryMode: { transportType: 'WebSocket' } },
          ]);
        }
        return;
      case 'ClientRequest':
        if (header.status === 200) {
          this.connected();
          this.handlers.up();
          // A new subscription: whatever happened while there was none is in the call log.
          this.handlers.catchUp();
        } else {
          this.handlers.down(`RingCentral refused the subscription (${header.status ?? 'no status'})`);
          socket.close();
        }
        return;
      case 'ServerNotification': {
        const event = body as { event?: string; body?: TelephonySession } | undefined;
        if (event?.body?.telephonySessionId && event.event?.includes('/telephony/sessions')) this.handlers.session(event.body);
        return;
      }
      default:
    }
  }
}
