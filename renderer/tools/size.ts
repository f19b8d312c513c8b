/**
 * `npm run size`: the JavaScript a browser must load before the dashboard shows (the entry
 * script and the chunks it preloads), gzipped, against the 350 KB budget. Lazy chunks (the
 * other tabs, recharts) are listed apart. Builds the renderer first when it is missing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureRendererBuilt, RENDERER_OUT } from '../../electron/cli/ensure-renderer.js';

const BUDGET_BYTES = 350 * 1024;

await ensureRendererBuilt({ ifStale: true });
const html = readFileSync(join(RENDERER_OUT, 'index.html'), 'utf8');
const initial = new Set<string>();
for (const m of html.matchAll(/<script[^>]+src="\.?\/?([^"]+\.js)"/g)) initial.add(m[1]!);
for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.?\/?([^"]+\.js)"/g)) initial.add(m[1]!);

const gz = (file: string) => gzipSync(readFileSync(join(RENDERER_OUT, file)), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

let total = 0;
console.log('initial JavaScript (loaded before the dashboard shows):');
for (const file of initial) {
  const size = gz(file);
  total += size;
  console.log(`  ${file.padEnd(40)} ${kb(size).padStart(10)} gzipped`);
}
console.log('loaded later, when a tab needs it:');
for (const file of readdirSync(join(RENDERER_OUT, 'assets')).filter((f) => f.endsWith('.js') && !initial.has(`assets/${f}`))) {
  console.log(`  ${`assets/${file}`.padEnd(40)} ${kb(gz(join('assets', file))).padStart(10)} gzipped`);
}
console.log(`initial JS: ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)})`);
if (total > BUDGET_BYTES) {
  console.error('over budget: lazy-load more of the renderer');
  process.exit(1);
}
