import { useEffect, useState } from 'react';
import type { Call, CustomerDetail } from '../../../electron/contract/index.js';
import type { Navigate } from '../navigation.js';
import { useClient, useFormat, useQuery } from '../state.js';
import { ErrorMessage } from './common.js';
import { ReliabilityFlag } from './Reliability.js';

const MAX_CARDS = 3;
/** A call that started longer ago than this is history (a phone connector's backfill), not one ringing now. */
const RINGING_WITHIN_MS = 10 * 60_000;

/** What the desk wants to know before picking up, from the customer's history (no-shows and late cancellations: `customer.reliability`). */
export function callerSummary(customer: CustomerDetail, now = Date.now()) {
  const real = customer.appointments.filter((a) => !a.is_test);
  const completed = real.filter((a) => a.status === 'completed').sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  const upcoming = real
    .filter((a) => a.status === 'scheduled' && Date.parse(a.start) >= now)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return {
    visits: completed.length,
    lastVisit: completed[0] ?? null,
    next: upcoming[0] ?? null,
    spentCents: completed.reduce((sum, a) => sum + a.price_cents, 0),
    isNew: real.length === 0 && customer.calls.filter((c) => !c.is_test).length <= 1,
  };
}

/** Cards for the calls ringing now, newest first: who is calling before the desk picks up. */
export function CallerCards({ nav }: { nav: Navigate }) {
  const client = useClient();
  const [calls, setCalls] = useState<Call[]>([]);
  useEffect(
    () =>
      client.subscribe((message) => {
        if (message.type === 'call.started' && message.data.direction === 'inbound' && Date.now() - Date.parse(message.data.started_at) < RINGING_WITHIN_MS) {
          const call = message.data;
          setCalls((list) => [call, ...list.filter((c) => c.call_sid !== call.call_sid)].slice(0, MAX_CARDS));
        } else if (message.type === 'call.updated') {
          const call = message.data;
          setCalls((list) => list.map((c) => (c.call_sid === call.call_sid ? call : c)));
        }
      }),
    [client],
  );
  if (calls.length === 0) return null;
  return (
    <aside className="caller-cards" aria-label="Incoming calls" aria-live="polite">
      {calls.map((call) => (
        <CallerCard key={call.call_sid} call={call} nav={nav} onDismiss={() => setCalls((list) => list.filter((c) => c.call_sid !== call.call_sid))} />
      ))}
    </aside>
  );
}

function CallerCard({ call, nav, onDismiss }: { call: Call; nav: Navigate; onDismiss(): void }) {
  const fmt = useFormat();
  const customer = useQuery((c) => (call.customer_id ? c.call('getCustomer', { id: call.customer_id }) : Promise.resolve(null)), [call.customer_id], ['customers']);
  const detail = customer.data ?? null;
  const summary = detail ? callerSummary(detail) : null;
  const name = detail?.name ?? call.customer_name ?? call.caller_name;
  const isNew = !detail || summary?.isNew;
  const state = call.status === 'live' ? (call.answered_at ? 'on the line' : 'ringing') : call.status;
  return (
    <article className={`caller-card ${call.is_test ? 'test' : ''}`} data-call-sid={call.call_sid} aria-label={`Call from ${name ?? fmt.phone(call.from)}`}>
      <header>
        <div>
          <div className="caller-name">
            {isNew ? <span className="badge new">New caller</span> : null} {name ?? (isNew ? '' : 'Unknown name')}
            {call.is_test && <span className="badge test">test</span>}
          </div>
          <div className="caller-phone">{fmt.phone(call.from)}</div>
        </div>
        <div className={`call-state ${call.status}`}>{state}</div>
        <button type="button" className="icon" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      </header>
      {customer.loading && call.customer_id ? <p className="hint">Looking up the caller…</p> : null}
      <ErrorMessage error={customer.error} title="Could not look up the caller" />
      {summary && detail && !isNew && (
        <dl className="caller-facts">
          <dt>Last visit</dt>
          <dd>{summary.lastVisit ? `${fmt.date(summary.lastVisit.start)} · ${summary.lastVisit.service}` : 'none yet'}</dd>
          <dt>Next appointment</dt>
          <dd>{summary.next ? `${fmt.dateTime(summary.next.start)} · ${summary.next.service}` : 'none booked'}</dd>
          <dt>Visits</dt>
          <dd data-testid="caller-visits">{summary.visits}</dd>
          <dt>No-shows (last year)</dt>
          <dd className={detail.reliability.no_shows ? 'warn' : ''} data-testid="caller-no-shows">
            {detail.reliability.no_shows}
          </dd>
          <dt>Late cancellations</dt>
          <dd className={detail.reliability.late_cancellations ? 'warn' : ''} data-testid="caller-late-cancellations">
            {detail.reliability.late_cancellations}
          </dd>
          {detail.notes && (
            <>
              <dt>Notes</dt>
              <dd className="notes">{detail.notes}</dd>
            </>
          )}
        </dl>
      )}
      {detail?.reliability.flagged && <ReliabilityFlag reliability={detail.reliability} />}
      {isNew && !customer.loading && <p className="hint">No visits yet: take their name and book them.</p>}
      <div className="row">
        {call.customer_id && (
          <button type="button" onClick={() => nav.customer(call.customer_id!)}>
            Open customer
          </button>
        )}
        <button
          type="button"
          className="primary"
          onClick={() => nav.book({ customerId: call.customer_id, name: name ?? null, phone: call.from, callSid: call.call_sid })}
        >
          Book for {isNew ? 'this caller' : (name ?? 'them')}
        </button>
      </div>
    </article>
  );
}
