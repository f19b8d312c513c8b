import { useState } from 'react';
import type { SettingsView } from '../../../electron/contract/index.js';
import { useAction, useQuery } from '../state.js';
import { ErrorMessage } from './common.js';

/** Where the phone system posts its call events: the settings' answer, or this page's own server. */
export function webhookUrl(settings: SettingsView | undefined): string | null {
  if (settings?.webhook.url) return settings.webhook.url;
  if (typeof window !== 'undefined' && /^https?:$/.test(window.location.protocol)) return new URL('/salon/call', window.location.href).toString();
  return null;
}

/** Sends a flagged test call: it starts, shows in the live calls with a "test" mark, and ends a few seconds later. It counts in no figure. */
export function TestCallButton() {
  const [sent, setSent] = useState<string | null>(null);
  const action = useAction(async (client) => {
    const started = await client.call('sendTestCall', { event: 'started' });
    const sid = started.call.call_sid;
    setTimeout(() => {
      void client.call('sendTestCall', { event: 'ended', call_sid: sid, status: 'completed', duration_sec: 4 }).catch(() => {});
    }, 4000);
    return sid;
  }, ['calls']);
  return (
    <div className="test-call">
      <button
        type="button"
        className="primary"
        disabled={action.pending}
        onClick={async () => {
          const sid = await action.run();
          if (sid) setSent(sid);
        }}
      >
        {action.pending ? 'Sending…' : 'Send a test call'}
      </button>
      {sent && (
        <span className="hint" role="status">
          Test call {sent} sent: it shows under Live calls, marked “test”, and counts in no figure.
        </span>
      )}
      <ErrorMessage error={action.error} title="The test call failed" />
    </div>
  );
}

/** How to connect the phone system: the webhook address, the token rule, and a test call. */
export function ConnectPhoneSystem() {
  const settings = useQuery((c) => c.call('getSettings', {}), [], ['settings']);
  const url = webhookUrl(settings.data);
  return (
    <div className="connect">
      <p>
        Point your phone system's webhook at this address; each call event (<code>started</code>, <code>answered</code>, <code>ended</code>) is a JSON{' '}
        <code>POST</code>:
      </p>
      <p>
        <code className="webhook-url" data-testid="webhook-url">
          {url ?? 'the address shows here when the server is running'}
        </code>
      </p>
      {settings.data?.webhook.token_required && (
        <p>
          The server asks for its webhook token: send <code>Authorization: Bearer &lt;token&gt;</code> with each event.
        </p>
      )}
      <pre className="example">{`{"event": "started", "call_sid": "CA123", "from": "+13125550101", "caller_name": "Ana Ruiz"}`}</pre>
      <TestCallButton />
    </div>
  );
}
