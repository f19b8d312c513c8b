/**
 * Telnyx Call Control webhooks: an Ed25519 signature (`telnyx-signature-ed25519`, base64) of
 * `<telnyx-timestamp>|<raw body>`, checked with the account's public key (TELNYX_PUBLIC_KEY,
 * base64, from Mission Control → Keys & Credentials → Public Key).
 */
import { createPublicKey, verify } from 'node:crypto';
import { callEvents, type EndStatus, type Stage } from './call-change.js';
import { fields, header, number, staleness, text, type WebhookProvider } from './signed-request.js';

const HANGUP_STATUS: Readonly<Record<string, EndStatus>> = {
  normal_clearing: 'completed',
  originator_cancel: 'canceled',
  user_busy: 'busy',
  call_rejected: 'busy',
  timeout: 'no-answer',
  no_answer: 'no-answer',
};

const publicKey = (base64: string) => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(base64, 'base64').toString('base64url') }, format: 'jwk' });

export const TELNYX_WEBHOOK: WebhookProvider = {
  id: 'telnyx',
  refusal({ raw, headers }, secret, now) {
    const signature = header(headers, 'telnyx-signature-ed25519');
    const timestamp = header(headers, 'telnyx-timestamp');
    if (!signature || !timestamp) return 'it has no telnyx-signature-ed25519 and telnyx-timestamp headers';
    let genuine: boolean;
    try {
      genuine = verify(null, Buffer.concat([Buffer.from(`${timestamp}|`), raw]), publicKey(secret), Buffer.from(signature, 'base64'));
    } catch {
      genuine = false;
    }
    if (!genuine) return 'its Ed25519 signature does not match the body';
    return staleness((number(timestamp) ?? NaN) * 1000, now);
  },
  events(json) {
    const data = fields(fields(json).data);
    const call = fields(data.payload);
    const id = text(call.call_session_id) ?? text(call.call_leg_id);
    const at = text(data.occurred_at);
    if (!id || !at) return [];
    let stage: Stage;
    switch (data.event_type) {
      case 'call.initiated':
        stage = { kind: 'ringing', at };
        break;
      case 'call.answered':
        stage = { kind: 'answered', at };
        break;
      case 'call.hangup':
        stage = { kind: 'ended', at, status: HANGUP_STATUS[text(call.hangup_cause) ?? ''] ?? 'failed' };
        break;
      default:
        return [];
    }
    const outbound = call.direction === 'outgoing';
    return callEvents({ call_sid: id, direction: outbound ? 'outbound' : 'inbound', from: text(call.from), to: text(call.to), caller_name: outbound ? undefined : text(call.caller_id_name), startedAt: text(call.start_time), stage });
  },
};
