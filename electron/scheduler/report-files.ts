import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Week } from '../core/time.js';
import { reportCsv, reportHtml, type WeeklyReport } from '../core/report/weekly.js';

/** The weekly reports of the database at `dbPath`: `reports/` next to it. */
export function reportsDirFor(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'reports');
}

export interface ReportFiles {
  html: string;
  csv: string;
}

export const reportFileNames = (dir: string, week: Pick<Week, 'start'>): ReportFiles => ({
  html: join(dir, `weekly-report-${week.start}.html`),
  csv: join(dir, `weekly-report-${week.start}.csv`),
});

/** Writes a file whole or not at all: a reader never sees half a report. */
function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Writes the week's HTML and CSV report unless they are there already: a report is written
 * once and then kept (old reports are never deleted). Answers the files written.
 */
export function writeReportFiles(dir: string, week: Week, build: () => WeeklyReport): { files: ReportFiles; written: string[] } {
  const files = reportFileNames(dir, week);
  const missing = [files.html, files.csv].filter((p) => !existsSync(p));
  if (missing.length === 0) return { files, written: [] };
  mkdirSync(dir, { recursive: true });
  const report = build();
  if (missing.includes(files.html)) writeAtomically(files.html, reportHtml(report));
  if (missing.includes(files.csv)) writeAtomically(files.csv, reportCsv(report));
  return { files, written: missing };
}
