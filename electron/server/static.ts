/**
 * The dashboard as a web page: the built renderer (`dist-renderer/`) served at `/`, same
 * origin as the API, under a strict Content-Security-Policy. The page's own files never ask
 * for the webhook token; the API it calls does.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the built renderer is: beside the sources (`electron/server/` → repo root), beside a bundle, or in the working directory. */
export function findRendererDir(): string | undefined {
  const candidates = [
    process.env.SALON_RENDERER_DIR,
    resolve(here, '../../dist-renderer'),
    resolve(here, '../dist-renderer'),
    resolve(process.cwd(), 'dist-renderer'),
  ];
  return candidates.find((dir): dir is string => !!dir && existsSync(join(dir, 'index.html')));
}

const HOST = /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/;

/**
 * Scripts, styles, images and connections from this origin only; the live feed's WebSocket is
 * named by the host the page came from (`'self'` does not cover ws: in every browser).
 * No inline script, no eval; recharts sets its styles through the DOM, which `style-src 'self'` allows.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function pageHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', contentSecurityPolicy(reply.request.headers.host));
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cache-control', 'no-cache');
}

/** Whether a URL path names a file inside the folder once links are followed (a path that is not there is let through, to a 404). */
function staysInside(realRoot: string, pathName: string): boolean {
  let real: string;
  try {
    real = realpathSync(join(realRoot, pathName));
  } catch {
    return true;
  }
  const inside = relative(realRoot, real);
  return !inside.startsWith('..') && !isAbsolute(inside);
}

/** Registers `/` and the page's assets; when the renderer is not built, `/` says how to build it. */
export async function installDashboard(app: FastifyInstance, dir: string | undefined = findRendererDir()): Promise<void> {
  if (!dir) {
    app.get('/', async (_request, reply) => {
      pageHeaders(reply);
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Salon Front Desk</title>' +
            '<p>The dashboard is not built yet. Run <code>npm run build:renderer</code> (or restart <code>npm run serve</code>, which builds it), then reload this page.</p>' +
            '<p>The API is running: <a href="/health">/health</a>.</p>',
        );
    });
    return;
  }
  const realRoot = realpathSync(dir);
  await app.register(fastifyStatic, {
    root: realRoot,
    // A symbolic link that leads out of the folder is not served (a 404, as if it were not there).
    allowedPath: (pathName) => staysInside(realRoot, pathName),
    prefix: '/',
    index: 'index.html',
    wildcard: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      if (path.endsWith('.html')) pageHeaders(reply);
      else {
        reply.header('x-content-type-options', 'nosniff');
        // Vite names every asset by its content hash: it never changes under the same name.
        reply.header('cache-control', path.includes(`${join('assets', '')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      }
    },
  });
}
