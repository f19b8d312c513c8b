import { useId, useState } from 'react';
import type { Appointment, AppointmentPatch } from '../../../electron/contract/index.js';
import { useAction, useFormat } from '../state.js';
import { ErrorMessage } from './common.js';

/** Completing earlier than this before the start is probably a slip: the desk is asked first. */
export const EARLY_COMPLETE_MS = 15 * 60_000;

/**
 * The desk's actions on one appointment, with the status rules: no no-show before the start
 * (the button says why it is off), completing early and cancelling ask first, and whatever
 * was recorded can be undone.
 */
export function AppointmentActions({ appointment: a, onReschedule }: { appointment: Appointment; onReschedule?(): void }) {
  const fmt = useFormat();
  const reasonId = useId();
  const update = useAction((client, patch: AppointmentPatch) => client.call('updateAppointment', { id: a.id, patch }), ['appointments', 'customers', 'metrics']);
  const [asking, setAsking] = useState<'complete' | 'cancel' | null>(null);
  const start = Date.parse(a.start);
  const now = Date.now();
  const set = (status: AppointmentPatch['status']) => {
    setAsking(null);
    void update.run({ status });
  };

  if (a.status !== 'scheduled') {
    return (
      <div className="appointment-actions">
        <button type="button" disabled={update.pending} onClick={() => set('scheduled')} title="Set back to scheduled">
          Undo
        </button>
        <ErrorMessage error={update.error} />
      </div>
    );
  }
  if (asking) {
    const who = a.customer_name ?? fmt.phone(a.customer_phone);
    return (
      <div className="appointment-actions confirm" role="group" aria-label="Confirm">
        <span>
          {asking === 'complete'
            ? `It starts at ${fmt.time(a.start)}: mark it completed now?`
            : `Cancel ${who}’s ${a.service}, ${fmt.dateTime(a.start)}?`}
        </span>
        <button type="button" className="primary" autoFocus onClick={() => set(asking === 'complete' ? 'completed' : 'cancelled')}>
          {asking === 'complete' ? 'Yes, completed' : 'Yes, cancel it'}
        </button>
        <button type="button" onClick={() => setAsking(null)}>
          Keep it
        </button>
      </div>
    );
  }
  const notStarted = now < start;
  return (
    <div className="appointment-actions">
      <button type="button" disabled={update.pending} onClick={() => (start - now > EARLY_COMPLETE_MS ? setAsking('complete') : set('completed'))}>
        Complete
      </button>
      <button type="button" disabled={update.pending || notStarted} aria-describedby={notStarted ? reasonId : undefined} title={notStarted ? `Not before it starts (${fmt.time(a.start)})` : undefined} onClick={() => set('no_show')}>
        No-show
      </button>
      {notStarted && (
        <span id={reasonId} className="visually-hidden">
          A no-show can be recorded once the appointment has started, at {fmt.dateTime(a.start)}.
        </span>
      )}
      <button type="button" disabled={update.pending} onClick={() => setAsking('cancel')}>
        Cancel
      </button>
      {onReschedule && (
        <button type="button" onClick={onReschedule}>
          Reschedule
        </button>
      )}
      <ErrorMessage error={update.error} />
    </div>
  );
}
