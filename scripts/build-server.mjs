// Bundles the headless server's command (electron/cli/serve.ts) into dist-server/serve.js,
// which `npm run serve` runs with plain node: no TypeScript loader in the server's process
// (tsx's hooks and esbuild kept about 45 MB resident). Dependencies stay in node_modules.
// Each file is written beside its place and renamed over it, so a server starting meanwhile
// never loads half a bundle.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

// The CSV import's worker thread (electron/core/csv/import-worker.ts) is loaded from beside serve.js.
const { outputFiles } = await build({
  entryPoints: { serve: 'electron/cli/serve.ts', 'import-worker': 'electron/core/csv/import-worker.ts' },
  outdir: 'dist-server',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  write: false,
});
for (const file of outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
