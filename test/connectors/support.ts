/** The real server with its phone connectors pointed at local stand-ins, over a real database file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../electron/server/start.js';
import type { ConnectorsConfig } from '../../electron/connectors/hub.js';
import { NO_CONNECTORS } from '../../electron/connectors/hub.js';
import type { Call, ConnectorView } from '../../electron/contract/index.js';

export interface ConnectorServer extends RunningServer {
  dir: string;
  dbPath: string;
  request<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  connector(id: string): Promise<ConnectorView>;
  /** Waits until the connector's view satisfies `ok` (polling GET /salon/connectors). */
  until(id: string, ok: (view: ConnectorView) => boolean, timeoutMs?: number): Promise<ConnectorView>;
}

export const TOKEN = 'connector-test-token-0123';

export type TestConnectorsConfig = Omit<Partial<ConnectorsConfig>, 'baseUrls'> & { baseUrls?: Partial<ConnectorsConfig['baseUrls']> };

export async function startConnectorServer(connectors: TestConnectorsConfig, options: { dir?: string } = {}): Promise<ConnectorServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'salon-connectors-'));
  const dbPath = join(dir, 'salon.db');
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dbPath,
    token: TOKEN,
    overrides: { timezone: 'America/Chicago' },
    priceEnv: {},
    // As in the real configuration, TWILIO_AUTH_TOKEN both signs the webhooks and opens the call log.
    twilio: connectors.env?.twilio ? { authToken: connectors.env.twilio.auth_token } : {},
    logDir: join(dir, 'logs'),
    connectors: { ...NO_CONNECTORS, pollSeconds: 1, ...connectors, baseUrls: { ...NO_CONNECTORS.baseUrls, ...connectors.baseUrls } },
  });
  const request: ConnectorServer['request'] = async (method, path, body) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const connector = async (id: string) => (await request<{ items: ConnectorView[] }>('GET', '/salon/connectors')).body.items.find((c) => c.id === id)!;
  return {
    ...server,
    dir,
    dbPath,
    request,
    connector,
    async until(id, ok, timeoutMs = 10_000) {
      let last: ConnectorView | undefined;
      try {
        return await eventually(`connector ${id}`, async () => ((last = await connector(id)), ok(last) && last), timeoutMs);
      } catch {
        throw new Error(`connector ${id} never got there: ${JSON.stringify(last)}`);
      }
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Polls `fn` until it answers something (every `everyMs`); past `timeoutMs`, fails naming `what`. */
export async function eventually<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 8000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The salon's calls, as the API lists them. */
export const callsOf = async (s: ConnectorServer): Promise<Call[]> => (await s.request<{ items: Call[] }>('GET', '/salon/calls?limit=1000')).body.items;
export const callOf = async (s: ConnectorServer, sid: string): Promise<Call | undefined> => (await callsOf(s)).find((c) => c.call_sid === sid);
