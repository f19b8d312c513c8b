import type { CallEventBody } from '../contract/index.js';

/** The form fields Twilio posts that the salon reads (voice webhook, status callback, Dial action). */
export type TwilioParams = Readonly<Record<string, string | undefined>>;

type EndStatus = NonNullable<CallEventBody['status']>;
const TWILIO_END_STATUSES: Readonly<Record<string, EndStatus>> = {
  completed: 'completed',
  answered: 'answered',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
};

const duration = (text: string | undefined) => {
  const n = Number(text);
  return text !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
};

function base(p: TwilioParams, callSid: string): Pick<CallEventBody, 'call_sid' | 'from' | 'to' | 'caller_name' | 'direction'> {
  return {
    call_sid: callSid,
    ...(p.From ? { from: p.From } : {}),
    ...(p.To ? { to: p.To } : {}),
    ...(p.CallerName ? { caller_name: p.CallerName } : {}),
    direction: p.Direction?.startsWith('outbound') && !p.ParentCallSid ? 'outbound' : 'inbound',
  };
}

/** `/twilio/voice`: a call reached the salon's number. */
export function voiceWebhookEvent(p: TwilioParams): CallEventBody | null {
  if (!p.CallSid) return null;
  return { ...base(p, p.CallSid), event: 'started' };
}

/**
 * `/twilio/status`. When the salon forwards calls, the caller's own leg is "answered" by
 * Twilio itself, so only the forwarded leg (it has a ParentCallSid) says whether a person
 * picked up; its events are recorded on the caller's call. The caller's leg only ever
 * reports a start, or an end that never connected.
 */
export function statusCallbackEvent(p: TwilioParams): CallEventBody | null {
  const forwardedLeg = p.ParentCallSid !== undefined && p.ParentCallSid !== '';
  const callSid = forwardedLeg ? p.ParentCallSid! : p.CallSid;
  if (!callSid) return null;
  const event = p.StatusCallbackEvent ?? '';
  const status = TWILIO_END_STATUSES[p.CallStatus ?? ''];
  const common = forwardedLeg ? { call_sid: callSid } : base(p, callSid);
  if (event === 'initiated' || event === 'ringing') return forwardedLeg ? null : { ...common, event: 'started' };
  if (event === 'answered') return forwardedLeg ? { ...common, event: 'answered' } : null;
  if (event === 'completed' || status) {
    if (!forwardedLeg && (status === 'completed' || status === 'answered' || !status)) return null;
    const seconds = duration(p.CallDuration);
    return { ...common, event: 'ended', status: status ?? 'completed', ...(seconds !== undefined ? { duration_sec: seconds } : {}) };
  }
  return null;
}

/** `/twilio/dial`: the `<Dial action>` callback; DialCallStatus says whether the salon's phone was answered. */
export function dialActionEvent(p: TwilioParams): CallEventBody | null {
  if (!p.CallSid || !p.DialCallStatus) return null;
  const status = TWILIO_END_STATUSES[p.DialCallStatus] ?? 'failed';
  const seconds = duration(p.DialCallDuration);
  return { call_sid: p.CallSid, event: 'ended', status, ...(seconds !== undefined ? { duration_sec: seconds } : { duration_sec: 0 }) };
}

const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** TwiML that forwards the call to the salon's phone, with both callbacks pointing back here. */
export function forwardTwiml(forwardTo: string | undefined, publicBase: string): string {
  if (!forwardTo) {
    return '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Thank you for calling. Please hold the line or call again shortly.</Say><Pause length="2"/><Hangup/></Response>';
  }
  const action = xml(`${publicBase}/twilio/dial`);
  const status = xml(`${publicBase}/twilio/status`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Response>' +
    `<Dial action="${action}" method="POST" timeout="25">` +
    `<Number statusCallbackEvent="initiated ringing answered completed" statusCallback="${status}" statusCallbackMethod="POST">${xml(forwardTo)}</Number>` +
    '</Dial></Response>'
  );
}

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
