/**
 * The listener's first gate, ahead of every route (the dashboard's files and the WebSocket
 * upgrade included): which `Host` a request names and which page sent it. A web page cannot
 * use the listener through the browser of someone at the desk: not through a DNS name rebound
 * to 127.0.0.1 (its Host is not ours), nor from another site or port (its Origin is not ours).
 */
import { networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { isLoopback } from './auth.js';

/** The desktop app's own origin: its renderer is served from `app://salon/`. */
export const APP_ORIGIN = 'app://salon';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

export interface HostPolicy {
  /** The address the listener is bound to (`--host`). */
  bind: string;
  /** `SALON_ALLOWED_HOSTS`: more names to answer to, with a token and a bind off loopback. */
  allowedHosts?: readonly string[];
  /** The webhook token, read at each request (Settings may change it). */
  token: () => string | undefined;
}

/** A host name as a Host header and a URL spell it: lower case, an IPv6 address in brackets. */
export function hostName(name: string): string {
  const lower = name.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/** The names a bind address is reached by: a wildcard is reached by every address of the machine. */
function boundNames(bind: string): string[] {
  if (!WILDCARDS.has(bind)) return [bind];
  return Object.values(networkInterfaces())
    .flat()
    .map((i) => i!.address);
}

/** The host part of a Host header (`name` or `name:port`, IPv6 in brackets); null when it is not one. */
function hostOfHeader(header: string | undefined): string | null {
  const match = header === undefined ? null : /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(header);
  return match ? hostName(match[1]!) : null;
}

/**
 * The dashboard's own origins: `app://salon`, and a served host on the listener's port, or on
 * the port the request's Host names (the page's own address behind a port mapping or a proxy
 * that keeps the Host: a page on another origin cannot make its Host match its Origin).
 */
function ownOrigin(origin: string, served: (host: string) => boolean, port: number, host: string): boolean {
  if (origin === APP_ORIGIN) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) return false;
  return served(url.hostname) && (Number(url.port || (url.protocol === 'https:' ? 443 : 80)) === port || url.host === host);
}

/** Answers 421 to a Host not served, and 403 to an Origin that is not the dashboard's own; never sends CORS headers. */
export function installHostOriginCheck(app: FastifyInstance, policy: HostPolicy): void {
  const loopback = new Set(LOOPBACK_HOSTS);
  const extra = isLoopback(policy.bind) ? new Set<string>() : new Set([...boundNames(policy.bind), ...(policy.allowedHosts ?? [])].map(hostName));
  const served = (host: string) => loopback.has(host) || (extra.has(host) && !!policy.token());

  app.addHook('onRequest', async (request, reply) => {
    const host = hostOfHeader(request.headers.host);
    if (host === null || !served(host)) {
      return reply.code(421).send({
        error:
          `this server does not answer to the Host ${JSON.stringify((request.headers.host ?? '').slice(0, 100))}. ` +
          'It answers to 127.0.0.1, localhost and [::1]; with a webhook token and a --host other than loopback, also to that address and to the names listed in SALON_ALLOWED_HOSTS.',
        details: [],
      });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !ownOrigin(origin, served, request.socket.localPort ?? 0, request.headers.host!.toLowerCase())) {
      return reply.code(403).send({
        error: `requests from the page at ${JSON.stringify(origin.slice(0, 100))} are refused: only the dashboard's own pages (and clients that send no Origin) may use this server`,
        details: [],
      });
    }
  });
}
