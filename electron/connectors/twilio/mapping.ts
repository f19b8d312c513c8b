/**
 * Twilio's call records (REST `Calls.json`) as the salon's call events. A leg that `<Dial>`
 * forwarded (it has a `parent_call_sid`) is not a call of its own: it decides whether its
 * parent, the caller's call, was answered.
 */
import type { CallEventBody } from '../../contract/index.js';

/** The fields of Twilio's Call resource that the salon reads. */
export interface TwilioCall {
  sid: string;
  parent_call_sid: string | null;
  from: string | null;
  to: string | null;
  caller_name?: string | null;
  direction: string;
  status: string;
  /** RFC 2822, e.g. `Tue, 10 Aug 2010 08:02:31 +0000`; null while queued. */
  start_time: string | null;
  end_time: string | null;
  date_created?: string | null;
  /** Whole seconds, as a string; null until the call ends. */
  duration: string | null;
}

const LIVE = new Set(['queued', 'ringing', 'in-progress']);
const MISSED = new Set(['no-answer', 'busy', 'canceled', 'failed']);

/** RFC 2822 as ISO 8601 (UTC); null when absent or unreadable. */
export function rfc2822ToIso(text: string | null | undefined): string | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const seconds = (text: string | null) => {
  const n = Number(text);
  return text !== null && Number.isInteger(n) && n >= 0 ? Math.min(n, 86_400) : 0;
};

const isLive = (c: TwilioCall) => LIVE.has(c.status);
/** A forwarded leg a person picked up: in progress now, or completed having lasted. */
const legAnswered = (leg: TwilioCall) => leg.status === 'in-progress' || (leg.status === 'completed' && seconds(leg.duration) > 0);
const startOf = (c: TwilioCall) => rfc2822ToIso(c.start_time) ?? rfc2822ToIso(c.date_created);

/** The events one call and its forwarded legs describe, in the order they happened. */
export function twilioCallEvents(call: TwilioCall, legs: readonly TwilioCall[]): CallEventBody[] {
  const started = startOf(call);
  const outbound = call.direction === 'outbound-api' || call.direction === 'outbound-dial';
  const events: CallEventBody[] = [
    {
      event: 'started',
      call_sid: call.sid,
      ...(call.from ? { from: call.from } : {}),
      ...(call.to ? { to: call.to } : {}),
      ...(call.caller_name ? { caller_name: call.caller_name } : {}),
      direction: outbound ? 'outbound' : 'inbound',
      ...(started ? { timestamp: started } : {}),
    },
  ];
  const answeredLeg = legs.find(legAnswered);
  const pickedUpAt = answeredLeg ? startOf(answeredLeg) : null;
  if (answeredLeg) events.push({ event: 'answered', call_sid: call.sid, ...(pickedUpAt ? { timestamp: pickedUpAt } : {}) });
  if (isLive(call)) return events;

  const ended = rfc2822ToIso(call.end_time);
  const duration = seconds(call.duration);
  let status: NonNullable<CallEventBody['status']>;
  if (MISSED.has(call.status)) status = call.status as typeof status;
  // Twilio completes the caller's leg whenever <Dial> ran: with legs, only a leg says whether anyone picked up.
  else if (legs.length > 0) status = answeredLeg ? 'completed' : 'no-answer';
  else status = call.status === 'completed' ? 'completed' : 'failed';
  events.push({ event: 'ended', call_sid: call.sid, status, duration_sec: duration, ...(ended ? { timestamp: ended } : {}) });
  return events;
}

/** Groups records into calls (forwarded legs under their parent); a parent missing from the records is named in `orphans`. */
export function groupCalls(records: readonly TwilioCall[]): { calls: { call: TwilioCall; legs: TwilioCall[] }[]; orphans: string[] } {
  const bySid = new Map(records.map((r) => [r.sid, r]));
  const legs = new Map<string, TwilioCall[]>();
  for (const r of records) {
    if (!r.parent_call_sid) continue;
    legs.set(r.parent_call_sid, [...(legs.get(r.parent_call_sid) ?? []), r]);
  }
  const calls = records.filter((r) => !r.parent_call_sid).map((call) => ({ call, legs: legs.get(call.sid) ?? [] }));
  const orphans = [...legs.keys()].filter((sid) => !bySid.has(sid));
  return { calls, orphans };
}

/** Every event of a set of records, oldest call first, each call's events in order. */
export function eventsOf(records: readonly TwilioCall[]): CallEventBody[] {
  const { calls } = groupCalls(records);
  const time = (c: TwilioCall) => Date.parse(c.start_time ?? c.date_created ?? '') || 0;
  return calls.sort((a, b) => time(a.call) - time(b.call) || (a.call.sid < b.call.sid ? -1 : 1)).flatMap(({ call, legs }) => twilioCallEvents(call, legs));
}
