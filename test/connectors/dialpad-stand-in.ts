/**
 * A stand-in for Dialpad's API, from its documented shapes: `POST /api/v2/websockets` (an
 * endpoint with a `websocket_url` good for an hour), `GET /api/v2/websockets/{id}` (a fresh URL),
 * `POST /api/v2/subscriptions/call`, the websocket pushing call events as JSON, and
 * `GET /api/v2/call` with `started_after` (ms) and `cursor`, all behind `Authorization: Bearer <API key>`.
 * Its clock is the test's: a URL past its hour is refused, and `expire()` closes connections past theirs.
 */
import Fastify from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DialpadCall } from '../../electron/connectors/dialpad/mapping.js';

export const API_KEY = 'dialpad-api-key-0123456789abcdef';
const HOUR = 3_600_000;
const PAGE = 2;

export interface DialpadStandIn {
  url: string;
  /** The call list `GET /api/v2/call` answers from. */
  calls: DialpadCall[];
  /** Websocket URLs handed out, and the connections made with them (token, open). */
  urlsIssued: number;
  connections: { token: string; socket: WebSocket }[];
  subscriptions: unknown[];
  listRequests: string[];
  /** Pushes a call event to every open connection. */
  push(call: DialpadCall): void;
  /** Closes every connection whose URL has expired by now, as Dialpad does. */
  expire(): void;
  open(): number;
  close(): Promise<void>;
}

export async function startDialpadStandIn(now: () => number = Date.now): Promise<DialpadStandIn> {
  const app = Fastify({ logger: false });
  const tokens = new Map<string, number>(); // token → expiry (ms)
  let port = 0;
  const state: Omit<DialpadStandIn, 'url' | 'push' | 'expire' | 'open' | 'close'> = { calls: [], urlsIssued: 0, connections: [], subscriptions: [], listRequests: [] };
  const endpoint = () => {
    const token = `t${++state.urlsIssued}`;
    tokens.set(token, now() + HOUR);
    return { id: 5150, websocket_url: `ws://127.0.0.1:${port}/events?token=${token}` };
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${API_KEY}`) return reply.code(401).send({ error: { code: 401, message: 'Invalid API key' } });
  });
  app.post('/api/v2/websockets', async () => endpoint());
  app.get('/api/v2/websockets/:id', async () => endpoint());
  app.post('/api/v2/subscriptions/call', async (request) => {
    state.subscriptions.push(request.body);
    return { id: 77, ...(request.body as object) };
  });
  app.get('/api/v2/call', async (request) => {
    state.listRequests.push(request.url);
    const q = request.query as { started_after?: string; cursor?: string };
    const after = Number(q.started_after ?? 0);
    const matching = state.calls.filter((c) => Number(c.date_started) > after).sort((a, b) => Number(a.date_started) - Number(b.date_started));
    const offset = Number(q.cursor ?? 0);
    const items = matching.slice(offset, offset + PAGE);
    return { items, ...(offset + PAGE < matching.length ? { cursor: String(offset + PAGE) } : {}) };
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
  const wss = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const token = url.searchParams.get('token') ?? '';
    const expiry = tokens.get(token);
    if (url.pathname !== '/events' || expiry === undefined || expiry <= now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => state.connections.push({ token, socket: ws }));
  });
  const isOpen = (c: { socket: WebSocket }) => c.socket.readyState === c.socket.OPEN;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    push: (call: DialpadCall) => state.connections.filter(isOpen).forEach((c) => c.socket.send(JSON.stringify(call))),
    expire: () => state.connections.filter((c) => isOpen(c) && tokens.get(c.token)! <= now()).forEach((c) => c.socket.close(4001, 'expired')),
    open: () => state.connections.filter(isOpen).length,
    close: async () => {
      for (const c of state.connections) c.socket.terminate();
      wss.close();
      await app.close();
    },
  });
}
