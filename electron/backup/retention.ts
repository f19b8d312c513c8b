/**
 * Which backups to keep: the newest backup of each of the last 7 days, of each of the last 4
 * ISO weeks (Monday to Sunday) and of each of the last 12 months, counting the day, week and
 * month that contain `now`. Calendar periods are UTC, as the backups' names are. A backup
 * dated after `now` (the clock was moved back) is kept, and so is the newest backup of all,
 * whatever its age: the rule never leaves a salon with no backup at all.
 */
export const RETENTION = { days: 7, weeks: 4, months: 12 } as const;

const DAY_MS = 86_400_000;

const dayIndex = (ms: number) => Math.floor(ms / DAY_MS);
/** Days since 1970-01-05, a Monday, divided into weeks: the ISO week's index. */
const weekIndex = (ms: number) => Math.floor((dayIndex(ms) - 4) / 7);
const monthIndex = (ms: number) => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/** The positions in `times` of the backups the rule lets go. */
export function expiredIndexes(times: readonly number[], now: number, rule: { days: number; weeks: number; months: number } = RETENTION): number[] {
  const keep = new Set<number>();
  const order = times.map((t, i) => i).sort((a, b) => times[b]! - times[a]! || a - b);
  if (order.length) keep.add(order[0]!);
  const periods: [(ms: number) => number, number][] = [
    [dayIndex, rule.days],
    [weekIndex, rule.weeks],
    [monthIndex, rule.months],
  ];
  for (const [period, count] of periods) {
    const current = period(now);
    const seen = new Set<number>();
    for (const i of order) {
      const t = times[i]!;
      if (t > now) {
        keep.add(i);
        continue;
      }
      const p = period(t);
      // Newest first: the first backup met in a period is that period's newest.
      if (current - p < count && !seen.has(p)) {
        seen.add(p);
        keep.add(i);
      }
    }
  }
  return times.map((_, i) => i).filter((i) => !keep.has(i));
}

/** The backup times (epoch milliseconds) that the retention rule deletes. */
export function backupsToDelete(times: readonly number[], now: number): number[] {
  return expiredIndexes(times, now).map((i) => times[i]!);
}
