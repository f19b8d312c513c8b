/** `npm run serve -- [--host H] [--port P] [--db PATH]`: the salon, headless. */
import { resolveConfig } from '../config/config.js';
import { startServer } from '../server/start.js';
import { exitWithReason } from './exit.js';
import { ensureRendererBuilt } from './ensure-renderer.js';
import { WeeklyScheduler } from '../scheduler/scheduler.js';
import { reportsDirFor } from '../scheduler/report-files.js';
import { DailyBackup } from '../backup/scheduler.js';
import { backupDirFor } from '../backup/backup.js';

try {
  const { config } = resolveConfig(process.argv.slice(2), process.env, process.cwd());
  await ensureRendererBuilt();
  // The handlers know the backup folder (Settings → Backups); restoring and changing the port
  // are left to the command line here (no hooks: the API answers 409 with the command).
  const server = await startServer(config, {}, { backupDir: backupDirFor(config.dbPath, config.backupDir) });
  console.log(`listening on ${server.url}`);
  // The weekly close: missed weeks now, then every Monday 00:00 salon time; reports next to the database.
  const scheduler = new WeeklyScheduler(server.salon, { reportsDir: reportsDirFor(config.dbPath) });
  scheduler.start();
  // The daily backup: now if the newest is a day old (or there is none), then every 24 hours.
  const backups = new DailyBackup(server.salon.db, {
    dir: backupDirFor(config.dbPath, config.backupDir),
    onBackup: (b) => console.log(`backup: ${b.path}`),
    onError: (err) => console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`),
  });
  void backups.start();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    scheduler.stop();
    await backups.stop();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  exitWithReason(err);
}
