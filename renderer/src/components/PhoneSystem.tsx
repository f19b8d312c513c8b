/**
 * Settings → Phone system: pick the provider, paste its credentials (shown masked once saved,
 * never sent back), test them, and watch the connector: its state, its last error in words,
 * and the backfill's progress.
 */
import { useState, type FormEvent } from 'react';
import type { ConnectorId, ConnectorTestResult, ConnectorView } from '../../../electron/contract/index.js';
import { useAction, useFormat, useQuery } from '../state.js';
import { ErrorMessage, Loading } from './common.js';

const STATE_WORDS: Record<ConnectorView['state'], string> = {
  off: 'Off',
  connecting: 'Connecting…',
  syncing: 'Bringing in past calls…',
  ok: 'Connected',
  error: 'Not working',
};

const MODE_WORDS: Record<ConnectorView['mode'], string> = {
  pull: 'reads the call log every poll interval',
  live: 'live: calls appear as they ring',
  webhook: 'the provider posts each call to this app',
};

export function PhoneSystem() {
  const list = useQuery((c) => c.call('listConnectors', {}), [], ['connectors']);
  const [chosen, setChosen] = useState<ConnectorId | null>(null);
  if (list.loading) return <Loading what="the phone connectors" />;
  if (!list.data) return <ErrorMessage error={list.error} title="Could not read the phone connectors" />;
  const items = list.data.items;
  const current = items.find((c) => c.id === chosen) ?? items.find((c) => c.credentials.source !== null) ?? items[0];
  if (!current) return null;
  return (
    <div className="phone-system">
      <label>
        Provider
        <select name="provider" value={current.id} onChange={(e) => setChosen(e.target.value as ConnectorId)}>
          {items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">
        {current.name}: {MODE_WORDS[current.mode]}.{' '}
        {current.mode === 'webhook' ? (
          <>
            Point {current.name}’s webhook at <code data-testid="webhook-address">https://&lt;public address&gt;/{current.id}/webhook</code>: the desk needs a public address for it, usually a
            tunnel (see the README, “Webhooks through a tunnel”). Every post must carry {current.name}’s signature, checked with what you paste here.
          </>
        ) : (
          <>The app reaches {current.name} from inside the salon: no port forwarding or tunnel.</>
        )}
      </p>
      <ConnectorStatus view={current} />
      <CredentialsForm key={`${current.id}|${current.credentials.fields.map((f) => f.masked).join('|')}`} view={current} />
    </div>
  );
}

function ConnectorStatus({ view }: { view: ConnectorView }) {
  const fmt = useFormat();
  const when = (iso: string | null) => (iso ? fmt.dateTime(iso) : 'never');
  return (
    <div className="connector-status" data-connector={view.id} data-state={view.state}>
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <span className={`badge state ${view.state}`} data-testid="connector-state">
            {STATE_WORDS[view.state]}
          </span>
        </dd>
        <dt>Last sync</dt>
        <dd>{when(view.last_sync_at)}</dd>
        <dt>Last call seen</dt>
        <dd>{when(view.last_event_at)}</dd>
        <dt>Calls brought in</dt>
        <dd data-testid="connector-imported">{fmt.count(view.calls_imported)}</dd>
      </dl>
      {view.backfill && (
        <label className="backfill">
          Past calls: day {view.backfill.done} of {view.backfill.total ?? '?'}
          <progress data-testid="connector-backfill" value={view.backfill.done} max={view.backfill.total ?? undefined} />
        </label>
      )}
      {view.state === 'error' && view.last_error && (
        <p className="error" role="alert" data-testid="connector-error">
          {view.last_error}
        </p>
      )}
    </div>
  );
}

function CredentialsForm({ view }: { view: ConnectorView }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [tested, setTested] = useState<ConnectorTestResult | null>(null);
  const fromEnv = view.credentials.source === 'env';
  const typed = () => Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
  const test = useAction((client, credentials: Record<string, string>) => client.call('testConnector', { id: view.id, ...(Object.keys(credentials).length ? { credentials } : {}) }), []);
  const save = useAction((client, credentials: Record<string, string> | null) => client.call('saveConnector', { id: view.id, credentials }), ['connectors']);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTested(null);
    if (await save.run(typed())) setValues({});
  };
  return (
    <form className="credentials" onSubmit={submit} noValidate aria-label={`${view.name} credentials`}>
      {fromEnv && <p className="hint">These credentials are set in the server’s environment (or .env): change them there.</p>}
      {view.credentials.fields.map((f) => (
        <label key={f.name}>
          {f.label}
          <input
            name={f.name}
            type={f.secret ? 'password' : 'text'}
            autoComplete="off"
            spellCheck={false}
            disabled={fromEnv}
            placeholder={f.masked ? `saved: ${f.masked}` : ''}
            value={values[f.name] ?? ''}
            onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
          />
        </label>
      ))}
      <ErrorMessage error={save.error ?? test.error} />
      {tested && (
        <p className={tested.ok ? 'success' : 'error'} role="status" data-testid="connector-test">
          {tested.message}
        </p>
      )}
      <div className="row">
        <button type="button" disabled={test.pending} onClick={async () => setTested((await test.run(typed())) ?? null)}>
          {test.pending ? 'Testing…' : 'Test connection'}
        </button>
        {!fromEnv && (
          <button type="submit" className="primary" disabled={save.pending}>
            Save and connect
          </button>
        )}
        {view.credentials.source === 'settings' && (
          <button type="button" disabled={save.pending} onClick={() => void save.run(null)}>
            Disconnect
          </button>
        )}
      </div>
    </form>
  );
}
