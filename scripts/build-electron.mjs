// Bundles the Electron main process (ESM) and the preload (CommonJS: sandboxed preloads
// cannot load ES modules) into dist-electron/. Dependencies stay unbundled in node_modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.js', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs', format: 'cjs', external: ['electron'] }),
  // The CSV import's worker thread, loaded from beside main.js (see electron/core/csv/import-thread.ts).
  build({ ...common, entryPoints: ['electron/core/csv/import-worker.ts'], outfile: 'dist-electron/import-worker.js', format: 'esm', packages: 'external' }),
]);
console.log('built dist-electron/main.js, dist-electron/import-worker.js and dist-electron/preload.cjs');
