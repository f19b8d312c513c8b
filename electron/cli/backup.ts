/** `npm run backup -- [--db PATH] [--backup-dir DIR]`: a backup of the database now; prints the file. */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { resolveConfig } from '../config/config.js';
import { backupDirFor, createBackup, listBackups, backupPrefix } from '../backup/backup.js';
import { exitWithReason } from './exit.js';

try {
  const { config } = resolveConfig(process.argv.slice(2), process.env, process.cwd());
  if (!existsSync(config.dbPath)) throw new Error(`there is no database at ${config.dbPath} to back up (pass --db PATH or set SALON_DB_PATH)`);
  const dir = backupDirFor(config.dbPath, config.backupDir);
  // Its own connection: the server may be running, and keeps working while the copy is made.
  const db = new Database(config.dbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const result = await createBackup(db, { dir });
    const kept = listBackups(dir, backupPrefix(config.dbPath)).length;
    console.log(result.path);
    console.log(
      `  ${(result.bytes / 1048576).toFixed(1)} MB, checked; ${kept} backup${kept === 1 ? '' : 's'} kept in ${dir}` +
        (result.deleted.length ? `; ${result.deleted.length} older removed by the retention rule (7 daily, 4 weekly, 12 monthly)` : ''),
    );
  } finally {
    db.close();
  }
} catch (err) {
  exitWithReason(err);
}
