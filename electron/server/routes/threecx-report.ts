/**
 * `POST /3cx/report`: the call journal of older 3CX versions, posted by the CRM template in
 * `resources/3cx-crm-template.xml` at the end of each call, with HTTP Basic auth (the user and
 * password set in SALON_3CX_REPORT_USER and SALON_3CX_REPORT_PASSWORD, typed into the
 * template's settings in 3CX). Takes JSON (the template's) or a form.
 */
import formbody from '@fastify/formbody';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Str } from '../../contract/index.js';
import { REPORT_CALL_TYPES, reportCallEvents, type ReportCall } from '../../connectors/threecx/report.js';
import type { SpooledIngest } from '../../core/spool.js';
import { sameSecret } from '../auth.js';
import { checkedCallEvent } from '../call-event-check.js';
import { RefusalLimit } from '../refusal-limit.js';

export interface ThreeCxReportOptions {
  user: string;
  password: string;
}

const ReportBody = Type.Object({
  CallType: Type.Unsafe<ReportCall['CallType']>({ type: 'string', enum: [...REPORT_CALL_TYPES] }),
  Number: Str(64, 1),
  Name: Type.Optional(Str(200)),
  Duration: Type.Optional(Str(16)),
  CallStartTimeUTC: Str(40, 1),
  CallEstablishedTimeUTC: Type.Optional(Str(40)),
  CallEndTimeUTC: Type.Optional(Str(40)),
});

/** The `user:password` of an `Authorization: Basic` header, or null. */
function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export const threeCxReportRoutes = (options: ThreeCxReportOptions | undefined, ingest: SpooledIngest): FastifyPluginAsyncTypebox => async (app) => {
  await app.register(formbody);
  const limit = new RefusalLimit();

  app.addHook('onRequest', async (request, reply) => {
    if (!options) return reply.code(403).send({ error: 'the 3CX call journal is off: set SALON_3CX_REPORT_PASSWORD (and the same password in the CRM template in 3CX)', details: [] });
    const peer = request.socket.remoteAddress ?? '';
    const wait = limit.wait(peer);
    if (wait > 0) return reply.code(429).header('retry-after', String(Math.ceil(wait / 1000))).send({ error: 'too many wrong passwords from this address', details: [] });
    const given = basicCredentials(request.headers.authorization);
    // Both compared, always: which one was wrong is not told.
    const userOk = !!given && sameSecret(given.user, options.user);
    const passwordOk = !!given && sameSecret(given.password, options.password);
    if (!userOk || !passwordOk) {
      if (given) limit.refused(peer);
      request.log.warn({ path: '/3cx/report' }, given ? 'refused: wrong 3CX journal user or password' : 'refused: no Basic auth');
      return reply.code(401).header('www-authenticate', 'Basic realm="Salon Front Desk", charset="UTF-8"').send({ error: 'the 3CX call journal needs the user and password set in SALON_3CX_REPORT_USER and SALON_3CX_REPORT_PASSWORD', details: [] });
    }
  });

  app.post('/3cx/report', { schema: { body: ReportBody } }, async (request) => {
    // Every event is checked before the first is stored: a report is taken whole or not at all.
    const events = reportCallEvents(request.body).map(checkedCallEvent);
    for (const event of events) await ingest.recordCall(event);
    return { ok: true, call_sid: events[0]!.call_sid };
  });
};
