import { useEffect, useState, type FormEvent } from 'react';
import type { AuthRequest } from '../api/client.js';
import { useShared } from '../state.js';

/** The live feed's state, always visible: figures follow events only while it is "Live". */
export function ConnectionBadge() {
  const { connection } = useShared();
  const text = connection === 'open' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <>
      <div className={`connection ${connection}`} role="status" aria-live="polite" data-connection={connection}>
        <span className="dot" aria-hidden="true" /> {text}
      </div>
      {connection === 'reconnecting' && (
        <div className="banner" role="alert" data-testid="reconnecting-banner">
          The connection to the salon server was lost. Reconnecting… The figures below may be out of date until it is back.
        </div>
      )}
    </>
  );
}

/** Asks for the webhook token when the server wants one; it is kept for next time. */
export function TokenDialog() {
  const { client } = useShared();
  const [request, setRequest] = useState<AuthRequest>(client.authRequest());
  const [token, setToken] = useState('');
  useEffect(() => client.onAuthRequest(setRequest), [client]);
  if (!request) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) return;
    client.provideToken(token);
    setToken('');
  };
  return (
    <div className="modal-backdrop">
      <form className="modal" role="dialog" aria-modal="true" aria-labelledby="token-title" onSubmit={submit}>
        <h2 id="token-title">This salon server asks for its token</h2>
        <p>
          {request.reason === 'wrong'
            ? 'The saved token was refused. Type the current webhook token.'
            : 'Type the webhook token (SALON_WEBHOOK_TOKEN, or the token in the desk app’s Settings). This browser keeps it, so it is asked once.'}
        </p>
        <p className="hint">Server: {request.message}</p>
        <label>
          Token
          <input type="password" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} autoFocus required />
        </label>
        <div className="row">
          <button type="submit" className="primary">
            Continue
          </button>
        </div>
      </form>
    </div>
  );
}
