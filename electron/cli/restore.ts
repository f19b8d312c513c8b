/** `npm run restore -- FILE [--db PATH] [--host H] [--port P]`: puts a backup in place of the database. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../config/config.js';
import { backupDirFor, backupPrefix, listBackups } from '../backup/backup.js';
import { restoreBackup, somethingListens } from '../backup/restore.js';
import { exitWithReason } from './exit.js';

const USAGE = `usage: npm run restore -- FILE [--db PATH] [--host H] [--port P] [--backup-dir DIR]
  FILE   a backup file (a path, or a name in the backup folder)
  The server and the desktop app must be stopped first. The backup is checked with SQLite's
  integrity check before anything changes; the current database is kept beside it as
  <name>.before-restore-<time>.db.`;

try {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { db: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, 'backup-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  const flags = (['db', 'host', 'port', 'backup-dir'] as const).flatMap((k) => (values[k] === undefined ? [] : [`--${k}`, values[k]!]));
  const { config } = resolveConfig(flags, process.env, process.cwd());
  const dir = backupDirFor(config.dbPath, config.backupDir);
  if (values.help || positionals.length !== 1) {
    const backups = listBackups(dir, backupPrefix(config.dbPath));
    const list = backups.length ? backups.map((b) => `  ${b.path}`).join('\n') : `  (none in ${dir})`;
    console.log(`${USAGE}\n\nbackups of ${config.dbPath}, newest first:\n${list}`);
    process.exit(values.help ? 0 : 1);
  }
  const given = positionals[0]!;
  const file = existsSync(resolve(given)) || !existsSync(join(dir, given)) ? resolve(given) : join(dir, given);
  if (await somethingListens(config.host, config.port)) {
    throw new Error(
      `refusing to restore: the salon server appears to be running (something answers on ${config.host}:${config.port}). ` +
        'Stop it (the npm run serve window, or quit the desktop app) and run the restore again; nothing was changed.',
    );
  }
  const result = restoreBackup(file, config.dbPath);
  console.log(`restored ${result.restoredFrom}`);
  console.log(`  into ${result.dbPath} (schema ${result.schemaVersion}; integrity check ok)`);
  console.log(result.setAside ? `  the database it replaced is kept as ${result.setAside}` : '  there was no database there before');
} catch (err) {
  exitWithReason(err);
}
