import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { SalonDatabase } from '../core/db.js';
import { systemTimer, type Timer } from '../scheduler/timer.js';
import { backupPrefix, createBackup, latestBackup, type BackupResult } from './backup.js';

export const BACKUP_EVERY_MS = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

export interface DailyBackupOptions {
  dir: string;
  clock?: Clock;
  timer?: Timer;
  /** The longest wait between looks at the clock, so that a wake from sleep is noticed (default an hour). */
  checkEveryMs?: number;
  onBackup?: (result: BackupResult) => void;
  onError?: (err: unknown) => void;
}

/**
 * The daily backup: on start, a backup if the newest one in the folder is 24 hours old or
 * more (or there is none), then one every 24 hours after the newest. The wait is never longer
 * than `checkEveryMs`, so a machine that slept through the time backs up when it wakes. A
 * failed backup is reported and tried again at the next look.
 */
export class DailyBackup {
  private readonly clock: Clock;
  private readonly timer: Timer;
  private readonly checkEveryMs: number;
  private handle: unknown;
  private stopped = true;
  private inFlight: Promise<void> | null = null;
  private failed = false;

  constructor(
    private readonly db: SalonDatabase,
    private readonly options: DailyBackupOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.timer = options.timer ?? systemTimer;
    this.checkEveryMs = options.checkEveryMs ?? HOUR;
  }

  /** Starts the schedule; the returned promise settles after the first look (and its backup, if one was due). */
  start(): Promise<void> {
    this.stopped = false;
    return this.look();
  }

  /** Stops the schedule and waits for a backup in progress, so that the database can be closed after. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
    await this.inFlight;
  }

  /** When the next backup is due: 24 hours after the newest one, or now. */
  nextDue(): number {
    const latest = latestBackup(this.options.dir, backupPrefix(this.db.name));
    return latest ? latest.takenAt + BACKUP_EVERY_MS : this.clock.now();
  }

  private look(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const run: Promise<void> = this.backupIfDue().finally(() => {
      if (this.inFlight === run) this.inFlight = null;
      this.schedule();
    });
    this.inFlight = run;
    return run;
  }

  private async backupIfDue(): Promise<void> {
    this.failed = false;
    try {
      if (!this.stopped && this.db.open && this.clock.now() >= this.nextDue()) {
        const result = await createBackup(this.db, { dir: this.options.dir, now: this.clock.now() });
        this.options.onBackup?.(result);
      }
    } catch (err) {
      this.failed = true;
      this.options.onError?.(err);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    let wait = this.checkEveryMs;
    try {
      // After a failure, the next try is at the next regular look, not at once.
      if (!this.failed) wait = Math.min(Math.max(this.nextDue() - this.clock.now(), 1000), this.checkEveryMs);
    } catch (err) {
      this.options.onError?.(err);
    }
    this.handle = this.timer.setTimeout(() => {
      this.handle = undefined;
      void this.look();
    }, wait);
  }
}
