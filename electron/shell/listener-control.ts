/**
 * The desktop app's webhook listener, owned by the main process so that Settings can move it
 * to another port or change its token without restarting the app: the change is applied by
 * listening again (on another port the new listener starts before the old one stops, so a
 * port that is taken changes nothing), then saved. Plain Node: no electron import, so the
 * tests drive it with real sockets.
 */
import type { ListenerView } from '../contract/index.js';
import type { ServerInfo } from '../core/server-info.js';
import { ConflictError, InputError } from '../core/errors.js';
import type { Salon } from '../core/salon.js';
import { isLoopback } from '../server/auth.js';
import { listen, type ListenConfig, type Listener } from '../server/start.js';
import { SpooledIngest, spoolPathFor } from '../core/spool.js';

export interface ListenerChange {
  port?: number;
  /** `''` removes the token. */
  webhook_token?: string;
}

export interface ListenerControlOptions {
  /** Where a value comes from when the environment or a flag fixes it (e.g. "the environment"); such a value cannot be changed here. */
  fixed?: { port?: string; token?: string };
  /** Shown with the settings when the token is kept unencrypted (no keyring). */
  warning?: string;
  /** What the listener's own HTTP API knows of the process (the backup folder; no hooks). */
  info?: ServerInfo;
  /** Keeps an applied change for the next start (electron-store); `webhook_token: null` forgets the token. */
  save?: (saved: { port?: number; webhook_token?: string | null }) => void;
  /** Where the ingest says what it spooled and replayed (when absent: the listener's log, or the console while nothing listens). */
  log?: (line: string) => void;
}

export class ListenerControl {
  private listener: Listener | null = null;
  private error: string | null = null;
  private readonly config: ListenConfig;
  /**
   * The webhooks' ingest and its spool: one for the life of the app, whatever the listener does
   * (moved to another port, not listening), and the sink of the phone connectors too, so that
   * what they read while the database is held (an import being applied) is spooled and stored
   * after it, as the webhooks' events are, never dropped.
   */
  readonly ingest: SpooledIngest;

  constructor(
    private readonly salon: Salon,
    config: ListenConfig,
    private readonly options: ListenerControlOptions = {},
  ) {
    this.config = { ...config };
    // Its lines go to the listener's log (the log file) while there is a listener, as a server's own ingest's do.
    const log = options.log ?? ((line: string) => (this.listener ? this.listener.app.log.warn(line) : console.error(line)));
    this.ingest = new SpooledIngest(salon, { spoolPath: salon.db.memory ? null : spoolPathFor(salon.db.name), log });
  }

  /** Listens with the configuration it was given; throws (and remembers why) when it cannot. What a previous run spooled is stored first, listening or not. */
  async start(): Promise<void> {
    this.ingest.start();
    try {
      this.listener = await this.listen(this.config);
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
      throw err;
    }
  }

  /** The token the listener asks for now. */
  token(): string | undefined {
    return this.config.token;
  }

  port(): number | null {
    return this.listener ? Number(new URL(this.listener.url).port) : null;
  }

  webhookUrl(): string | null {
    return this.listener ? `${this.listener.url}/salon/call` : null;
  }

  view(): ListenerView {
    const fixed = this.options.fixed ?? {};
    return {
      editable: true,
      port: this.port() ?? this.config.port,
      url: this.webhookUrl(),
      token_set: !!this.config.token,
      fixed: [...(fixed.port ? (['port'] as const) : []), ...(fixed.token ? (['webhook_token'] as const) : [])],
      note: this.listener ? null : `not listening${this.error ? `: ${this.error}` : ''}`,
      ...(this.options.warning ? { warning: this.options.warning } : {}),
    };
  }

  /** Applies a checked change (see checkListenerChange): listens again, then saves it. */
  async update(change: ListenerChange): Promise<ListenerView> {
    const fixed = this.options.fixed ?? {};
    if (change.port !== undefined && fixed.port && change.port !== this.config.port) {
      throw new ConflictError(`The port is set by ${fixed.port} (SALON_PORT); remove it there to choose the port here.`);
    }
    if (change.webhook_token !== undefined && fixed.token) {
      throw new ConflictError(`The webhook token is set by ${fixed.token} (SALON_WEBHOOK_TOKEN); remove it there to change it here.`);
    }
    const next: ListenConfig = {
      ...this.config,
      port: change.port ?? this.port() ?? this.config.port,
      token: change.webhook_token === undefined ? this.config.token : change.webhook_token || undefined,
    };
    if (!next.token && !isLoopback(next.host)) {
      throw new InputError('webhook_token', `the listener is on ${next.host}, which other machines can reach: it needs a token`);
    }
    const old = this.listener;
    const samePort = old !== null && this.port() === next.port;
    // The same port: the old listener lets it go first. Another port: the new one listens before the old one stops.
    if (old && samePort) {
      await old.close();
      this.listener = null;
    }
    try {
      const fresh = await this.listen(next);
      if (old && !samePort) await old.close();
      this.listener = fresh;
    } catch (err) {
      if (!this.listener) {
        // The old settings again, so that calls keep arriving.
        try {
          this.listener = await this.listen(this.config);
        } catch (again) {
          this.error = (again as Error).message;
        }
      }
      throw new InputError(
        'port',
        `cannot listen on ${next.host}:${next.port} (${(err as Error).message}); ${this.listener ? `still listening on port ${this.port()}` : 'not listening now'}`,
      );
    }
    this.config.port = next.port;
    this.config.token = next.token;
    this.error = null;
    this.options.save?.({
      ...(change.port !== undefined ? { port: next.port } : {}),
      ...(change.webhook_token !== undefined ? { webhook_token: next.token ?? null } : {}),
    });
    return this.view();
  }

  private listen(config: ListenConfig): Promise<Listener> {
    return listen(this.salon, config, this.options.info, { ingest: this.ingest });
  }

  async close(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    await listener?.close();
    this.ingest.stop();
  }
}
