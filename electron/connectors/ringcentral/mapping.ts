/**
 * RingCentral's calls as the salon's call events: telephony session notifications (live) and
 * call log records (catch-up and backfill). Both name the call by its `telephonySessionId`, so
 * a call seen live and in the log is one call.
 */
import type { CallEventBody } from '../../contract/index.js';

interface PartyEnd {
  phoneNumber?: string;
  name?: string;
  extensionId?: string;
}

export interface TelephonyParty {
  id: string;
  extensionId?: string;
  direction?: 'Inbound' | 'Outbound';
  from?: PartyEnd;
  to?: PartyEnd;
  status: { code: string; reason?: string };
  missedCall?: boolean;
}

/** The `body` of a `/telephony/sessions` notification. */
export interface TelephonySession {
  telephonySessionId: string;
  eventTime: string;
  parties: TelephonyParty[];
}

export interface CallLogRecord {
  id: string;
  telephonySessionId?: string;
  sessionId?: string;
  startTime: string;
  duration: number;
  direction: 'Inbound' | 'Outbound';
  result: string;
  from?: PartyEnd;
  to?: PartyEnd;
}

const ANSWERED_RESULTS = new Set(['Accepted', 'Call connected']);
const MISSED_RESULTS = new Set(['Missed', 'No Answer', 'Hang Up', 'Abandoned', 'Busy', 'Rejected', 'Declined']);

function caller(direction: string | undefined, from: PartyEnd | undefined, to: PartyEnd | undefined, callSid: string): Pick<CallEventBody, 'call_sid' | 'from' | 'to' | 'caller_name' | 'direction'> {
  return {
    call_sid: callSid,
    ...(from?.phoneNumber ? { from: from.phoneNumber } : {}),
    ...(to?.phoneNumber ? { to: to.phoneNumber } : {}),
    ...(from?.name ? { caller_name: from.name } : {}),
    direction: direction === 'Outbound' ? 'outbound' : 'inbound',
  };
}

/** The salon's own party of a session: the one on one of its extensions (else the first). */
const ownParty = (session: TelephonySession) => session.parties.find((p) => p.extensionId) ?? session.parties[0];

/** What one session notification says about the call. */
export function sessionEvents(session: TelephonySession): CallEventBody[] {
  const party = ownParty(session);
  if (!party) return [];
  const base = caller(party.direction, party.from, party.to, session.telephonySessionId);
  const at = { timestamp: session.eventTime };
  switch (party.status.code) {
    case 'Setup':
    case 'Proceeding':
      return [{ ...base, ...at, event: 'started' }];
    case 'Answered':
      return [{ ...base, ...at, event: 'started' }, { call_sid: base.call_sid, ...at, event: 'answered' }];
    case 'VoiceMail':
      return [{ ...base, ...at, event: 'started' }, { call_sid: base.call_sid, ...at, event: 'ended', status: 'voicemail' }];
    case 'Disconnected':
    case 'Gone':
      // The duration comes from the answered event's time; a call nobody answered is missed.
      return [{ ...base, ...at, event: 'started' }, { call_sid: base.call_sid, ...at, event: 'ended', status: party.missedCall ? 'missed' : 'completed' }];
    default:
      return [];
  }
}

/** A call log record as a whole call: started, and ended with its result. */
export function logRecordEvents(record: CallLogRecord): CallEventBody[] {
  const callSid = record.telephonySessionId ?? record.sessionId ?? record.id;
  const startMs = Date.parse(record.startTime);
  const duration = Math.max(0, Math.min(86_400, Math.round(record.duration)));
  let status: NonNullable<CallEventBody['status']>;
  if (ANSWERED_RESULTS.has(record.result)) status = 'completed';
  else if (record.result === 'Voicemail') status = 'voicemail';
  else if (MISSED_RESULTS.has(record.result)) status = 'missed';
  else status = 'failed';
  return [
    { ...caller(record.direction, record.from, record.to, callSid), event: 'started', timestamp: new Date(startMs).toISOString() },
    { call_sid: callSid, event: 'ended', status, duration_sec: duration, timestamp: new Date(startMs + duration * 1000).toISOString() },
  ];
}
