/**
 * OpenPhone (now Quo) webhooks, signed with QUO_WEBHOOK_SECRET in either of its two forms:
 * - `openphone-signature: hmac;1;<timestamp ms>;<base64>`, an HMAC-SHA256 of `<timestamp>.<raw body>`;
 * - Standard Webhooks (`webhook-id`, `webhook-timestamp` in seconds, `webhook-signature: v1,<base64>`, maybe several), an HMAC-SHA256 of `<id>.<timestamp>.<raw body>`.
 * Both are keyed with the secret base64-decoded (a `whsec_` prefix removed first).
 */
import { createHmac } from 'node:crypto';
import { callEvents, type Stage } from './call-change.js';
import { fields, header, number, sameBytes, staleness, text, type WebhookProvider } from './signed-request.js';

const key = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
const hmac = (secret: string, data: Buffer[]) => createHmac('sha256', key(secret)).update(Buffer.concat(data)).digest('base64');

function openPhoneRefusal(value: string, raw: Buffer, secret: string, now: number): string | null {
  const [scheme, version, timestamp, signature] = value.split(';');
  if (scheme !== 'hmac' || version !== '1' || !timestamp || !signature) return 'its openphone-signature is not hmac;1;<timestamp>;<signature>';
  if (!sameBytes(hmac(secret, [Buffer.from(`${timestamp}.`), raw]), signature)) return 'its openphone-signature does not match the body';
  return staleness(number(timestamp) ?? NaN, now);
}

function standardRefusal(id: string | undefined, timestamp: string | undefined, signatures: string, raw: Buffer, secret: string, now: number): string | null {
  if (!id || !timestamp) return 'it has a webhook-signature without webhook-id and webhook-timestamp';
  const expected = hmac(secret, [Buffer.from(`${id}.${timestamp}.`), raw]);
  const given = signatures.split(' ').filter((s) => s.startsWith('v1,')).map((s) => s.slice(3));
  // Every signature is compared, so the time taken does not say which one matched.
  if (!given.map((s) => sameBytes(expected, s)).includes(true)) return 'its webhook-signature does not match the body';
  return staleness((number(timestamp) ?? NaN) * 1000, now);
}

export const QUO_WEBHOOK: WebhookProvider = {
  id: 'quo',
  refusal({ raw, headers }, secret, now) {
    const openPhone = header(headers, 'openphone-signature');
    if (openPhone) return openPhoneRefusal(openPhone, raw, secret, now);
    const standard = header(headers, 'webhook-signature');
    if (standard) return standardRefusal(header(headers, 'webhook-id'), header(headers, 'webhook-timestamp'), standard, raw, secret, now);
    return 'it has neither an openphone-signature nor a webhook-signature header';
  },
  events(json) {
    const event = fields(json);
    const call = fields(fields(event.data).object);
    const id = text(call.id);
    const at = text(event.createdAt);
    if (!id || !at) return [];
    const answeredAt = text(call.answeredAt);
    const endedAt = text(call.completedAt) ?? at;
    let stage: Stage;
    switch (event.type) {
      case 'call.ringing':
        stage = { kind: 'ringing', at: text(call.createdAt) ?? at };
        break;
      case 'call.answered':
        stage = { kind: 'answered', at: answeredAt ?? at };
        break;
      case 'call.completed':
        stage = answeredAt
          ? { kind: 'ended', at: endedAt, status: 'completed', ...(number(call.duration) !== undefined ? { duration_sec: number(call.duration)! } : {}) }
          : { kind: 'ended', at: endedAt, status: call.voicemail ? 'voicemail' : 'missed' };
        break;
      case 'call.missed':
        stage = { kind: 'ended', at: endedAt, status: 'missed' };
        break;
      default:
        return [];
    }
    const outbound = call.direction === 'outgoing';
    return callEvents({ call_sid: id, direction: outbound ? 'outbound' : 'inbound', from: text(call.from), to: text(call.to), startedAt: text(call.createdAt), stage });
  },
};
