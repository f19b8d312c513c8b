import { useMemo } from 'react';
import { freeStarts } from '../booking.js';
import { instantToWall } from '../format.js';
import { useFormat, useQuery } from '../state.js';
import { ErrorMessage } from './common.js';

/**
 * A day, its next free starts for a service of `durationMin` (one click picks one), and a time
 * box for any other start. `ignore` is the appointment being moved: its own slot is free to it.
 */
export function StartPicker({
  date,
  time,
  durationMin,
  ignore,
  onChange,
}: {
  date: string;
  time: string;
  durationMin: number;
  ignore?: string;
  onChange(date: string, time: string): void;
}) {
  const fmt = useFormat();
  const settings = useQuery((c) => c.call('getSettings', {}), [], ['settings']);
  const day = useQuery((c) => (date ? c.call('listAppointments', { from: date, to: date, limit: 1000 }) : Promise.resolve(null)), [date], ['appointments']);
  const starts = useMemo(
    () =>
      settings.data && day.data
        ? freeStarts({
            date,
            hours: settings.data.business_hours,
            durationMin,
            booked: day.data.items.filter((a) => a.id !== ignore && !a.is_test),
            now: Date.now(),
            zone: fmt.timezone,
          })
        : null,
    [settings.data, day.data, date, durationMin, ignore, fmt.timezone],
  );
  return (
    <div className="start-picker">
      <div className="row">
        <label>
          Date
          <input name="date" type="date" value={date} onChange={(e) => onChange(e.target.value, time)} />
        </label>
        <label>
          Time ({fmt.timezone})
          <input name="time" type="time" value={time} step={300} onChange={(e) => onChange(date, e.target.value)} />
        </label>
      </div>
      <ErrorMessage error={settings.error ?? day.error} title="Could not work out the free starts" />
      {starts && (
        <div role="group" aria-label={`Free starts on ${date ? fmt.day(date) : 'this day'}, ${durationMin} min`} className="free-starts">
          {starts.length === 0 ? (
            <p className="hint">No free start left on this day for {durationMin} minutes: pick another day, or type a time.</p>
          ) : (
            starts.map((ms) => {
              const wall = instantToWall(ms, fmt.timezone);
              const iso = new Date(ms).toISOString();
              return (
                <button key={ms} type="button" className="slot" aria-pressed={wall.time === time} onClick={() => onChange(wall.date, wall.time)}>
                  {fmt.time(iso)}
                </button>
              );
            })
          )}
        </div>
      )}
    </div>
  );
}
