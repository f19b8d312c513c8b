import { net, protocol } from 'electron';
import { extname, join, normalize, relative, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './security.js';
import { APP_ORIGIN } from '../server/host-origin.js';

/** The dashboard's own origin (its files are served from `app://salon/`, never from file://); the listener takes requests from it. */
export { APP_ORIGIN };

/** Must run before the app is ready. */
export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer under `app://salon/`, with the Content-Security-Policy on every answer. */
export function serveRenderer(dir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const path = normalize(join(dir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    const inside = relative(dir, path);
    if (url.host !== 'salon' || inside.startsWith('..') || isAbsolute(inside)) return new Response('not found', { status: 404 });
    const file = await net.fetch(pathToFileURL(extname(path) ? path : join(dir, 'index.html')).toString());
    const headers = new Headers(file.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(file.body, { status: file.status, headers });
  });
}
