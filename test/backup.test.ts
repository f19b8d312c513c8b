import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, schemaVersion } from '../electron/core/db.js';
import { migrations, type Migration } from '../electron/core/migrations.js';
import { Salon } from '../electron/core/salon.js';
import { ManualClock } from '../electron/core/clock.js';
import { ManualTimer } from '../electron/scheduler/timer.js';
import { backupBeforeMigrate, backupFileName, createBackup, listBackups, pruneBackups, BackupError } from '../electron/backup/backup.js';
import { backupsToDelete } from '../electron/backup/retention.js';
import { DailyBackup } from '../electron/backup/scheduler.js';
import { restoreBackup, RestoreError } from '../electron/backup/restore.js';
import { startTestServer, type TestServer } from './support/server.js';
import { cleanEnv, REPO_ROOT, runCli, tableCounts } from './support/child.js';

const ZONE = 'America/Chicago';
const STAMPED = /^salon-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.db$/;
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

/** A small week of business in the week of 2026-03-02 (salon time): calls, bookings, a completed visit. */
async function postWeek(server: TestServer, tag: string): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await server.request('POST', path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  for (let i = 0; i < 6; i++) {
    const sid = `CA-${tag}-${i}`;
    const at = Date.parse('2026-03-03T15:00:00Z') + i * 3_600_000;
    await post('/salon/call', { event: 'started', call_sid: sid, from: `+1312555${String(100 + i).padStart(4, '0')}`, timestamp: iso(at) });
    await post('/salon/call', { event: 'ended', call_sid: sid, status: i % 3 === 0 ? 'no-answer' : 'completed', duration_sec: i % 3 === 0 ? 0 : 120, timestamp: iso(at + 120_000) });
    if (i % 2 === 1) {
      const id = `apt-${tag}-${i}`;
      await post('/salon/appointment', { appointment_id: id, call_sid: sid, customer: { name: `Client ${i}`, phone: `+1312555${String(100 + i).padStart(4, '0')}` }, service: 'Haircut', start: '2026-03-04T10:00:00-06:00', timestamp: iso(at + 60_000) });
      if (i === 1) await post('/salon/appointment', { event: 'completed', appointment_id: id, timestamp: '2026-03-04T11:00:00-06:00' });
    }
  }
}

function figuresOf(dbPath: string) {
  const salon = new Salon(dbPath, { overrides: { timezone: ZONE } });
  try {
    return salon.weeklyMetrics({ weeks_back: 2, until: '2026-03-04' });
  } finally {
    salon.close();
  }
}

describe('backups', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'salon-backup-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('of a live database', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
      await postWeek(server, 'live');
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('an online backup taken while the server runs gives a file with the same figures and rows, and the server keeps taking events', async () => {
      const backupDir = join(dir, 'live-backups');
      // Events arrive while the backup is being made: the copy is a consistent snapshot, whatever it includes.
      const during = server.request('POST', '/salon/call', { event: 'started', call_sid: 'CA-during', from: '+13125550999', timestamp: '2026-03-10T15:00:00Z' });
      const result = await createBackup(server.salon.db, { dir: backupDir });
      expect((await during).status).toBe(200);

      expect(basename(result.path)).toMatch(STAMPED);
      expect(listBackups(backupDir, 'salon').map((b) => b.path)).toEqual([result.path]);
      // Named with the UTC time it was taken.
      expect(Math.abs(result.takenAt - Date.now())).toBeLessThan(60_000);
      // A self-contained file: no -wal beside it, and SQLite finds nothing wrong with it.
      expect(existsSync(`${result.path}-wal`)).toBe(false);
      const copy = new Database(result.path, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const live = new Database(server.dbPath, { readonly: true });
      const liveCounts = tableCounts(live);
      live.close();
      const copyCounts = tableCounts(copy);
      copy.close();
      // The call posted meanwhile is the only possible difference; the week's business is all there.
      expect({ ...copyCounts, calls: liveCounts.calls, events: liveCounts.events }).toEqual(liveCounts);
      expect(copyCounts.calls).toBeGreaterThanOrEqual(6);

      const served = await server.request('GET', '/salon/metrics/weekly?weeks_back=2&until=2026-03-04');
      expect(served.status).toBe(200);
      const fromCopy = figuresOf(result.path);
      expect(fromCopy).toEqual(served.body);
      expect(fromCopy.weeks[1]).toMatchObject({ week_start: '2026-03-02', calls_total: 6, calls_missed: 2, appointments_booked: 3, revenue_cents: 4500 });

      const after = await server.request('POST', '/salon/call', { event: 'started', call_sid: 'CA-after', from: '+13125550998' });
      expect(after.status).toBe(200);
    });

    it('npm run backup backs up the running server\'s database and prints the file', async () => {
      const backupDir = join(dir, 'cli-backups');
      const child = runCli('backup', ['--db', server.dbPath], cleanEnv({ SALON_BACKUP_DIR: backupDir }));
      expect(await child.exited(), child.stderr()).toBe(0);
      const printed = child.stdout().split('\n')[0]!;
      expect(printed.startsWith(backupDir)).toBe(true);
      expect(basename(printed)).toMatch(STAMPED);
      expect(existsSync(printed)).toBe(true);
      expect(figuresOf(printed)).toEqual((await server.request('GET', '/salon/metrics/weekly?weeks_back=2&until=2026-03-04')).body);
    });
  });

  it('retention keeps exactly the newest backup of each of the last 7 days, 4 ISO weeks and 12 months over a crafted 400-day list of files', () => {
    const backupDir = join(dir, 'retention');
    mkdirSync(backupDir);
    const now = Date.parse('2026-03-04T18:00:00Z'); // a Wednesday
    const day = 86_400_000;
    const first = Date.parse('2026-03-04T00:00:00Z') - 399 * day;
    const made: string[] = [];
    const touch = (name: string) => {
      writeFileSync(join(backupDir, name), '');
      made.push(name);
    };
    // Two backups a day for 400 days (01:00 and 13:00 UTC), and one before a migration on 2026-03-03 at 14:00.
    for (let d = first; d <= now; d += day) {
      touch(backupFileName('salon', d + 3_600_000));
      touch(backupFileName('salon', d + 13 * 3_600_000));
    }
    touch(backupFileName('salon', Date.parse('2026-03-03T14:00:00Z'), 'before-migration-v1-to-v2'));
    // Not ours: another database's backups, a half-written one, an unrelated file.
    writeFileSync(join(backupDir, backupFileName('other', first)), '');
    writeFileSync(join(backupDir, `${backupFileName('salon', now - day)}.partial`), '');
    writeFileSync(join(backupDir, 'notes.txt'), '');
    expect(made).toHaveLength(801);

    const deleted = pruneBackups(backupDir, 'salon', now);

    const kept = [
      // the last 7 days
      '2026-03-04T13', '2026-03-03T14', '2026-03-02T13', '2026-03-01T13', '2026-02-28T13', '2026-02-27T13', '2026-02-26T13',
      // the last 4 ISO weeks (Monday to Sunday): this week's is today's, last week's is Sunday 03-01's; then
      '2026-02-22T13', '2026-02-15T13',
      // the last 12 months: March is today's, February is 02-28's; then each month's last day
      '2026-01-31T13', '2025-12-31T13', '2025-11-30T13', '2025-10-31T13', '2025-09-30T13', '2025-08-31T13',
      '2025-07-31T13', '2025-06-30T13', '2025-05-31T13', '2025-04-30T13',
    ];
    const remaining = listBackups(backupDir, 'salon').map((b) => iso(b.takenAt).slice(0, 13));
    expect(remaining).toEqual(kept);
    expect(deleted).toHaveLength(801 - kept.length);
    expect(readdirSync(backupDir).filter((n) => n.endsWith('-before-migration-v1-to-v2.db'))).toHaveLength(1);
    // The other files are left alone (a fresh .partial may be a backup in progress).
    expect(existsSync(join(backupDir, backupFileName('other', first)))).toBe(true);
    expect(existsSync(join(backupDir, `${backupFileName('salon', now - day)}.partial`))).toBe(true);
    expect(existsSync(join(backupDir, 'notes.txt'))).toBe(true);
  });

  it('retention as a pure function of (times, now): week and month edges in UTC, the newest always kept, future-dated kept', () => {
    const t = (s: string) => Date.parse(s);
    const now = t('2026-03-02T00:00:00Z'); // Monday 00:00: a new ISO week and a new day
    // Sunday 23:59 belongs to last week; two Sunday backups: only the newer is that day's and that week's.
    expect(backupsToDelete([t('2026-03-01T23:59:59.999Z'), t('2026-03-01T08:00:00Z')], now)).toEqual([t('2026-03-01T08:00:00Z')]);
    // A backup older than every period is still kept when it is the only one (never leave none).
    expect(backupsToDelete([t('2020-01-01T00:00:00Z')], now)).toEqual([]);
    // ...and deleted once there is a newer one.
    expect(backupsToDelete([t('2020-01-01T00:00:00Z'), t('2026-03-02T00:00:00Z')], now)).toEqual([t('2020-01-01T00:00:00Z')]);
    // A backup dated after now (the clock was moved back) is not deleted.
    expect(backupsToDelete([t('2026-03-05T00:00:00Z'), t('2026-03-02T00:00:00Z')], now)).toEqual([]);
    // The 12 months are March 2026 back to April 2025: April 2025 is in, March 2025 is out.
    const april2025 = t('2025-04-01T00:00:00Z');
    const march2025 = t('2025-03-31T23:59:59.999Z');
    expect(backupsToDelete([now, april2025, march2025], now)).toEqual([march2025]);
    expect(backupsToDelete([], now)).toEqual([]);
  });

  it('the daily backup runs at start when there is none, then again once the newest is 24 h old, and not before', async () => {
    const dbPath = join(dir, 'daily', 'salon.db');
    mkdirSync(join(dir, 'daily'));
    const backupDir = join(dir, 'daily', 'backups');
    const clock = new ManualClock(Date.parse('2026-03-04T09:30:00Z'));
    const timer = new ManualTimer(clock);
    const salon = new Salon(dbPath, { clock, overrides: { timezone: ZONE } });
    const daily = new DailyBackup(salon.db, { dir: backupDir, clock, timer });
    const times = () => listBackups(backupDir, 'salon').map((b) => iso(b.takenAt)).reverse();
    try {
      await daily.start();
      expect(times()).toEqual(['2026-03-04T09:30:00.000Z']);
      // It looks at least hourly; nothing is due for 24 hours.
      expect(timer.nextAt! - clock.now()).toBeLessThanOrEqual(3_600_000);
      timer.advanceTo(Date.parse('2026-03-05T09:29:00Z'));
      await vi.waitFor(() => expect(timer.size).toBe(1));
      expect(times()).toHaveLength(1);
      timer.advanceTo(Date.parse('2026-03-05T09:30:00Z'));
      await vi.waitFor(() => expect(times()).toEqual(['2026-03-04T09:30:00.000Z', '2026-03-05T09:30:00.000Z']));
      // A restart within the day does not take another one.
      await daily.stop();
      clock.set(Date.parse('2026-03-05T20:00:00Z'));
      const again = new DailyBackup(salon.db, { dir: backupDir, clock, timer: new ManualTimer(clock) });
      await again.start();
      await again.stop();
      expect(times()).toHaveLength(2);
    } finally {
      await daily.stop();
      salon.close();
    }
  });

  it('npm run serve takes a backup at start when there is none, into SALON_BACKUP_DIR, and says where', async () => {
    const dbPath = join(dir, 'serve', 'salon.db');
    const backupDir = join(dir, 'serve-backups');
    const child = runCli('serve', ['--port', '0', '--db', dbPath], cleanEnv({ SALON_BACKUP_DIR: backupDir }));
    try {
      await child.listening();
      await vi.waitFor(() => expect(child.stdout()).toMatch(/^backup: /m), { timeout: 10_000, interval: 100 });
      const printed = /^backup: (.+)$/m.exec(child.stdout())![1]!;
      expect(printed.startsWith(backupDir)).toBe(true);
      expect(basename(printed)).toMatch(STAMPED);
      expect(listBackups(backupDir, 'salon').map((b) => b.path)).toEqual([printed]);
      child.kill('SIGTERM');
      expect(await child.exited()).toBe(0);
    } finally {
      child.kill();
    }
  });

  describe('restore', () => {
    /** A salon database with a week of business, and a backup of it; then one more call in the current file only. */
    async function prepared(name: string) {
      const folder = join(dir, name);
      mkdirSync(folder);
      const server = await startTestServer({ dbPath: join(folder, 'salon.db') });
      await postWeek(server, name);
      const backup = await createBackup(server.salon.db, { dir: join(folder, 'backups') });
      const before = await server.request('GET', '/salon/metrics/weekly?weeks_back=2&until=2026-03-04');
      await server.stop();
      return { folder, dbPath: join(folder, 'salon.db'), backup: backup.path, figures: before.body };
    }

    /** Writes one call into the database and dies without closing it, leaving the change in its -wal file. */
    function writeAndCrash(dbPath: string): void {
      const script = `
        const Database = require('better-sqlite3');
        const db = new Database(${JSON.stringify(dbPath)});
        db.pragma('wal_autocheckpoint = 0');
        db.prepare("INSERT INTO settings (key, value) VALUES ('marker', 'after the backup')").run();
        process.kill(process.pid, 'SIGKILL');`;
      spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT });
    }

    it('restore of a good backup brings the data back and keeps the current database aside, with its -wal', async () => {
      const { folder, dbPath, backup, figures } = await prepared('restore-good');
      writeAndCrash(dbPath);
      expect(existsSync(`${dbPath}-wal`)).toBe(true);
      const now = Date.parse('2026-03-05T12:00:00Z');

      const result = restoreBackup(backup, dbPath, now);

      const aside = join(folder, 'salon.before-restore-2026-03-05T12-00-00-000Z.db');
      expect(result).toMatchObject({ restoredFrom: backup, dbPath, setAside: aside, schemaVersion: migrations[migrations.length - 1]!.version });
      // The replaced database, with its -wal beside it: opened there, it still has the change made after the backup.
      expect(existsSync(aside)).toBe(true);
      expect(existsSync(`${aside}-wal`)).toBe(true);
      const old = new Database(aside, { readonly: true });
      expect(old.prepare(`SELECT value FROM settings WHERE key = 'marker'`).get()).toEqual({ value: 'after the backup' });
      old.close();
      // The database is the backup: same figures, no marker, no stray -wal of the old file.
      expect(existsSync(`${dbPath}-wal`)).toBe(false);
      const restored = new Database(dbPath, { readonly: true });
      expect(restored.prepare(`SELECT value FROM settings WHERE key = 'marker'`).get()).toBeUndefined();
      restored.close();
      expect(figuresOf(dbPath)).toEqual(figures);
      // The backup itself is untouched and no working files are left behind.
      expect(existsSync(backup)).toBe(true);
      expect(readdirSync(folder).filter((n) => n.includes('restoring'))).toEqual([]);
    });

    it('restore of a corrupted backup is refused with a clear message and changes nothing', async () => {
      const { folder, dbPath, backup } = await prepared('restore-bad');
      // Corrupt the calls table's page: its cell pointers now point outside the page.
      const probe = new Database(backup, { readonly: true });
      const pageSize = probe.pragma('page_size', { simple: true }) as number;
      const { rootpage } = probe.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'calls'`).get() as { rootpage: number };
      probe.close();
      const bad = join(folder, 'corrupted.db');
      copyFileSync(backup, bad);
      const fd = openSync(bad, 'r+');
      writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (rootpage - 1) * pageSize + 8);
      closeSync(fd);

      const listing = readdirSync(folder).sort();
      const dbHash = hash(dbPath);
      expect(() => restoreBackup(bad, dbPath)).toThrow(RestoreError);
      expect(() => restoreBackup(bad, dbPath)).toThrow(/corrupted\.db failed SQLite's integrity check .*it was not restored/);
      // Not a database at all: refused too.
      const junk = join(folder, 'junk.db');
      writeFileSync(junk, 'this is not a database'.repeat(300));
      expect(() => restoreBackup(junk, dbPath)).toThrow(/junk\.db is not a readable SQLite database/);
      rmSync(junk);
      expect(hash(dbPath)).toBe(dbHash);
      expect(readdirSync(folder).sort()).toEqual(listing);

      // The command says so too, and exits 1.
      const child = runCli('restore', [bad, '--db', dbPath, '--port', '1'], cleanEnv());
      expect(await child.exited()).toBe(1);
      expect(child.stderr()).toMatch(/error: .*corrupted\.db failed SQLite's integrity check/);
      expect(hash(dbPath)).toBe(dbHash);
      expect(readdirSync(folder).sort()).toEqual(listing);
    });

    it('npm run restore refuses while the server is running on the configured port, and changes nothing', async () => {
      const folder = join(dir, 'restore-running');
      mkdirSync(folder);
      const server = await startTestServer({ dbPath: join(folder, 'salon.db') });
      try {
        await postWeek(server, 'running');
        const backup = await createBackup(server.salon.db, { dir: join(folder, 'backups') });
        const listing = readdirSync(folder).sort();
        const port = new URL(server.url).port;
        const child = runCli('restore', [backup.path, '--db', server.dbPath, '--port', port], cleanEnv());
        expect(await child.exited()).toBe(1);
        expect(child.stderr()).toContain(`refusing to restore: the salon server appears to be running (something answers on 127.0.0.1:${port})`);
        expect(readdirSync(folder).sort()).toEqual(listing);
        expect((await server.request('GET', '/health')).status).toBe(200);
      } finally {
        await server.stop();
      }
    });
  });

  describe('before a migration', () => {
    const v1: Migration = { version: 1, name: 'bookings', up: (db) => db.exec(`CREATE TABLE bookings (id INTEGER PRIMARY KEY, who TEXT NOT NULL)`) };
    const v2: Migration = {
      version: 2,
      name: 'bookings get a price',
      up: (db) => {
        db.exec(`ALTER TABLE bookings ADD COLUMN price_cents INTEGER NOT NULL DEFAULT 0`);
        db.exec(`UPDATE bookings SET price_cents = 4500`);
      },
    };

    function databaseAtV1(name: string): string {
      mkdirSync(join(dir, name));
      const path = join(dir, name, 'salon.db');
      const db = openDatabase(path, { migrations: [v1] });
      db.prepare(`INSERT INTO bookings (who) VALUES (?), (?)`).run('Ana', 'Bo');
      db.close();
      return path;
    }

    it('a migration triggers a backup of the database as it was, before the migration runs', () => {
      const path = databaseAtV1('migrate');
      const backupDir = join(dir, 'migrate', 'backups');
      const seen: number[] = [];
      const hook = backupBeforeMigrate(backupDir);
      const db = openDatabase(path, {
        migrations: [v1, v2],
        beforeMigrate: (d, from, to) => {
          hook(d, from, to);
          // The backup exists before any migration has touched the database.
          seen.push(listBackups(backupDir, 'salon').length, schemaVersion(d));
        },
      });
      expect(seen).toEqual([1, 1]);
      expect(schemaVersion(db)).toBe(2);
      expect(db.prepare(`SELECT sum(price_cents) AS s FROM bookings`).get()).toEqual({ s: 9000 });
      db.close();

      const [backup] = listBackups(backupDir, 'salon');
      expect(basename(backup!.path)).toMatch(/^salon-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-before-migration-v1-to-v2\.db$/);
      const copy = new Database(backup!.path, { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(1);
      expect(copy.prepare(`SELECT who FROM bookings ORDER BY id`).all()).toEqual([{ who: 'Ana' }, { who: 'Bo' }]);
      expect(copy.prepare(`SELECT name FROM pragma_table_info('bookings')`).all()).toEqual([{ name: 'id' }, { name: 'who' }]);
      copy.close();
      // Opening again migrates nothing, and backs up nothing.
      openDatabase(path, { migrations: [v1, v2], beforeMigrate: hook }).close();
      expect(listBackups(backupDir, 'salon')).toHaveLength(1);
    });

    it('a migration does not run when its backup cannot be written', () => {
      const path = databaseAtV1('migrate-blocked');
      // The backup folder's place is taken by a file.
      const blocked = join(dir, 'migrate-blocked', 'backups');
      writeFileSync(blocked, '');
      expect(() => openDatabase(path, { migrations: [v1, v2], beforeMigrate: backupBeforeMigrate(blocked) })).toThrow(BackupError);
      const db = new Database(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.prepare(`SELECT name FROM pragma_table_info('bookings')`).all()).toEqual([{ name: 'id' }, { name: 'who' }]);
      db.close();
    });
  });
});
