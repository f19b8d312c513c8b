import { useState } from 'react';
import type { Call, DayHoursView } from '../../../electron/contract/index.js';
import { instantToWall } from '../format.js';
import { useFormat } from '../state.js';
import { Explained } from './common.js';

/** Counts inbound, non-test calls by local weekday (Monday = 0) and hour. */
export function callGrid(calls: Call[], zone: string): number[][] {
  const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const call of calls) {
    if (call.is_test || call.direction !== 'inbound') continue;
    const { weekday, hour } = instantToWall(call.started_at, zone);
    grid[weekday]![hour]! += 1;
  }
  return grid;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether any of the hour [h, h+1) is within the day's opening hours. */
function isOpenHour(day: DayHoursView | null | undefined, hour: number): boolean {
  if (!day) return false;
  return minutes(day.open) < (hour + 1) * 60 && minutes(day.close) > hour * 60;
}

/** When the phone rings: calls by weekday and hour in the salon's time zone, business hours outlined. */
export function HeatMap({ calls, hours, weeks, from, to }: { calls: Call[]; hours: (DayHoursView | null)[] | undefined; weeks: number; from: string; to: string }) {
  const fmt = useFormat();
  const grid = callGrid(calls, fmt.timezone);
  const max = Math.max(1, ...grid.flat());
  const total = grid.flat().reduce((a, b) => a + b, 0);
  const [numbers, setNumbers] = useState(false);
  return (
    <>
      <button type="button" className="link" aria-pressed={numbers} onClick={() => setNumbers(!numbers)}>
        {numbers ? 'Show as colours' : 'Show the numbers'}
      </button>
      <Explained
        className="heatmap-box"
        focusable={false}
        data-figure="heatmap"
        tip={
          <>
            Inbound calls (test calls left out) by the weekday and hour they started, in the salon's time zone ({fmt.timezone}), over the {weeks} weeks from{' '}
            {fmt.day(from)} to {fmt.day(to)}. Darker is busier; outlined cells are business hours.
          </>
        }
      >
        <div className="table-wrap">
          <table className={`heatmap${numbers ? ' numbers' : ''}`} data-total={total}>
            <caption>
              Calls by weekday and hour, {weeks} weeks to {fmt.day(to)} ({total} calls). Outlined: business hours.
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Weekday</span>
                </th>
                {Array.from({ length: 24 }, (_, h) => (
                  <th scope="col" key={h} className="hour">
                    {h % 3 === 0 ? fmt.hour(h) : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.map((row, d) => (
                <tr key={d}>
                  <th scope="row">{fmt.weekday(d)}</th>
                  {row.map((n, h) => {
                    const open = isOpenHour(hours?.[d], h);
                    const level = n === 0 ? 0 : Math.ceil((n / max) * 5);
                    return (
                      <td
                        key={h}
                        className={`cell l${level}${open ? ' open' : ''}`}
                        data-count={n}
                        data-day={d}
                        data-hour={h}
                        title={`${fmt.weekday(d, 'long')} ${fmt.hour(h)}–${fmt.hour((h + 1) % 24)}: ${n} call${n === 1 ? '' : 's'}${open ? ' (business hours)' : ''}`}
                      >
                        <span className={numbers ? 'count' : 'visually-hidden'}>{n}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Explained>
    </>
  );
}
