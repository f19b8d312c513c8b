import { useState } from 'react';
import type { CallbackEntry, CallbackOutcome, CallbackOutcomeKind, CallbackTier } from '../../../electron/contract/index.js';
import { useAction, useFormat } from '../state.js';
import { DataTable } from './DataTable.js';
import { Empty, ErrorMessage, Explained } from './common.js';

const TIER_LABEL: Record<CallbackTier, string> = {
  valued: 'Call first',
  waiting: 'Waiting',
  booked: 'Has a booking',
};

const OUTCOMES: { kind: CallbackOutcomeKind; label: string; done: string }[] = [
  { kind: 'reached', label: 'Reached', done: 'reached' },
  { kind: 'no_answer', label: 'No answer', done: 'no answer; they stay on the list' },
  { kind: 'left_voicemail', label: 'Left voicemail', done: 'voicemail left' },
];

/** The last outcome recorded here, kept on screen with its undo until the next one. */
interface Recorded {
  outcome: CallbackOutcome;
  who: string;
  undone: boolean;
}

/** How the call-back list is ordered, on hover and keyboard focus. */
export function RankRule({ rule }: { rule: string | undefined }) {
  if (!rule) return null;
  return (
    <Explained className="rank-rule" tip={rule} data-testid="rank-rule">
      <span className="link-like">How is this list ordered?</span>
    </Explained>
  );
}

/** Missed callers waiting for a call back, each with what came of calling them, and an undo. */
export function CallbackList({ entries, onCustomer, onBook }: { entries: CallbackEntry[]; onCustomer(id: number): void; onBook(entry: CallbackEntry): void }) {
  const fmt = useFormat();
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const record = useAction((client, phone: string, outcome: CallbackOutcomeKind) => client.call('markCalledBack', { phone, outcome }), ['calls', 'metrics']);
  const undo = useAction((client, id: number) => client.call('undoCallbackOutcome', { id }), ['calls', 'metrics']);
  const nameOf = (e: CallbackEntry) => e.customer_name ?? fmt.phone(e.phone);

  const onOutcome = async (e: CallbackEntry, kind: CallbackOutcomeKind) => {
    const answer = await record.run(e.phone, kind);
    if (answer) setRecorded({ outcome: answer.outcome, who: nameOf(e), undone: false });
  };
  const onUndo = async () => {
    if (!recorded) return;
    if (await undo.run(recorded.outcome.id)) setRecorded({ ...recorded, undone: true });
  };

  return (
    <>
      <ErrorMessage error={record.error ?? undo.error} />
      <div className="callback-status" role="status">
        {recorded && (
          <p className={recorded.undone ? 'hint' : 'success'} data-testid="callback-recorded" data-outcome={recorded.outcome.outcome}>
            {recorded.undone ? (
              <>Undone: {recorded.who} is back on the list as before.</>
            ) : (
              <>
                {recorded.who}: {OUTCOMES.find((o) => o.kind === recorded.outcome.outcome)!.done}, {fmt.time(recorded.outcome.at)}.{' '}
                <button type="button" className="link" disabled={undo.pending} onClick={() => void onUndo()}>
                  Undo
                </button>
              </>
            )}
          </p>
        )}
      </div>
      {entries.length === 0 ? (
        <Empty title="Nobody is waiting for a call back.">Missed callers of the last 30 days who were not reached or booked since show here.</Empty>
      ) : (
        <div className="table-wrap callback-wrap">
          <DataTable className="callbacks" caption="Missed callers waiting for a call back, most urgent first" headers={['Caller', 'Why call', 'Missed calls']} actions="Actions">
            {entries.map((e) => (
              <tr key={e.phone} data-phone={e.phone} data-tier={e.tier}>
                <td>
                  {e.customer_id ? (
                    <button type="button" className="link" onClick={() => onCustomer(e.customer_id!)}>
                      {nameOf(e)}
                    </button>
                  ) : (
                    nameOf(e)
                  )}
                  {e.customer_name && <div className="sub">{fmt.phone(e.phone)}</div>}
                  {e.visits > 0 && (
                    <div className="sub">
                      {e.visits} {e.visits === 1 ? 'visit' : 'visits'} · {fmt.money(e.spend_365d_cents)} in the last year
                    </div>
                  )}
                </td>
                <td>
                  <span className={`badge tier ${e.tier}`}>{TIER_LABEL[e.tier]}</span>
                  <ul className="reasons">
                    {e.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                  {e.next_booking_at && (
                    <div className="sub">
                      next visit <time dateTime={e.next_booking_at}>{fmt.dateTime(e.next_booking_at)}</time>
                    </div>
                  )}
                </td>
                <td className="attempts" data-missed={e.missed_calls} data-tried-back={e.tried_back.length}>
                  <strong>{e.missed_calls}</strong>
                  <ol>
                    {e.attempts.map((a) => (
                      <li key={a.call_sid}>
                        <time dateTime={a.at}>{fmt.dateTime(a.at)}</time>
                        {a.after_hours && <span className="badge after-hours">after hours</span>}
                        {a.abandoned && <span className="badge hung-up">hung up</span>}
                      </li>
                    ))}
                  </ol>
                  {e.tried_back.map((t) => (
                    <div key={t.id} className="sub tried-back">
                      we called <time dateTime={t.at}>{fmt.dateTime(t.at)}</time>: no answer
                    </div>
                  ))}
                </td>
                <td className="actions">
                  <div className="callback-actions">
                    {OUTCOMES.map((o) => (
                      <button key={o.kind} type="button" disabled={record.pending} onClick={() => void onOutcome(e, o.kind)}>
                        {o.label}
                      </button>
                    ))}
                    <button type="button" className="primary" onClick={() => onBook(e)}>
                      Book
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </>
  );
}
