import type { DayHoursView } from '../../../electron/contract/index.js';
import { bookingConcerns } from '../booking.js';
import { wallToInstant } from '../format.js';
import { useFormat } from '../state.js';

/** Why a start needs the desk to confirm it (past, a closed day, outside the hours), in words; empty while the hours are loading. */
export function useStartConcerns(date: string, time: string, durationMin: number, hours: (DayHoursView | null)[] | undefined): string[] {
  const fmt = useFormat();
  if (!date || !time || !hours) return [];
  return bookingConcerns({
    start: wallToInstant(date, time, fmt.timezone).getTime(),
    durationMin,
    hours,
    now: Date.now(),
    zone: fmt.timezone,
    dayName: fmt.day(date),
    timeName: (hhmm) => fmt.time(wallToInstant(date, hhmm, fmt.timezone).toISOString()),
  });
}

/** The concerns about a start, and the box that confirms it anyway ("Book anyway", "Move anyway"). */
export function StartConcerns({ concerns, anyway, onAnyway, label }: { concerns: string[]; anyway: boolean; onAnyway(checked: boolean): void; label: string }) {
  if (concerns.length === 0) return null;
  return (
    <div className="concerns" role="status" data-testid="booking-concerns">
      {concerns.map((c) => (
        <p key={c}>{c}</p>
      ))}
      <label className="inline">
        <input type="checkbox" name="anyway" checked={anyway} onChange={(e) => onAnyway(e.target.checked)} /> {label}
      </label>
    </div>
  );
}
