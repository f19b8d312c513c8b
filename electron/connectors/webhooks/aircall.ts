/**
 * Aircall's webhooks (developer.aircall.io, "Webhooks"): a JSON body with the webhook's
 * `token`, the event's `timestamp` (unix seconds) and the call as `data`. The token is
 * compared with AIRCALL_WEBHOOK_TOKEN.
 */
import { callEvents, type EndStatus, type Stage } from './call-change.js';
import { fields, number, sameBytes, staleness, text, unixIso, type WebhookProvider } from './signed-request.js';

/** Why nobody picked up (`missed_call_reason`): the caller gave up, or nobody was there to answer. */
const CALLER_GAVE_UP = new Set(['short_abandoned', 'abandoned_in_ivr', 'abandoned_in_classic']);
const missedStatus = (reason: string | undefined): EndStatus => (reason && CALLER_GAVE_UP.has(reason) ? 'canceled' : 'no-answer');

export const AIRCALL_WEBHOOK: WebhookProvider = {
  id: 'aircall',
  refusal({ json }, secret, now) {
    const body = fields(json);
    const token = text(body.token);
    if (!token) return 'it carries no token';
    if (!sameBytes(token, secret)) return 'its token is not the webhook token set here';
    return staleness((number(body.timestamp) ?? NaN) * 1000, now);
  },
  events(json) {
    const body = fields(json);
    const call = fields(body.data);
    const id = number(call.id) ?? text(call.id);
    if (body.resource !== 'call' || id === undefined) return [];
    const startedAt = unixIso(number(call.started_at));
    const answeredAt = unixIso(number(call.answered_at));
    const at = unixIso(number(call.ended_at)) ?? unixIso(number(body.timestamp))!;
    let stage: Stage;
    switch (body.event) {
      case 'call.created':
      case 'call.ringing_on_agent':
        stage = { kind: 'ringing', at: startedAt ?? at };
        break;
      case 'call.answered':
        stage = { kind: 'answered', at: answeredAt ?? at };
        break;
      case 'call.hungup':
      case 'call.ended':
        stage = answeredAt
          ? { kind: 'ended', at, status: 'completed', duration_sec: number(call.duration) ?? 0 }
          : { kind: 'ended', at, status: missedStatus(text(call.missed_call_reason)) };
        break;
      default:
        return [];
    }
    const outbound = call.direction === 'outbound';
    const other = text(call.raw_digits);
    const own = text(fields(call.number).digits);
    const contact = fields(call.contact);
    const name = [text(contact.first_name), text(contact.last_name)].filter(Boolean).join(' ');
    return callEvents({
      call_sid: String(id),
      direction: outbound ? 'outbound' : 'inbound',
      from: outbound ? own : other,
      to: outbound ? other : own,
      caller_name: outbound ? undefined : name || undefined,
      startedAt,
      stage,
    });
  },
};
