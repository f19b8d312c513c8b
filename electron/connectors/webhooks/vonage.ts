/**
 * Vonage Voice API event webhooks, signed: `Authorization: Bearer <JWT>`, HS256 with the
 * account's signature secret (VONAGE_SIGNATURE_SECRET), whose `payload_hash` claim is the
 * SHA-256 (hex) of the raw body and whose `iat` dates it.
 */
import { createHash, createHmac } from 'node:crypto';
import { callEvents, withPlus, type EndStatus, type Stage } from './call-change.js';
import { fields, header, number, sameBytes, staleness, text, type WebhookProvider } from './signed-request.js';

const MISSED: Readonly<Record<string, EndStatus>> = {
  unanswered: 'no-answer',
  timeout: 'no-answer',
  busy: 'busy',
  rejected: 'busy',
  cancelled: 'canceled',
  failed: 'failed',
};

const part = (segment: string): Record<string, unknown> | null => {
  try {
    return fields(JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
};

export const VONAGE_WEBHOOK: WebhookProvider = {
  id: 'vonage',
  refusal({ raw, headers }, secret, now) {
    const token = /^Bearer (.+)$/.exec(header(headers, 'authorization') ?? '')?.[1];
    const segments = token?.split('.');
    if (!segments || segments.length !== 3) return 'it carries no signed JWT in Authorization';
    const [head, payload, signature] = segments as [string, string, string];
    if (part(head)?.alg !== 'HS256') return 'its JWT is not signed with HS256';
    const expected = createHmac('sha256', secret).update(`${head}.${payload}`).digest();
    if (!sameBytes(expected, Buffer.from(signature, 'base64url'))) return 'its JWT is not signed with the signature secret set here';
    const claims = part(payload) ?? {};
    const hash = createHash('sha256').update(raw).digest('hex');
    if (!sameBytes(hash, text(claims.payload_hash) ?? '')) return 'its JWT’s payload_hash is not the body’s';
    return staleness((number(claims.iat) ?? NaN) * 1000, now);
  },
  events(json) {
    const event = fields(json);
    const id = text(event.uuid);
    const at = text(event.timestamp);
    const status = text(event.status);
    if (!id || !at || !status) return [];
    let stage: Stage;
    if (status === 'started' || status === 'ringing') stage = { kind: 'ringing', at };
    else if (status === 'answered') stage = { kind: 'answered', at };
    else if (status === 'completed') stage = { kind: 'ended', at, status: 'completed', duration_sec: number(event.duration) ?? 0 };
    else if (MISSED[status]) stage = { kind: 'ended', at, status: MISSED[status] };
    else return [];
    return callEvents({
      call_sid: id,
      direction: event.direction === 'outbound' ? 'outbound' : 'inbound',
      from: withPlus(text(event.from)),
      to: withPlus(text(event.to)),
      startedAt: text(event.start_time),
      stage,
    });
  },
};
