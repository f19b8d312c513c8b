import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

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

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  // Browsers cannot set headers on a WebSocket, so the live feed takes the token in the query.
  if (request.headers.upgrade?.toLowerCase() === 'websocket') {
    return new URL(request.url, 'http://x').searchParams.get('token') ?? undefined;
  }
  return undefined;
}

/** With a token set, every `/salon` route asks for it; `/health` and the dashboard's files do not. */
export function installTokenCheck(app: FastifyInstance, token: () => string | undefined): void {
  app.addHook('onRequest', async (request, reply) => {
    const expected = token();
    if (!expected) return;
    // The route that will answer counts, not only the raw URL: the router decodes `/%73alon/call` to `/salon/call`.
    const underSalon = (path: string | undefined) => path !== undefined && (path === '/salon' || path.startsWith('/salon/'));
    if (!underSalon(request.routeOptions.url) && !underSalon(request.url.split('?')[0])) return;
    const given = presentedToken(request);
    if (!given || !sameSecret(given, expected)) {
      // Logged here: the webhooks have no request lines of fastify's, and a phone system with the wrong token is worth finding.
      request.log.warn({ path: request.url.split('?')[0] }, given ? 'refused: wrong token' : 'refused: missing token');
      return reply.code(401).send({ error: given ? 'wrong token' : 'missing token: send Authorization: Bearer <token>', details: [] });
    }
  });
}
