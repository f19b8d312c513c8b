import type { Salon } from '../core/salon.js';
import { buildWeeklyReport, type WeeklyReport } from '../core/report/weekly.js';
import { weekContaining, weekOfDate, type Week } from '../core/time.js';
import { systemTimer, type Timer } from './timer.js';
import { writeReportFiles, type ReportFiles } from './report-files.js';

export interface SchedulerOptions {
  /** Where the HTML and CSV reports go (created when needed). */
  reportsDir: string;
  timer?: Timer;
  /** How often the scheduler looks at the clock, so that a wake from sleep is noticed within this (default one minute). */
  checkEveryMs?: number;
  /** At most this many missed weeks are closed on start (default 52). */
  maxCatchUpWeeks?: number;
  /** Called after each week is closed or repaired (the desktop app makes its PDF here). */
  onClosed?: (closed: ClosedWeek, report: () => WeeklyReport) => void;
  onError?: (err: unknown) => void;
}

export interface ClosedWeek {
  week: string;
  /** The week was closed now (false: it was closed before, and only a missing report file was written). */
  closed: boolean;
  files: ReportFiles;
  /** Report files written by this close. */
  written: string[];
}

/** Where a week's report is served over HTTP. */
export const reportUrls = (week: Pick<Week, 'start'>) => ({ html: `/salon/reports/${week.start}.html`, csv: `/salon/reports/${week.start}.csv` });

const MINUTE = 60_000;

/**
 * The weekly close: at Monday 00:00 in the salon's time zone it closes the week that just
 * ended — stores its figures, works out its insights, pushes `weekly.report` and writes the
 * report files. On start it closes every complete week missed since the last one closed
 * (or since the first record), once each. It looks at the clock every minute, so a machine
 * that slept through midnight closes the week when it wakes; the next close is worked out
 * again from the clock and the time zone after every look.
 */
export class WeeklyScheduler {
  private readonly timer: Timer;
  private readonly checkEveryMs: number;
  private readonly maxCatchUpWeeks: number;
  private handle: unknown;
  private running = false;
  private nextClose: number | null = null;
  /** The week the scheduler first ran in, for a salon with no records yet. */
  private firstWeekStart: string | null = null;

  constructor(
    private readonly salon: Salon,
    private readonly options: SchedulerOptions,
  ) {
    this.timer = options.timer ?? systemTimer;
    this.checkEveryMs = options.checkEveryMs ?? MINUTE;
    this.maxCatchUpWeeks = options.maxCatchUpWeeks ?? 52;
  }

  /** Closes what was missed, then waits for the next Monday 00:00. Answers the weeks closed now. */
  start(): ClosedWeek[] {
    if (this.running) return [];
    this.running = true;
    this.firstWeekStart ??= weekContaining(this.salon.clock.now(), this.zone).start;
    let closed: ClosedWeek[] = [];
    try {
      closed = [...this.repairLastReport(), ...this.closeDue()];
    } catch (err) {
      this.report(err);
    }
    this.arm();
    return closed;
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
    this.nextClose = null;
  }

  /** The instant of the next close (the coming Monday 00:00, salon time), while running. */
  get nextCloseAt(): number | null {
    return this.nextClose;
  }

  private get zone(): string {
    return this.salon.settings().timezone;
  }

  /** Closes every complete week after the last closed one, oldest first. Closing a closed week does nothing. */
  closeDue(): ClosedWeek[] {
    const now = this.salon.clock.now();
    const zone = this.zone;
    const current = weekContaining(now, zone);
    let week = this.firstToClose(zone, current);
    const out: ClosedWeek[] = [];
    while (week.endMs <= now) {
      out.push(this.closeOne(week));
      week = weekContaining(week.endMs, zone);
    }
    return out;
  }

  private lastClosed(): string | null {
    const row = this.salon.db.prepare('SELECT week_start FROM weekly_figures ORDER BY week_start DESC LIMIT 1').get() as { week_start: string } | undefined;
    return row?.week_start ?? null;
  }

  private firstToClose(zone: string, current: Week): Week {
    const last = this.lastClosed();
    // No further back than the cap, whatever the history.
    let earliest = weekContaining(current.startMs, zone);
    for (let i = 0; i < this.maxCatchUpWeeks; i++) earliest = weekContaining(earliest.startMs - 1, zone);
    let first: Week;
    if (last) first = weekContaining(weekOfDate(last, zone).endMs, zone);
    else {
      const firstRecord = this.firstRecordAt();
      first = firstRecord !== null ? weekContaining(firstRecord, zone) : weekOfDate(this.firstWeekStart ?? current.start, zone);
    }
    return first.startMs < earliest.startMs ? earliest : first;
  }

  /** The earliest real (non-test) call or booking. */
  private firstRecordAt(): number | null {
    const row = this.salon.db
      .prepare(
        `SELECT min(t) AS t FROM (
           SELECT min(started_at) AS t FROM calls WHERE is_test = 0
           UNION ALL SELECT min(booked_at) FROM appointments WHERE is_test = 0
           UNION ALL SELECT min(start_at) FROM appointments WHERE is_test = 0)`,
      )
      .get() as { t: number | null };
    return row.t;
  }

  /** A week closed before whose report files are missing (the process stopped in between) gets them now. */
  private repairLastReport(): ClosedWeek[] {
    const last = this.lastClosed();
    if (!last) return [];
    const result = this.writeReport(weekOfDate(last, this.zone), false);
    return result.written.length ? [result] : [];
  }

  private closeOne(week: Week): ClosedWeek {
    let report: WeeklyReport | undefined;
    const build = () => (report ??= buildWeeklyReport(this.salon.insightSource(), week));
    // The figures are stored first; the insights and the push follow only on the first close.
    const closed = this.salon.closeWeek(week, () => ({ insights: build().insights, report: reportUrls(week) }));
    return this.writeReport(week, closed, build);
  }

  private writeReport(week: Week, closed: boolean, build?: () => WeeklyReport): ClosedWeek {
    let report: WeeklyReport | undefined;
    const make = build ?? (() => (report ??= buildWeeklyReport(this.salon.insightSource(), week)));
    const { files, written } = writeReportFiles(this.options.reportsDir, week, make);
    const result = { week: week.start, closed, files, written };
    if (closed || written.length) {
      try {
        this.options.onClosed?.(result, make);
      } catch (err) {
        this.report(err);
      }
    }
    return result;
  }

  private arm(): void {
    if (!this.running) return;
    const now = this.salon.clock.now();
    this.nextClose = weekContaining(now, this.zone).endMs;
    const delay = Math.max(0, Math.min(this.nextClose - now, this.checkEveryMs));
    this.handle = this.timer.setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    this.handle = undefined;
    if (!this.running) return;
    // Due when the planned Monday has come — on time, or late after a sleep.
    if (this.nextClose !== null && this.salon.clock.now() >= this.nextClose) {
      try {
        this.closeDue();
      } catch (err) {
        this.report(err);
      }
    }
    this.arm();
  }

  private report(err: unknown): void {
    if (this.options.onError) this.options.onError(err);
    else console.error('weekly close failed:', err);
  }
}
