/**
 * A stand-in for RingCentral's REST and WebSocket APIs, from their documented shapes: the JWT
 * grant and refresh at `POST /restapi/oauth/token` (client id and secret as HTTP Basic),
 * `POST /restapi/oauth/wstoken`, the WebSocket gateway (`ConnectionDetails` with a `wsc`
 * token, `ClientRequest` subscriptions, `ServerNotification`s, session recovery with `wsc`
 * and the `RecoveryState` header), and `call-log-sync` (FSync with `dateFrom`/`dateTo` and
 * `olderRecordsExist`, ISync with `syncToken`) with the Heavy group's rate-limit headers.
 */
import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CallLogRecord, TelephonySession } from '../../electron/connectors/ringcentral/mapping.js';

export const CLIENT_ID = 'rcClientId0123456789';
export const CLIENT_SECRET = 'rc-client-secret-0123456789';
export const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJl';

export interface RingCentralStandIn {
  url: string;
  /** The call log, as `call-log-sync` answers it. */
  log: CallLogRecord[];
  /** Every grant asked for (`urn:…:jwt-bearer`, `refresh_token`). */
  grants: string[];
  /** Requests refused because their access token had expired. */
  expiredRefusals: number;
  /** Lifetime of the access tokens it issues (s). */
  tokenSeconds: number;
  /** Subscriptions made over WebSocket; recoveries that succeeded. */
  subscriptions: number;
  recoveries: number;
  syncRequests: string[];
  /** Rate limit of `call-log-sync` per window (Heavy: 10 a minute). */
  heavyLimit: number;
  heavyWindowSeconds: number;
  /** Pushes a telephony session notification (kept for recovery while no socket is up). */
  notify(session: TelephonySession): void;
  /** Requests refused with 429. */
  throttled: number;
  /** Makes every access token issued so far expire now (the server's word, whatever the client thinks). */
  expireAll(): void;
  /** Drops every socket; `recoverable: false` also forgets the sessions (recovery then fails). */
  drop(options: { recoverable: boolean }): void;
  connected(): number;
  close(): Promise<void>;
}

interface WsSession {
  wsc: string;
  sequence: number;
  subscribed: boolean;
  socket: WebSocket | null;
  missed: unknown[][];
}

export async function startRingCentralStandIn(): Promise<RingCentralStandIn> {
  const app = Fastify({ logger: false });
  await app.register(formbody);
  const tokens = new Map<string, number>(); // access token → expiry (ms)
  const refreshTokens = new Set<string>();
  const wsTokens = new Set<string>();
  const sessions = new Map<string, WsSession>(); // by wsc token
  let syncCounter = 0;
  let windowStart = Date.now();
  let usedInWindow = 0;

  const state: RingCentralStandIn = {
    url: '',
    log: [],
    grants: [],
    expiredRefusals: 0,
    tokenSeconds: 3600,
    subscriptions: 0,
    recoveries: 0,
    syncRequests: [],
    throttled: 0,
    expireAll() {
      for (const key of tokens.keys()) tokens.set(key, Date.now() - 1);
    },
    heavyLimit: 1000,
    heavyWindowSeconds: 60,
    notify(body) {
      for (const s of sessions.values()) {
        if (!s.subscribed) continue;
        const message = [
          { type: 'ServerNotification', messageId: randomUUID(), status: 200, wsc: { token: s.wsc, sequence: ++s.sequence } },
          { uuid: randomUUID(), event: '/restapi/v1.0/account/1/extension/101/telephony/sessions', timestamp: new Date().toISOString(), subscriptionId: 'sub-1', body },
        ];
        if (s.socket) s.socket.send(JSON.stringify(message));
        else s.missed.push(message);
      }
    },
    drop({ recoverable }) {
      for (const [key, s] of sessions) {
        s.socket?.terminate();
        s.socket = null;
        if (!recoverable) sessions.delete(key);
      }
    },
    connected: () => [...sessions.values()].filter((s) => s.socket).length,
    close: async () => {
      wss.close();
      for (const s of sessions.values()) s.socket?.terminate();
      await app.close();
    },
  };

  const issue = () => {
    const access = `at-${randomUUID()}`;
    const refresh = `rt-${randomUUID()}`;
    tokens.set(access, Date.now() + state.tokenSeconds * 1000);
    refreshTokens.add(refresh);
    return { access_token: access, token_type: 'bearer', expires_in: state.tokenSeconds, refresh_token: refresh, refresh_token_expires_in: 604800, scope: 'ReadCallLog CallControl', owner_id: '101' };
  };

  app.post('/restapi/oauth/token', async (request, reply) => {
    const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
    const form = request.body as Record<string, string>;
    if (request.headers.authorization !== basic) return reply.code(401).send({ error: 'invalid_client', errors: [{ errorCode: 'OAU-123', message: 'Invalid client' }] });
    state.grants.push(form.grant_type ?? '');
    if (form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && form.assertion === JWT) return issue();
    if (form.grant_type === 'refresh_token' && form.refresh_token && refreshTokens.delete(form.refresh_token)) return issue();
    return reply.code(400).send({ error: 'invalid_grant', errors: [{ errorCode: 'OAU-140', message: 'Invalid resource owner credentials' }] });
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/restapi/oauth/token')) return;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const expiry = bearer ? tokens.get(bearer) : undefined;
    if (expiry === undefined) return reply.code(401).send({ errorCode: 'AGW-401', message: 'Authorization header is not specified' });
    if (expiry < Date.now()) {
      state.expiredRefusals++;
      return reply.code(401).send({ errorCode: 'TokenInvalid', message: 'Access token expired' });
    }
  });

  app.post('/restapi/oauth/wstoken', async () => {
    const token = `wsat-${randomUUID()}`;
    wsTokens.add(token);
    return { uri: `${state.url.replace(/^http/, 'ws')}/ws`, ws_access_token: token, expires_in: 60 };
  });

  app.get('/restapi/v1.0/account/~/call-log-sync', async (request, reply) => {
    state.syncRequests.push(request.url);
    if (Date.now() - windowStart > state.heavyWindowSeconds * 1000) {
      windowStart = Date.now();
      usedInWindow = 0;
    }
    usedInWindow++;
    const remaining = Math.max(0, state.heavyLimit - usedInWindow);
    reply.headers({ 'x-rate-limit-group': 'heavy', 'x-rate-limit-limit': String(state.heavyLimit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-window': String(state.heavyWindowSeconds) });
    if (usedInWindow > state.heavyLimit) state.throttled++;
    if (usedInWindow > state.heavyLimit) return reply.code(429).headers({ 'retry-after': String(state.heavyWindowSeconds) }).send({ errorCode: 'CMN-301', message: 'Request rate exceeded' });
    const q = request.query as Record<string, string | undefined>;
    const newest = [...state.log].sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime));
    const syncToken = `st-${++syncCounter}-${state.log.length}`;
    if (q.syncType === 'ISync') {
      const seen = Number(/^st-\d+-(\d+)$/.exec(q.syncToken ?? '')?.[1] ?? NaN);
      if (Number.isNaN(seen)) return reply.code(400).send({ errorCode: 'CMN-101', message: 'Parameter [syncToken] value is invalid' });
      // Records are appended to `log` as they happen: what came after the token is what changed.
      return { records: state.log.slice(seen), syncInfo: { syncType: 'ISync', syncToken, syncTime: new Date().toISOString() } };
    }
    const from = q.dateFrom ? Date.parse(q.dateFrom) : 0;
    const to = q.dateTo ? Date.parse(q.dateTo) : Infinity;
    const matching = newest.filter((r) => Date.parse(r.startTime) >= from && Date.parse(r.startTime) < to);
    const count = Number(q.recordCount ?? 250);
    return {
      records: matching.slice(0, count),
      syncInfo: { syncType: 'FSync', syncToken, syncTime: new Date().toISOString(), olderRecordsExist: matching.length > count },
    };
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  state.url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const wss = new WebSocketServer({ server: app.server, path: '/ws' });
  wss.on('connection', (socket, request) => {
    const params = new URL(request.url ?? '', state.url).searchParams;
    const token = params.get('access_token') ?? '';
    if (!wsTokens.delete(token)) {
      socket.close(4001, 'invalid access token');
      return;
    }
    const previous = params.get('wsc');
    let session = previous ? sessions.get(previous) : undefined;
    const recovered = session !== undefined;
    if (recovered) state.recoveries++;
    session ??= { wsc: `wsc-${randomUUID()}`, sequence: 0, subscribed: false, socket: null, missed: [] };
    sessions.set(session.wsc, session);
    session.socket = socket;
    const s = session;
    socket.send(
      JSON.stringify([
        { type: 'ConnectionDetails', messageId: randomUUID(), status: 200, wsc: { token: s.wsc, sequence: ++s.sequence }, headers: previous ? { RecoveryState: recovered ? 'Successful' : 'Failed' } : {} },
        { creationTime: new Date().toISOString(), maxConnectionsPerSession: 5, recoveryBufferSize: 100, recoveryTimeout: 180, idleTimeout: 900, absoluteTimeout: 86400 },
      ]),
    );
    for (const message of s.missed.splice(0)) socket.send(JSON.stringify(message));
    socket.on('message', (data) => {
      const [header, body] = JSON.parse(String(data)) as [{ type: string; messageId: string; method?: string; path?: string }, { eventFilters?: string[] }];
      if (header.type !== 'ClientRequest') return;
      const ok = header.method === 'POST' && header.path?.startsWith('/restapi/v1.0/subscription') && body?.eventFilters?.includes('/restapi/v1.0/account/~/extension/~/telephony/sessions');
      if (ok) {
        s.subscribed = true;
        state.subscriptions++;
      }
      socket.send(
        JSON.stringify([
          { type: 'ClientRequest', messageId: header.messageId, status: ok ? 200 : 400, wsc: { token: s.wsc, sequence: ++s.sequence } },
          ok ? { id: 'sub-1', status: 'Active', eventFilters: body.eventFilters, deliveryMode: { transportType: 'WebSocket' }, expiresIn: 900 } : { errorCode: 'SUB-400', message: 'bad subscription' },
        ]),
      );
    });
    socket.on('close', () => {
      if (s.socket === socket) s.socket = null;
    });
  });
  return state;
}

/** A telephony session notification's body with one party (the salon's extension). */
export function sessionBody(id: string, code: string, extra: { missedCall?: boolean; from?: string; name?: string; at?: number } = {}): TelephonySession {
  return {
    telephonySessionId: id,
    eventTime: new Date(extra.at ?? Date.now()).toISOString(),
    parties: [
      {
        id: `p-${id}`,
        extensionId: '101',
        direction: 'Inbound',
        from: { phoneNumber: extra.from ?? '+13125550160', ...(extra.name ? { name: extra.name } : {}) },
        to: { phoneNumber: '+13125550100', extensionId: '101' },
        status: { code },
        missedCall: extra.missedCall ?? false,
      },
    ],
  };
}

export function logRecord(id: string, startMs: number, result: string, duration = 0): CallLogRecord {
  return {
    id: `log-${id}`,
    telephonySessionId: id,
    sessionId: `sess-${id}`,
    startTime: new Date(startMs).toISOString(),
    duration,
    direction: 'Inbound',
    result,
    from: { phoneNumber: '+13125550161', name: 'Caller' },
    to: { phoneNumber: '+13125550100' },
  };
}
