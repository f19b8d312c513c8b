/**
 * Every phone connector of one salon: which are on (their credentials come from the
 * environment or from Settings), their state for the dashboard (pushed as `connector.updated`
 * on each change, logged as one line per state change), and "Test connection".
 */
import { CONNECTOR_IDS, type ConnectorId, type WebhookConnectorId, type ConnectorState, type ConnectorTestResult, type ConnectorView } from '../contract/index.js';
import { mask } from '../config/config.js';
import { ConflictError } from '../core/errors.js';
import type { Salon } from '../core/salon.js';
import { systemTimer, type Timer } from '../scheduler/timer.js';
import { describe, type Connector, type ConnectorContext } from './connector.js';
import type { CredentialStore, Credentials } from './credentials.js';
import { checkCredentials, PROVIDERS, type ProviderDefinition } from './providers.js';
import type { CallSink, Delivery } from './sink.js';
import { ConnectorStateStore } from './state-store.js';
import { DEFAULT_BACKFILL_DAYS, DEFAULT_BASE_URLS, DEFAULT_POLL_SECONDS } from './defaults.js';

/** What the environment (or `.env`) says about the connectors (config.ts reads it). */
export interface ConnectorsConfig {
  /** Credentials set in the environment, by provider: they win over Settings. */
  env: Partial<Record<ConnectorId, Credentials>>;
  /** The providers' API bases; push-only providers have none. */
  baseUrls: Readonly<Partial<Record<ConnectorId, string>>>;
  pollSeconds: number;
  backfillDays: number;
}

/** A connector's credentials: the environment's win over those saved in Settings. */
export function resolveCredentials(id: ConnectorId, config: ConnectorsConfig, store: CredentialStore): { source: 'env' | 'settings'; values: Credentials } | null {
  const env = config.env[id];
  if (env) return { source: 'env', values: env };
  const saved = store.read(id);
  return saved ? { source: 'settings', values: saved } : null;
}

/** Push-only providers call no API: their base URL is never read. */
const providerSettings = (id: ConnectorId, config: ConnectorsConfig) => ({ baseUrl: config.baseUrls[id] });

/** Tries credentials against the provider; answers what it found, or why it failed, in words. */
export async function tryCredentials(id: ConnectorId, values: Credentials, config: ConnectorsConfig, clock: { timer: Timer; now: () => number }): Promise<ConnectorTestResult> {
  try {
    const message = await PROVIDERS[id].test(values, providerSettings(id, config), { ...clock, backfillDays: config.backfillDays });
    return { id, ok: true, message };
  } catch (err) {
    return { id, ok: false, message: describe(err) };
  }
}

/** No credentials in the environment, the providers' own APIs, the default poll and backfill. */
export const NO_CONNECTORS: ConnectorsConfig = {
  env: {},
  baseUrls: DEFAULT_BASE_URLS,
  pollSeconds: DEFAULT_POLL_SECONDS,
  backfillDays: DEFAULT_BACKFILL_DAYS,
};

export interface HubOptions {
  salon: Salon;
  store: CredentialStore;
  config: ConnectorsConfig;
  log?: (line: string) => void;
  timer?: Timer;
  /** The longest wait between retries after errors (ms; default 5 minutes). */
  maxBackoffMs?: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class ConnectorHub {
  private readonly running = new Map<ConnectorId, Connector>();
  private readonly lastState = new Map<ConnectorId, ConnectorState>();
  private log: (line: string) => void;
  private readonly timer: Timer;
  /** Where events go while the hub runs (null: stopped). */
  private sink: CallSink | null = null;

  constructor(private readonly options: HubOptions) {
    this.log = options.log ?? ((line) => console.log(line));
    this.timer = options.timer ?? systemTimer;
  }

  private credentials(id: ConnectorId) {
    return resolveCredentials(id, this.options.config, this.options.store);
  }

  private context(provider: ProviderDefinition, sink: CallSink): ConnectorContext<unknown> {
    const { salon, config } = this.options;
    return {
      store: new ConnectorStateStore(salon.db, provider.id),
      sink,
      timer: this.timer,
      now: () => salon.clock.now(),
      pollMs: Math.max(1, config.pollSeconds) * 1000,
      backfillDays: config.backfillDays,
      maxBackoffMs: this.options.maxBackoffMs ?? 5 * 60_000,
      changed: () => this.changed(provider.id),
      log: this.log,
    };
  }

  /** Starts every connector that has credentials, feeding `sink` (the server's ingest); `log` takes over from the one given at construction. */
  start(sink: CallSink, log?: (line: string) => void): void {
    this.sink = sink;
    if (log) this.log = log;
    for (const id of CONNECTOR_IDS) this.startOne(id);
  }

  private startOne(id: ConnectorId): void {
    const credentials = this.credentials(id);
    if (!this.sink || !credentials || this.running.has(id)) return;
    const provider = PROVIDERS[id];
    const connector = provider.create(credentials.values, providerSettings(id, this.options.config), this.context(provider, this.sink));
    this.running.set(id, connector);
    connector.start();
  }

  async stop(): Promise<void> {
    this.sink = null;
    const all = [...this.running.entries()];
    this.running.clear();
    await Promise.all(all.map(([, c]) => c.stop()));
  }

  /** One sync of a running connector now (tests drive the poll with it). */
  syncNow(id: ConnectorId): Promise<void> {
    return this.running.get(id)?.syncNow() ?? Promise.resolve();
  }

  private changed(id: ConnectorId): void {
    // Called from the connectors' own timers and sockets: nothing may throw out of here (the database may be closing).
    try {
      const view = this.view(id);
      if (this.lastState.get(id) !== view.state) {
        this.lastState.set(id, view.state);
        this.log(`connector ${id}: ${view.state}${view.last_error ? ` (${view.last_error})` : ''}`);
      }
      this.options.salon.changes.publish('connector.updated', view);
    } catch (err) {
      this.log(`connector ${id}: its state could not be read (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  view(id: ConnectorId): ConnectorView {
    const provider = PROVIDERS[id];
    const saved = new ConnectorStateStore(this.options.salon.db, id).read();
    const status = this.running.get(id)?.status() ?? { state: 'off' as const, lastError: null, backfill: null };
    const credentials = this.credentials(id);
    return {
      id,
      name: provider.name,
      mode: provider.mode,
      state: status.state,
      last_sync_at: iso(saved.lastSyncAt),
      last_event_at: iso(saved.lastEventAt),
      last_error: status.lastError,
      calls_imported: saved.callsImported,
      backfill: status.backfill,
      credentials: {
        source: credentials?.source ?? null,
        fields: provider.fields.map((f) => {
          const value = credentials?.values[f.name];
          return { name: f.name, label: f.label, secret: f.secret, masked: value ? (f.secret ? mask(value) : value) : null };
        }),
      },
    };
  }

  list(): { items: ConnectorView[]; total: number } {
    const items = CONNECTOR_IDS.map((id) => this.view(id));
    return { items, total: items.length };
  }

  /** A push-only provider's secret (its one credential), or null while it has none: its webhook is refused. */
  webhookSecret(id: WebhookConnectorId): string | null {
    return this.credentials(id)?.values[PROVIDERS[id].fields[0]!.name] ?? null;
  }

  /** Counts what a provider's webhook delivered, as a running connector counts what it reads. */
  received(id: WebhookConnectorId, delivery: Delivery): void {
    new ConnectorStateStore(this.options.salon.db, id).count(delivery);
    this.changed(id);
  }

  /** Tries the given credentials, or else the connector's own. */
  async test(id: ConnectorId, typed?: Credentials): Promise<ConnectorTestResult> {
    const provider = PROVIDERS[id];
    const values = typed && Object.keys(typed).length ? checkCredentials(provider, typed) : this.credentials(id)?.values;
    if (!values) return { id, ok: false, message: `${provider.name}: no credentials yet: enter them first` };
    return tryCredentials(id, values, this.options.config, { timer: this.timer, now: () => this.options.salon.clock.now() });
  }

  /** Saves credentials typed in Settings (checked first) and restarts the connector on them; null turns it off. */
  async save(id: ConnectorId, typed: Credentials | null): Promise<ConnectorView> {
    const provider = PROVIDERS[id];
    if (this.options.config.env[id]) {
      throw new ConflictError(`${provider.name}'s credentials are set in the environment (or .env) of the server: change them there and restart it`);
    }
    const values = typed ? checkCredentials(provider, typed) : null;
    await this.running.get(id)?.stop();
    this.running.delete(id);
    const before = this.options.store.read(id);
    this.options.store.write(id, values);
    // Another account's history starts afresh; the same account keeps its cursor.
    if (!values || before?.[provider.fields[0]!.name] !== values[provider.fields[0]!.name]) new ConnectorStateStore(this.options.salon.db, id).reset();
    this.startOne(id);
    this.changed(id);
    return this.view(id);
  }
}
