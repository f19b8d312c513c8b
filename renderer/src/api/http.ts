/**
 * The browser's transport: each method over HTTP as `HTTP_BINDINGS` says, and the live feed
 * over the WebSocket `/salon`, reconnecting with backoff. With a webhook token set, the first
 * 401 asks the page for the token once; it is kept in localStorage and sent as
 * `Authorization: Bearer` (and `?token=` on the WebSocket, where browsers cannot set headers).
 */
import { HTTP_BINDINGS } from '../../../electron/contract/http.js';
import type { ApiInput, ApiMethod, ApiOutput, LiveMessage } from '../../../electron/contract/index.js';
import { ApiFailure, Listeners, compact, type AuthRequest, type ConnectionState, type SalonClient } from './client.js';

const TOKEN_KEY = 'salon.token';
const MIN_DELAY_MS = 300;
const MAX_DELAY_MS = 4000;

function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string): void {
  try {
    localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Private mode: the token lives as long as the page.
  }
}

export interface HttpClientOptions {
  /** The server's origin; the page's own by default. */
  base?: string;
}

export function createHttpClient(options: HttpClientOptions = {}): SalonClient {
  const base = new URL(options.base ?? window.location.href);
  let token = storedToken();
  const live = new Listeners<LiveMessage>();
  const connectionListeners = new Listeners<ConnectionState>();
  const authListeners = new Listeners<AuthRequest>();
  let state: ConnectionState = 'connecting';
  let auth: AuthRequest = null;
  let tokenWaiters: ((token: string) => void)[] = [];
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let closed = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    connectionListeners.emit(next);
  };

  /** Waits for the desk to type the token; concurrent 401s share one question. */
  const askForToken = (reason: 'missing' | 'wrong', message: string): Promise<string> => {
    if (!auth) {
      auth = { reason, message };
      authListeners.emit(auth);
    }
    return new Promise((resolve) => tokenWaiters.push(resolve));
  };

  /** One request; `body` is sent as JSON, or as it is when `contentType` is given (a CSV file). */
  async function request(verb: string, path: string, body: unknown, contentType?: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(new URL(path, base), { method: verb, headers, body: body === undefined ? undefined : contentType ? (body as string) : JSON.stringify(body) });
    } catch {
      throw new ApiFailure(0, 'cannot reach the salon server; it may be restarting. Try again in a moment.');
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (res.status === 401) {
      const message = (parsed as { error?: string } | undefined)?.error ?? 'the server asks for its webhook token';
      await askForToken(token ? 'wrong' : 'missing', message);
      return request(verb, path, body, contentType);
    }
    if (!res.ok) {
      const error = parsed as { error?: string; details?: { field: string; message: string }[] } | undefined;
      throw new ApiFailure(res.status, error?.error ?? `${res.status} ${res.statusText}`, Array.isArray(error?.details) ? error.details : []);
    }
    return parsed;
  }

  function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    const binding = HTTP_BINDINGS[method];
    const rest: Record<string, unknown> = { ...(compact(input) as Record<string, unknown>) };
    let path = binding.path;
    if (path.includes(':id')) {
      path = path.replace(':id', encodeURIComponent(String(rest.id)));
      delete rest.id;
    }
    let body: unknown;
    if (binding.input === 'csv') {
      // The file is the body; the options go in the query.
      body = rest.csv;
      delete rest.csv;
    }
    if (binding.input === 'query' || binding.input === 'csv') {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(rest)) if (value !== undefined && value !== null) query.set(key, String(value));
      const qs = query.toString();
      if (qs) path += `?${qs}`;
    } else if (binding.input === 'body') {
      body = rest;
    } else if (binding.input === 'patch') {
      body = rest.patch;
    }
    return request(binding.verb, path, body, binding.input === 'csv' ? 'text/csv; charset=utf-8' : undefined) as Promise<ApiOutput<M>>;
  }

  function connect(): void {
    if (closed) return;
    clearTimeout(retryTimer);
    const url = new URL('salon', new URL('/', base));
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (token) url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      setState('open');
    };
    ws.onmessage = (event) => {
      try {
        live.emit(JSON.parse(String(event.data)) as LiveMessage);
      } catch {
        // Not a message of ours.
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (closed) return;
      setState(state === 'connecting' ? 'connecting' : 'reconnecting');
      // Backoff with jitter: 0.3 s, 0.6 s, 1.2 s … up to 4 s between tries.
      const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempts) * (0.75 + Math.random() * 0.5);
      attempts += 1;
      retryTimer = setTimeout(connect, delay);
    };
  }

  const reconnectNow = () => {
    if (!closed && state !== 'open') {
      attempts = 0;
      socket?.close();
      socket = null;
      connect();
    }
  };
  window.addEventListener('online', reconnectNow);

  connect();

  return {
    call,
    subscribe: (listener) => live.add(listener),
    connection: () => state,
    onConnection: (listener) => connectionListeners.add(listener),
    async insights(week) {
      try {
        return await request('GET', `/salon/insights${week ? `?week=${encodeURIComponent(week)}` : ''}`, undefined);
      } catch (err) {
        if (err instanceof ApiFailure && err.status === 404) return null;
        throw err;
      }
    },
    // A link cannot carry the Authorization header: with a token, the page fetches the report instead.
    reportUrl: (week, format) => (token ? null : new URL(`/salon/reports/${encodeURIComponent(week)}.${format}`, base).href),
    // Likewise for exports: a plain link without a token, a fetch with the Authorization header (saved from a Blob) with one.
    exportUrl: (kind) => (token ? null : new URL(`/salon/export/${kind}.csv`, base).href),
    async exportFile(kind) {
      const path = `/salon/export/${kind}.csv`;
      let res: Response;
      try {
        res = await fetch(new URL(path, base), { headers: token ? { authorization: `Bearer ${token}` } : {} });
      } catch {
        throw new ApiFailure(0, 'cannot reach the salon server; it may be restarting. Try again in a moment.');
      }
      if (res.status === 401) {
        await askForToken(token ? 'wrong' : 'missing', 'the server asks for its webhook token');
        return this.exportFile(kind);
      }
      if (!res.ok) {
        const error = (await res.json().catch(() => undefined)) as { error?: string } | undefined;
        throw new ApiFailure(res.status, error?.error ?? `${res.status} ${res.statusText}`);
      }
      const disposition = res.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `salon-${kind}.csv`;
      return { filename, blob: await res.blob() };
    },
    authRequest: () => auth,
    onAuthRequest: (listener) => authListeners.add(listener),
    provideToken(next) {
      token = next.trim();
      storeToken(token);
      auth = null;
      authListeners.emit(null);
      const waiters = tokenWaiters;
      tokenWaiters = [];
      for (const resolve of waiters) resolve(token);
      // The live feed refused the old token (or none): try again with this one at once.
      const ws = socket;
      socket = null;
      ws?.close();
      attempts = 0;
      connect();
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      window.removeEventListener('online', reconnectNow);
      socket?.close();
    },
  };
}
