import { useState, type FormEvent } from 'react';
import type { ListenerView } from '../../../electron/contract/index.js';
import { useAction, useQuery } from '../state.js';
import { ErrorMessage, Loading } from './common.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random token of `length` letters and digits, from the browser's cryptographic generator (unbiased: bytes past the last whole alphabet are drawn again). */
export function randomToken(length = 32): string {
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}

/** Settings → the webhook listener's port and token: changed here in the desktop app (it listens again at once); set on the command line for the headless server. */
export function ListenerSettings() {
  const listener = useQuery((c) => c.call('getListener', {}), [], ['settings']);
  if (listener.loading) return <Loading what="the listener" />;
  if (!listener.data) return <ErrorMessage error={listener.error} title="Could not read the listener" />;
  return listener.data.editable ? <ListenerForm view={listener.data} /> : <FixedListener view={listener.data} />;
}

function GeneratedToken() {
  const [token, setToken] = useState<string | null>(null);
  return (
    <div className="row">
      <button type="button" onClick={() => setToken(randomToken())}>
        Generate token
      </button>
      {token && (
        <code className="token" data-testid="generated-token">
          {token}
        </code>
      )}
    </div>
  );
}

function FixedListener({ view }: { view: ListenerView }) {
  return (
    <div className="listener" data-editable="false">
      <p className="hint" data-testid="listener-note">
        {view.note}
      </p>
      <p className="hint">A new token for SALON_WEBHOOK_TOKEN (32 random letters and digits):</p>
      <GeneratedToken />
    </div>
  );
}

function ListenerForm({ view }: { view: ListenerView }) {
  const [port, setPort] = useState(view.port === null ? '' : String(view.port));
  const [token, setToken] = useState('');
  const [clear, setClear] = useState(false);
  const [saved, setSaved] = useState<ListenerView | null>(null);
  const save = useAction((client, change: { port?: number; webhook_token?: string }) => client.call('updateListener', change), ['settings']);
  const portFixed = view.fixed.includes('port');
  const tokenFixed = view.fixed.includes('webhook_token');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const change: { port?: number; webhook_token?: string } = {};
    const p = port.trim();
    if (!portFixed && p !== String(view.port ?? '')) change.port = /^\d+$/.test(p) ? Number(p) : (p as unknown as number);
    if (!tokenFixed && (clear || token !== '')) change.webhook_token = clear ? '' : token;
    if (Object.keys(change).length === 0) return;
    const result = await save.run(change);
    if (result) {
      setSaved(result);
      setPort(result.port === null ? '' : String(result.port));
      setToken('');
      setClear(false);
    }
  };

  return (
    <form className="listener" data-editable="true" noValidate aria-label="Webhook listener" onSubmit={submit}>
      {view.note && (
        <p className="warn" role="alert">
          {view.note}
        </p>
      )}
      {view.warning && (
        <p className="warn" data-testid="listener-warning">
          {view.warning}
        </p>
      )}
      <div className="row">
        <label>
          Port (1024–65535)
          <input name="port" inputMode="numeric" value={port} disabled={portFixed} onChange={(e) => setPort(e.target.value)} />
        </label>
        <label>
          {view.token_set ? 'New webhook token (at least 16 characters)' : 'Webhook token (at least 16 characters)'}
          <input name="webhook_token" autoComplete="off" spellCheck={false} value={token} disabled={tokenFixed || clear} onChange={(e) => setToken(e.target.value)} />
        </label>
        <button type="button" disabled={tokenFixed || clear} onClick={() => setToken(randomToken())}>
          Generate token
        </button>
      </div>
      {view.token_set && !tokenFixed && (
        <div className="row">
          <label>
            <input type="checkbox" checked={clear} onChange={(e) => setClear(e.target.checked)} /> Remove the token (only this computer may then post events)
          </label>
        </div>
      )}
      {view.fixed.length > 0 && (
        <p className="hint">
          {portFixed && 'The port is set by SALON_PORT. '}
          {tokenFixed && 'The token is set by SALON_WEBHOOK_TOKEN. '}
          Remove them from the environment to change them here.
        </p>
      )}
      <p className="hint">
        Saving listens again at once, without a restart; the phone system must then use the new address and send the token as <code>Authorization: Bearer …</code>. Copy
        a new token before saving: it is not shown again.
      </p>
      <ErrorMessage error={save.error} />
      {saved && (
        <p className="success" role="status">
          Listening on {saved.url ?? `port ${saved.port}`}
          {saved.token_set ? ', with a token' : ', without a token'}.
        </p>
      )}
      <button type="submit" className="primary" disabled={save.pending}>
        {save.pending ? 'Applying…' : 'Save and listen again'}
      </button>
    </form>
  );
}
