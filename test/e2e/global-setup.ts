/**
 * Vitest global setup: builds the dashboard once before the suite when `dist-renderer/` is
 * missing or older than a renderer source, so that every browser test serves the current UI
 * and none of them builds anything itself.
 */
import { ensureRendererBuilt } from '../../electron/cli/ensure-renderer.js';

export default async function setup(): Promise<void> {
  const built = await ensureRendererBuilt({ ifStale: true, log: (line) => console.log(`[renderer] ${line}`) });
  if (!built) throw new Error('the renderer could not be built; see the lines above');
}
