/**
 * 3CX's Call Control WebSocket (`wss://{pbx}/callcontrol/ws`, the token as a Bearer header):
 * each message names a participant entity (`/callcontrol/{dn}/participants/{id}`) with
 * `event_type` 0 (added or changed: GET it for its status and caller) or 1 (removed). Messages
 * are handled one after the other, in order. A dropped socket comes back after a backoff, and
 * asks for a catch-up from the call history (what ended meanwhile is there).
 */
import WebSocket from 'ws';
import type { Timer } from '../../scheduler/timer.js';
import { LiveSocket } from '../live-socket.js';
import type { LiveFeed, LiveFeedHandlers } from '../live-with-log.js';
import type { ThreeCxAuth } from './auth.js';
import { ParticipantTracker, type Participant } from './mapping.js';

interface ControlMessage {
  sequence?: number;
  event?: { event_type?: number; entity?: string };
}

const UPSERT = 0;
const REMOVE = 1;
const PARTICIPANT = /^\/callcontrol\/[^/]+\/participants\/[^/]+$/;

export class ThreeCxLive extends LiveSocket implements LiveFeed {
  private everUp = false;
  private readonly tracker = new ParticipantTracker();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly auth: ThreeCxAuth,
    private readonly handlers: LiveFeedHandlers,
    private readonly options: { timer: Timer; now: () => number; maxBackoffMs: number },
  ) {
    super(handlers, options.timer, options.maxBackoffMs);
  }

  protected async open(): Promise<void> {
    const token = await this.auth.accessToken();
    if (this.stopped) return;
    const socket = new WebSocket(this.auth.url('/callcontrol/ws').replace(/^http/, 'ws'), { headers: { authorization: `Bearer ${token}` } });
    this.socket = socket;
    socket.on('open', () => {
      this.connected();
      this.handlers.up();
      // The first time, the poll's backfill runs anyway; after a drop, what ended meanwhile is in the history.
      if (this.everUp) this.handlers.catchUp();
      this.everUp = true;
    });
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('unexpected-response', (_req, res) => {
      this.handlers.down(`3CX refused the Call Control connection (${res.statusCode ?? 'no status'}): check that the API client has Call Control access and monitors the salon's extensions`);
      socket.terminate();
    });
    socket.on('error', () => {});
    socket.on('close', () => this.closed(socket));
  }

  private receive(text: string): void {
    let message: ControlMessage;
    try {
      message = JSON.parse(text) as ControlMessage;
    } catch {
      return;
    }
    const entity = message.event?.entity;
    const type = message.event?.event_type;
    if (!entity || !PARTICIPANT.test(entity) || (type !== UPSERT && type !== REMOVE)) return;
    const at = () => new Date(this.options.now()).toISOString();
    this.queue = this.queue.then(async () => {
      if (type === REMOVE) return this.handlers.events(this.tracker.remove(entity, at()));
      try {
        const participant = await this.auth.json<Participant>(entity);
        this.handlers.events(this.tracker.upsert(entity, participant, at()));
      } catch {
        // Gone before it could be read (answered elsewhere, hung up): its removal follows, or the history has the call.
      }
    });
  }
}
