import type { WeekInfo } from '../../../electron/contract/index.js';
import { salonToday, weekdayOf } from '../booking.js';
import { addDays } from '../format.js';
import { useFormat } from '../state.js';

/** How the week shown stands to today: this week (to date), next or last week, or none of them. */
export function weekName(start: string, thisWeek: string): string {
  if (start === thisWeek) return 'this week, to date';
  if (start === addDays(thisWeek, 7)) return 'next week';
  if (start === addDays(thisWeek, -7)) return 'last week';
  return '';
}

/** Shows any week, past or ahead: previous / next, a date (the week containing it), or back to this week. */
export function WeekPicker({ week, selected, onChange }: { week: WeekInfo; selected: string | undefined; onChange(date: string | undefined): void }) {
  const fmt = useFormat();
  const today = salonToday(fmt.timezone);
  const thisWeek = addDays(today, -weekdayOf(today));
  const name = weekName(week.start, thisWeek);
  return (
    <div className="week-picker" role="group" aria-label="Week shown">
      <button type="button" onClick={() => onChange(addDays(week.start, -7))} aria-label="Previous week">
        ◀
      </button>
      <label className="week-label">
        <span data-testid="week-range" data-week-start={week.start}>
          Week of {fmt.weekRange(week.start, week.end)}
          {name && ` (${name})`}
        </span>
        <input
          type="date"
          aria-label="Show the week containing this date"
          value={week.start}
          onChange={(e) => e.target.value && onChange(e.target.value)}
        />
      </label>
      <button type="button" onClick={() => onChange(addDays(week.start, 7))} aria-label="Next week">
        ▶
      </button>
      <button type="button" onClick={() => onChange(undefined)} disabled={week.start === thisWeek && selected === undefined}>
        This week
      </button>
    </div>
  );
}
