import { useCallback, useEffect, useState } from 'react';
import { callStatusWords } from '../call-words.js';
import type { Call, CustomerDetail } from '../../../electron/contract/index.js';
import type { Navigate } from '../navigation.js';
import { useClient, useFormat, useQuery } from '../state.js';
import { ErrorMessage } from './common.js';
import { ReliabilityFlag } from './Reliability.js';

/** Cards shown at once; the rest wait behind "+N more". */
const MAX_CARDS = 3;
/** A call that started longer ago than this is history (a phone connector's backfill), not one ringing now. */
const RINGING_WITHIN_MS = 10 * 60_000;
/** An answered call's card goes this long after the call ended (missed calls stay until handled). */
export const ANSWERED_CARD_MS = 60_000;
const FADE_MS = 1_000;

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

/**
 * Cards for the calls ringing now, newest first: who is calling before the desk picks up. They
 * sit in a rail of their own at the right (the page makes room for it), so they never cover
 * the page's buttons; at most three at once, all within the window.
 */
export function CallerCards({ nav }: { nav: Navigate }) {
  const client = useClient();
  const [calls, setCalls] = useState<Call[]>([]);
  const [showAll, setShowAll] = useState(false);
  useEffect(
    () =>
      client.subscribe((message) => {
        if (message.type === 'call.started' && message.data.direction === 'inbound' && Date.now() - Date.parse(message.data.started_at) < RINGING_WITHIN_MS) {
          const call = message.data;
          setCalls((list) => [call, ...list.filter((c) => c.call_sid !== call.call_sid)]);
        } else if (message.type === 'call.updated') {
          const call = message.data;
          setCalls((list) => list.map((c) => (c.call_sid === call.call_sid ? call : c)));
        }
      }),
    [client],
  );
  const hasCards = calls.length > 0;
  useEffect(() => {
    document.body.classList.toggle('caller-rail', hasCards);
  }, [hasCards]);
  const dismiss = useCallback((sid: string) => setCalls((list) => list.filter((c) => c.call_sid !== sid)), []);
  if (!hasCards) return null;
  const shown = showAll ? calls : calls.slice(0, MAX_CARDS);
  return (
    <aside className="caller-cards" aria-label="Incoming calls" aria-live="polite">
      {shown.map((call, i) => (
        <CallerCard key={call.call_sid} call={call} nav={nav} compact={i > 0} onDismiss={dismiss} />
      ))}
      {calls.length > MAX_CARDS && (
        <button type="button" className="more-cards" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show the newest 3 only' : `+${calls.length - MAX_CARDS} more`}
        </button>
      )}
    </aside>
  );
}

/** Counts down an ended answered call's card: faded for its last second, then gone. */
function useFadeOut(call: Call, onDismiss: (sid: string) => void): boolean {
  const [fading, setFading] = useState(false);
  const ended = call.status === 'answered' && call.ended_at !== null;
  useEffect(() => {
    if (!ended) return;
    const fade = setTimeout(() => setFading(true), ANSWERED_CARD_MS - FADE_MS);
    const gone = setTimeout(() => onDismiss(call.call_sid), ANSWERED_CARD_MS);
    return () => {
      clearTimeout(fade);
      clearTimeout(gone);
    };
  }, [ended, call.call_sid, onDismiss]);
  return fading;
}

function CallerCard({ call, nav, compact, onDismiss }: { call: Call; nav: Navigate; compact: boolean; onDismiss(sid: string): void }) {
  const fmt = useFormat();
  const fading = useFadeOut(call, onDismiss);
  const customer = useQuery((c) => (call.customer_id ? c.call('getCustomer', { id: call.customer_id }) : Promise.resolve(null)), [call.customer_id], ['customers']);
  const detail = customer.data ?? null;
  const summary = detail ? callerSummary(detail) : null;
  const name = detail?.name ?? call.customer_name ?? call.caller_name;
  const isNew = !detail || summary?.isNew;
  const who = name ?? fmt.phone(call.from);
  return (
    <article
      className={`caller-card ${call.status}${call.is_test ? ' test' : ''}${fading ? ' fading' : ''}${compact ? ' compact' : ''}`}
      data-call-sid={call.call_sid}
      aria-label={`Call from ${who}`}
    >
      <header>
        <div>
          <div className="caller-name">
            {isNew ? <span className="badge new">New caller</span> : null} {name ?? (isNew ? '' : 'Unknown name')}
            {call.is_test && <span className="badge test">test</span>}
          </div>
          <div className="caller-phone">{fmt.phone(call.from)}</div>
        </div>
        <div className={`call-state ${call.status}`}>{callStatusWords(call)}</div>
        <button type="button" className="icon" aria-label={`Dismiss the card of ${who}`} onClick={() => onDismiss(call.call_sid)}>
          ×
        </button>
      </header>
      {customer.loading && call.customer_id ? <p className="hint">Looking up the caller…</p> : null}
      <ErrorMessage error={customer.error} title="Could not look up the caller" />
      {summary && detail && !isNew && compact && (
        <p className="caller-brief">
          {summary.visits} {summary.visits === 1 ? 'visit' : 'visits'}
          {summary.next ? ` · next ${fmt.dateTime(summary.next.start)}` : summary.lastVisit ? ` · last ${fmt.date(summary.lastVisit.start)}` : ''}
        </p>
      )}
      {summary && detail && !isNew && !compact && (
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
