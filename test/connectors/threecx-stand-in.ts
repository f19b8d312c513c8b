/**
 * A stand-in for a 3CX v20 PBX's APIs, from their documented shapes: the client-credentials
 * token at `POST /connect/token` (400 invalid_client for a wrong secret), the Call Control
 * WebSocket at `/callcontrol/ws` (Bearer token; messages `{sequence, event: {event_type,
 * entity}}`, 0 an upsert and 1 a removal of a participant), the participant entity at
 * `GET /callcontrol/{dn}/participants/{id}`, and the XAPI `CallHistoryView` (OData `$filter`
 * on `SegmentStartTime`, `$orderby`, `$top`, `$skip`, answers `{value: [...]}`).
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HistorySegment, Participant } from '../../electron/connectors/threecx/mapping.js';

export const CX_CLIENT_ID = 'salon-api';
export const CX_SECRET = 'cx-api-key-0123456789abcdef';

export interface ThreeCxStandIn {
  url: string;
  history: HistorySegment[];
  historyRequests: string[];
  tokens: number;
  /** Sockets opened with a valid token. */
  sockets: number;
  /** Adds or changes a participant on extension `dn` and pushes the upsert. */
  upsert(dn: string, p: Participant): void;
  /** Removes it and pushes the removal. */
  remove(dn: string, id: number): void;
  /** Closes every Call Control socket. */
  drop(): void;
  connected(): number;
  close(): Promise<void>;
}

export async function startThreeCxStandIn(): Promise<ThreeCxStandIn> {
  const app = Fastify({ logger: false });
  await app.register(formbody);
  const issued = new Set<string>();
  const participants = new Map<string, Participant>();
  const open = new Set<WebSocket>();
  let sequence = 0;
  const authorized = (header: string | undefined) => !!header && issued.has(header.replace(/^Bearer /, ''));

  app.post('/connect/token', async (request, reply) => {
    const form = request.body as Record<string, string>;
    if (form.grant_type !== 'client_credentials' || form.client_id !== CX_CLIENT_ID || form.client_secret !== CX_SECRET) {
      return reply.code(400).send({ error: 'invalid_client' });
    }
    state.tokens++;
    const token = `cx-token-${state.tokens}`;
    issued.add(token);
    return { token_type: 'Bearer', expires_in: 3600, access_token: token };
  });

  app.get('/callcontrol/:dn/participants/:id', async (request, reply) => {
    if (!authorized(request.headers.authorization)) return reply.code(401).send();
    const p = participants.get(request.url);
    return p ?? reply.code(404).send();
  });

  app.get('/xapi/v1/CallHistoryView', async (request, reply) => {
    if (!authorized(request.headers.authorization)) return reply.code(401).send();
    state.historyRequests.push(request.url);
    const q = request.query as Record<string, string>;
    const since = /^SegmentStartTime ge (\S+)$/.exec(q.$filter ?? '')?.[1];
    if (!since || q.$orderby !== 'SegmentStartTime asc') return reply.code(400).send({ error: 'unsupported query' });
    const rows = state.history.filter((s) => Date.parse(s.SegmentStartTime) >= Date.parse(since)).sort((a, b) => Date.parse(a.SegmentStartTime) - Date.parse(b.SegmentStartTime));
    const skip = Number(q.$skip ?? 0);
    return { value: rows.slice(skip, skip + Number(q.$top ?? 100)) };
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const wss = new WebSocketServer({
    server: app.server,
    path: '/callcontrol/ws',
    verifyClient: (info, done) => (authorized(info.req.headers.authorization) ? done(true) : done(false, 401)),
  });
  wss.on('connection', (socket) => {
    state.sockets++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  const push = (eventType: number, entity: string) => {
    const message = JSON.stringify({ sequence: ++sequence, event: { event_type: eventType, entity, attached_data: null } });
    for (const socket of open) socket.send(message);
  };

  const state: ThreeCxStandIn = {
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    history: [],
    historyRequests: [],
    tokens: 0,
    sockets: 0,
    upsert(dn, p) {
      const entity = `/callcontrol/${dn}/participants/${p.id}`;
      participants.set(entity, { ...p, dn });
      push(0, entity);
    },
    remove(dn, id) {
      const entity = `/callcontrol/${dn}/participants/${id}`;
      participants.delete(entity);
      push(1, entity);
    },
    drop() {
      for (const socket of open) socket.terminate();
    },
    connected: () => open.size,
    async close() {
      for (const socket of open) socket.terminate();
      wss.close();
      await app.close();
    },
  };
  return state;
}

/** One inbound call's history: a ring on extension 101, answered after `ringSec` for `talkSec`, or not. */
export function historyCall(callId: number, startMs: number, from: string, name: string, ringSec: number, talkSec: number | null): HistorySegment[] {
  const at = (sec: number) => new Date(startMs + sec * 1000).toISOString();
  const ring: HistorySegment = {
    SegmentId: callId * 10, CallId: callId, SegmentStartTime: at(0), SegmentEndTime: at(ringSec), SrcCallerNumber: from, SrcDisplayName: name,
    SrcInternal: false, DstInternal: true, CallAnswered: false, CallTime: 'PT0S',
  };
  if (talkSec === null) return [ring];
  return [ring, { ...ring, SegmentId: callId * 10 + 1, SegmentStartTime: at(ringSec), SegmentEndTime: at(ringSec + talkSec), CallAnswered: true, CallTime: `PT${Math.floor(talkSec / 60)}M${talkSec % 60}S` }];
}
