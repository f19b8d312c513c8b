import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RefusalLimit } from './refusal-limit.js';

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost|::ffff:127(\.\d{1,3}){3})$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}

export class UnsafeBindError extends Error {
  constructor(host: string) {
    super(
      `refusing to listen on ${host} without a webhook token: anyone on the network could read and change the salon's data. ` +
        'Set SALON_WEBHOOK_TOKEN (or the webhook token in Settings), or listen on 127.0.0.1.',
    );
    this.name = 'UnsafeBindError';
  }
}

/** Off loopback, a token is not optional. */
export function assertSafeBind(host: string, token: string | undefined): void {
  if (!isLoopback(host) && !token) throw new UnsafeBindError(host);
}

/** Compared in constant time (for equal lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `?token=` as the query spells it: the name exactly so (`%74oken` is another parameter, which
 * the log's redaction would also have to guess), and once. Its value is percent-decoded.
 */
function queryToken(url: string): string | undefined {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const values = query.split('&').filter((p) => p.startsWith('token='));
  if (values.length !== 1) return undefined;
  try {
    return decodeURIComponent(values[0]!.slice('token='.length).replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  // Browsers cannot set headers on a WebSocket, so the live feed takes the token in the query.
  if (request.headers.upgrade?.toLowerCase() === 'websocket') return queryToken(request.url);
  return undefined;
}

/** `/salon` and every path under it. */
export function isSalonPath(path: string | undefined): boolean {
  return path !== undefined && (path === '/salon' || path.startsWith('/salon/'));
}

/** With a token set, every `/salon` route asks for it; `/health` and the dashboard's files do not. */
export function installTokenCheck(app: FastifyInstance, token: () => string | undefined): void {
  const limit = new RefusalLimit();
  app.addHook('onRequest', async (request, reply) => {
    const expected = token();
    if (!expected) return;
    // The route that will answer counts, not only the raw URL: the router decodes `/%73alon/call` to `/salon/call`.
    if (!isSalonPath(request.routeOptions.url) && !isSalonPath(request.url.split('?')[0])) return;
    const given = presentedToken(request);
    const peer = request.socket.remoteAddress ?? '';
    const wait = given ? limit.wait(peer) : 0;
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      request.log.warn({ path: request.url.split('?')[0] }, 'refused: too many wrong tokens');
      return reply.code(429).header('retry-after', String(seconds)).send({ error: `too many wrong tokens from this address: try again in ${seconds} s`, details: [] });
    }
    if (!given || !sameSecret(given, expected)) {
      if (given) limit.refused(peer);
      // Logged here: the webhooks have no request lines of fastify's, and a phone system with the wrong token is worth finding.
      request.log.warn({ path: request.url.split('?')[0] }, given ? 'refused: wrong token' : 'refused: missing token');
      return reply.code(401).send({ error: given ? 'wrong token' : 'missing token: send Authorization: Bearer <token>', details: [] });
    }
  });
}
