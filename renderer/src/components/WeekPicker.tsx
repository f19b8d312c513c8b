import type { WeekInfo } from '../../../electron/contract/index.js';
import { addDays } from '../format.js';
import { useFormat } from '../state.js';

/** Shows any past week: previous / next, a date (the week containing it), or back to this week. */
export function WeekPicker({ week, selected, onChange }: { week: WeekInfo; selected: string | undefined; onChange(date: string | undefined): void }) {
  const fmt = useFormat();
  const current = !week.complete;
  return (
    <div className="week-picker" role="group" aria-label="Week shown">
      <button type="button" onClick={() => onChange(addDays(week.start, -7))} aria-label="Previous week">
        ◀
      </button>
      <label className="week-label">
        <span data-testid="week-range" data-week-start={week.start}>
          Week of {fmt.weekRange(week.start, week.end)}
          {current ? ' (this week, to date)' : ''}
        </span>
        <input
          type="date"
          aria-label="Show the week containing this date"
          value={week.start}
          onChange={(e) => e.target.value && onChange(e.target.value)}
        />
      </label>
      <button type="button" onClick={() => onChange(addDays(week.start, 7))} disabled={current} aria-label="Next week">
        ▶
      </button>
      <button type="button" onClick={() => onChange(undefined)} disabled={current && selected === undefined}>
        This week
      </button>
    </div>
  );
}
