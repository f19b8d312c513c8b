import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist-renderer', import.meta.url));

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
    // `npm run dev:renderer` against `npm run serve` on its default port.
    proxy: {
      '/salon': { target: 'http://127.0.0.1:5002', ws: true },
      '/health': 'http://127.0.0.1:5002',
    },
  },
});
