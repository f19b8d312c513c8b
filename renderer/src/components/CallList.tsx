import type { Call } from '../../../electron/contract/index.js';
import { callStatusWords, intentWords } from '../call-words.js';
import { useFormat, useQuery } from '../state.js';
import { DataTable } from './DataTable.js';

/** Calls as a table: when, who, what became of it. */
export function CallTable({ calls, caption, onCustomer }: { calls: Call[]; caption: string; onCustomer?: (id: number) => void }) {
  const fmt = useFormat();
  const services = useQuery((c) => c.call('listServices', {}), [], ['settings']);
  return (
    <div className="table-wrap">
      <DataTable className="calls" caption={caption} headers={['Started', 'Caller', 'Status', 'Duration', 'Asked for']}>
        {calls.map((call) => (
          <tr key={call.call_sid} data-call-sid={call.call_sid} className={`${call.status}${call.is_test ? ' test' : ''}`}>
            <td>
              <time dateTime={call.started_at}>{fmt.dateTime(call.started_at)}</time>
              {call.after_hours && <span className="badge after-hours" title="Started outside business hours">after hours</span>}
            </td>
            <td>
              {call.customer_id && onCustomer ? (
                <button type="button" className="link" onClick={() => onCustomer(call.customer_id!)}>
                  {call.customer_name ?? call.caller_name ?? fmt.phone(call.from)}
                </button>
              ) : (
                (call.customer_name ?? call.caller_name ?? fmt.phone(call.from))
              )}
              {(call.customer_name ?? call.caller_name) && <div className="sub">{fmt.phone(call.from)}</div>}
              {call.direction === 'outbound' && <span className="badge">outbound</span>}
              {call.is_test && <span className="badge test">test</span>}
            </td>
            <td className={`status ${call.status}`}>{callStatusWords(call)}</td>
            <td>{call.duration_sec !== null ? fmt.duration(call.duration_sec) : '—'}</td>
            <td>{call.intent ? intentWords(call.intent, services.data?.intent_map) : '—'}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

/** The calls ringing or in progress now. */
export function LiveCalls({ calls, onCustomer }: { calls: Call[]; onCustomer?: (id: number) => void }) {
  const fmt = useFormat();
  if (calls.length === 0) return <p className="hint" data-testid="no-live-calls">No call in progress. A new call shows here the moment the phone system reports it.</p>;
  return (
    <ul className="live-calls" data-testid="live-calls">
      {calls.map((call) => (
        <li key={call.call_sid} data-call-sid={call.call_sid} className={call.is_test ? 'test' : ''}>
          <span className="pulse" aria-hidden="true" />
          <span className="who">
            {call.customer_id && onCustomer ? (
              <button type="button" className="link" onClick={() => onCustomer(call.customer_id!)}>
                {call.customer_name ?? call.caller_name ?? fmt.phone(call.from)}
              </button>
            ) : (
              (call.customer_name ?? call.caller_name ?? fmt.phone(call.from))
            )}
          </span>
          <span className="sub">{fmt.phone(call.from)}</span>
          <span className="sub">since {fmt.time(call.started_at)}</span>
          <span className={`status ${call.answered_at ? 'answered' : 'ringing'}`}>{call.answered_at ? 'on the line' : 'ringing'}</span>
          {call.is_test && <span className="badge test">test</span>}
        </li>
      ))}
    </ul>
  );
}
