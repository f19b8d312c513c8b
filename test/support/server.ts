import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import type { Clock } from '../../electron/core/clock.js';
import type { SalonSettings } from '../../electron/core/settings.js';
import { startServer, type RunningServer } from '../../electron/server/start.js';
import type { ServeConfig } from '../../electron/config/config.js';
import type { LiveMessage } from '../../electron/contract/index.js';

export interface TestServer extends RunningServer {
  dir: string;
  dbPath: string;
  /** JSON request to the running server; answers status and parsed body. */
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** The real server, listening on an ephemeral loopback port, over a real database file in a fresh folder. */
export async function startTestServer(
  options: { clock?: Clock; settings?: Partial<SalonSettings>; token?: string; dbPath?: string; twilio?: ServeConfig['twilio'] } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'salon-test-'));
  const dbPath = options.dbPath ?? join(dir, 'salon.db');
  const server = await startServer(
    { host: '127.0.0.1', port: 0, dbPath, token: options.token, overrides: { timezone: 'America/Chicago', ...options.settings }, priceEnv: {}, twilio: options.twilio ?? {} },
    options.clock ? { clock: options.clock } : {},
  );
  return {
    ...server,
    dir,
    dbPath,
    async request(method, path, body, headers = {}) {
      const res = await fetch(server.url + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real WebSocket client on `/salon` that collects every message. */
export async function connectLive(url: string, token?: string): Promise<{ messages: LiveMessage[]; next(type: LiveMessage['type'], timeoutMs?: number): Promise<LiveMessage>; close(): void }> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/salon' + (token ? `?token=${encodeURIComponent(token)}` : ''));
  const messages: LiveMessage[] = [];
  const waiters: { type: string; resolve: (m: LiveMessage) => void; seen: number }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as LiveMessage;
    messages.push(message);
    for (const w of [...waiters]) {
      if (w.type === message.type) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    messages,
    next(type, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ type, seen: messages.length, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
    close: () => ws.close(),
  };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  body: any;
}

/**
 * One HTTP request with exactly the headers given (a Host or Origin of our choosing, which
 * fetch does not allow), and optionally from another loopback address (`from: '127.0.0.7'`),
 * as another peer would.
 */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, ...(options.from ? { localAddress: options.from } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The HTTP status with which the server refused a WebSocket upgrade, or 'open'. */
export function tryWebSocket(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}
