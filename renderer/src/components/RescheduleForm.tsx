import { useState } from 'react';
import type { Appointment } from '../../../electron/contract/index.js';
import { instantToWall, wallToInstant } from '../format.js';
import { useAction, useFormat, useQuery } from '../state.js';
import { ErrorMessage } from './common.js';
import { StartConcerns, useStartConcerns } from './StartConcerns.js';
import { StartPicker } from './StartPicker.js';

/** Moves an appointment: its day's free starts for its length, or any time typed in (a past, closed or out-of-hours one confirmed with "Move anyway"). */
export function RescheduleForm({ appointment: a, onMoved, onCancel }: { appointment: Appointment; onMoved(moved: Appointment): void; onCancel(): void }) {
  const fmt = useFormat();
  const wall = instantToWall(a.start, fmt.timezone);
  const [date, setDate] = useState(wall.date);
  const [time, setTime] = useState(wall.time);
  const [anyway, setAnyway] = useState(false);
  const settings = useQuery((c) => c.call('getSettings', {}), [], ['settings']);
  const concerns = useStartConcerns(date, time, a.duration_min, settings.data?.business_hours);
  const move = useAction((client, start: string) => client.call('updateAppointment', { id: a.id, patch: { start } }), ['appointments', 'customers', 'metrics']);
  return (
    <form
      className="reschedule"
      aria-label={`Reschedule ${a.service}, ${fmt.dateTime(a.start)}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const moved = await move.run(wallToInstant(date, time, fmt.timezone).toISOString());
        if (moved) onMoved(moved);
      }}
    >
      <StartPicker
        date={date}
        time={time}
        durationMin={a.duration_min}
        ignore={a.id}
        onChange={(d, t) => {
          setDate(d);
          setTime(t);
          setAnyway(false);
        }}
      />
      <StartConcerns concerns={concerns} anyway={anyway} onAnyway={setAnyway} label="Move anyway" />
      <ErrorMessage error={move.error} title="Not moved" />
      <div className="row">
        <button type="submit" className="primary" disabled={move.pending || !date || !time || (concerns.length > 0 && !anyway)}>
          Move
        </button>
        <button type="button" onClick={onCancel}>
          Keep the time
        </button>
      </div>
    </form>
  );
}

/** The words that confirm a move: "Moved to Thu, Dec 10, 2:00 PM". */
export const movedTo = (fmt: ReturnType<typeof useFormat>, moved: Appointment) => `Moved to ${fmt.dateTime(moved.start)}`;
