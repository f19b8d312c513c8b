import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { ClientRequest, IncomingMessage } from 'node:http';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist-renderer', import.meta.url));

const API = 'http://127.0.0.1:5002';
const DEV_ORIGINS = new Set(['http://localhost:5173', 'http://127.0.0.1:5173']);

function asOwnOrigin(proxy: { on(event: 'proxyReq' | 'proxyReqWs', listener: (proxyReq: ClientRequest, req: IncomingMessage) => void): void }): void {
  const rewrite = (proxyReq: ClientRequest, req: IncomingMessage) => {
    if (DEV_ORIGINS.has(req.headers.origin ?? '')) proxyReq.setHeader('origin', API);
  };
  proxy.on('proxyReq', rewrite);
  proxy.on('proxyReqWs', rewrite);
}

/** The dashboard: `renderer/` → `dist-renderer/`, loaded by the Electron window and served by the headless server at `/`. */
export default defineConfig({
  root,
  // Relative asset URLs: the same build works from `file://` in the app and from `/` over HTTP.
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
    // No inline polyfill script: the page runs under a CSP without 'unsafe-inline'.
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    strictPort: true,
    // `npm run dev:renderer` against `npm run serve` on its default port. The server takes
    // requests only from its own origin: this page's becomes the server's on the way through
    // (another page's stays as it was, and is refused).
    proxy: {
      '/salon': { target: API, ws: true, configure: asOwnOrigin },
      '/health': API,
    },
  },
});
