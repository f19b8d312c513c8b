/** `npm run serve -- [--host H] [--port P] [--db PATH]`: the salon, headless. */
import { resolveConfig } from '../config/config.js';
import { startServer } from '../server/start.js';
import { exitWithReason } from './exit.js';
import { ensureRendererBuilt } from './ensure-renderer.js';

try {
  const { config } = resolveConfig(process.argv.slice(2), process.env, process.cwd());
  await ensureRendererBuilt();
  const server = await startServer(config);
  console.log(`listening on ${server.url}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  exitWithReason(err);
}
