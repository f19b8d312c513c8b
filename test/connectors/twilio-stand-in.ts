/**
 * A stand-in for Twilio's REST API (`/2010-04-01/Accounts/{Sid}/Calls.json` and
 * `Calls/{Sid}.json`), from its documented shapes: HTTP Basic `AccountSid:AuthToken`, the
 * `StartTime`, `StartTime>=` and `StartTime<=` day filters (UTC), `PageSize` and
 * `next_page_uri`, newest first, RFC 2822 times and string durations. Failures and 429s can be
 * queued; every request is recorded.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TwilioCall } from '../../electron/connectors/twilio/mapping.js';

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'f00dfeedf00dfeedf00dfeedf00dfeed';

/** RFC 2822 as Twilio writes it: `Tue, 10 Aug 2010 08:02:31 +0000`. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

export interface CallSpec {
  sid: string;
  startMs: number;
  status: string;
  durationSec?: number;
  parent?: string;
  direction?: string;
  from?: string;
  to?: string;
  callerName?: string;
}

export function twilioCall(spec: CallSpec): TwilioCall {
  const ended = !['queued', 'ringing', 'in-progress'].includes(spec.status);
  const duration = spec.durationSec ?? 0;
  return {
    sid: spec.sid,
    parent_call_sid: spec.parent ?? null,
    from: spec.from ?? (spec.parent ? '+13125550100' : '+13125550111'),
    to: spec.to ?? (spec.parent ? '+13125550199' : '+13125550100'),
    caller_name: spec.callerName ?? null,
    direction: spec.direction ?? (spec.parent ? 'outbound-dial' : 'inbound'),
    status: spec.status,
    start_time: spec.status === 'queued' ? null : rfc2822(spec.startMs),
    end_time: ended ? rfc2822(spec.startMs + duration * 1000) : null,
    date_created: rfc2822(spec.startMs),
    duration: ended ? String(duration) : null,
  };
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
}

export interface TwilioStandIn {
  url: string;
  calls: TwilioCall[];
  /** Every request: path with query, and when it came (ms). */
  requests: { url: string; at: number }[];
  /** The next requests fail like this, in turn. */
  failNext(...failures: Failure[]): void;
  /** Requests after the first `n` fail with 500 (a backfill cut short); null: none fail. */
  failAfter(n: number | null): void;
  /** Pages are at most this long whatever PageSize asks (to exercise paging). */
  maxPageSize: number;
  /** Each answer waits this long (ms): a slow backfill, to watch its progress. */
  delayMs: number;
  close(): Promise<void>;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function startTwilioStandIn(): Promise<TwilioStandIn> {
  const app: FastifyInstance = Fastify({ logger: false });
  const failures: Failure[] = [];
  let failAfter: number | null = null;
  const state: TwilioStandIn = {
    url: '',
    calls: [],
    requests: [],
    failNext: (...f) => failures.push(...f),
    failAfter: (n) => (failAfter = n),
    maxPageSize: 1000,
    delayMs: 0,
    close: () => app.close(),
  };

  app.addHook('onRequest', async (request, reply) => {
    state.requests.push({ url: request.url, at: Date.now() });
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    const failure = failures.shift() ?? (failAfter !== null && state.requests.length > failAfter ? { status: 500 } : undefined);
    if (failure) {
      return reply.code(failure.status).headers(failure.headers ?? {}).send({ code: 20429, message: 'Too Many Requests', status: failure.status });
    }
    const expected = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    const sid = (request.params as { sid?: string }).sid;
    if (request.headers.authorization !== expected || sid !== ACCOUNT_SID) {
      return reply.code(401).send({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    }
  });

  app.get('/2010-04-01/Accounts/:sid/Calls.json', async (request) => {
    const q = request.query as Record<string, string | undefined>;
    const startDay = (c: TwilioCall) => day(Date.parse(c.start_time ?? c.date_created!));
    const matching = state.calls
      .filter((c) => (q.StartTime ? startDay(c) === q.StartTime : true))
      .filter((c) => (q['StartTime>'] ? startDay(c) >= q['StartTime>'] : true))
      .filter((c) => (q['StartTime<'] ? startDay(c) <= q['StartTime<'] : true))
      .sort((a, b) => Date.parse(b.date_created!) - Date.parse(a.date_created!));
    const size = Math.min(Number(q.PageSize ?? 50), state.maxPageSize);
    const page = Number(q.Page ?? 0);
    const items = matching.slice(page * size, (page + 1) * size);
    const base = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`;
    const query = (p: number) => {
      const params = new URLSearchParams();
      for (const key of ['StartTime', 'StartTime>', 'StartTime<']) if (q[key]) params.set(key, q[key]!);
      params.set('PageSize', String(size));
      params.set('Page', String(p));
      if (p > 0) params.set('PageToken', `PA${items.at(-1)?.sid ?? ''}`);
      return `${base}?${params}`;
    };
    return {
      calls: items,
      start: page * size,
      end: page * size + items.length - 1,
      page,
      page_size: size,
      uri: query(page),
      first_page_uri: query(0),
      previous_page_uri: page > 0 ? query(page - 1) : null,
      next_page_uri: (page + 1) * size < matching.length ? query(page + 1) : null,
    };
  });

  app.get('/2010-04-01/Accounts/:sid/Calls/:call.json', async (request, reply) => {
    const sid = (request.params as { call: string }).call;
    const call = state.calls.find((c) => c.sid === sid);
    return call ?? reply.code(404).send({ code: 20404, message: `The requested resource ${request.url} was not found`, status: 404 });
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  state.url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return state;
}
