import { useState } from 'react';
import type { Appointment } from '../../../electron/contract/index.js';
import { useFormat } from '../state.js';
import { AppointmentActions } from './AppointmentActions.js';
import { Empty } from './common.js';
import { movedTo, RescheduleForm } from './RescheduleForm.js';

/** A customer's appointments still to come, soonest first, each with Reschedule and Cancel (a cancelled one keeps its Undo). */
export function UpcomingAppointments({ appointments, now = Date.now() }: { appointments: Appointment[]; now?: number }) {
  const fmt = useFormat();
  const [moving, setMoving] = useState<string | null>(null);
  const [moved, setMoved] = useState<string | null>(null);
  const upcoming = appointments
    .filter((a) => !a.is_test && Date.parse(a.start) >= now && (a.status === 'scheduled' || a.status === 'cancelled'))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return (
    <div className="upcoming" data-testid="upcoming">
      {moved && (
        <p className="success" role="status">
          {moved}
        </p>
      )}
      {upcoming.length === 0 ? (
        <Empty title="Nothing booked ahead." />
      ) : (
        <ul className="upcoming-list">
          {upcoming.map((a) => (
            <li key={a.id} data-appointment-id={a.id} className={a.status}>
              <div className="upcoming-what">
                <strong>
                  <time dateTime={a.start}>{fmt.dateTime(a.start)}</time>
                </strong>{' '}
                · {a.service} · {fmt.money(a.price_cents)}
                {a.status === 'cancelled' && <span className="status-pill cancelled">cancelled</span>}
              </div>
              <AppointmentActions appointment={a} onReschedule={() => setMoving(moving === a.id ? null : a.id)} />
              {moving === a.id && (
                <RescheduleForm
                  appointment={a}
                  onCancel={() => setMoving(null)}
                  onMoved={(m) => {
                    setMoving(null);
                    setMoved(movedTo(fmt, m));
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
