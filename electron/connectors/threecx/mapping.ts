/**
 * 3CX's calls as the salon's call events. Live: Call Control participants (one per leg of a
 * call on a monitored extension or queue, all sharing the call's `callid`): the first one seen
 * starts the call, one `Connected` answers it, the removal of the last ends it. History: the
 * segments of `CallHistoryView`, grouped by `CallId`, as whole calls. Both name the call by its
 * 3CX call id, so a call seen live and in the history is one call.
 */
import type { CallEventBody } from '../../contract/index.js';

/** `GET /callcontrol/{dn}/participants/{id}`. */
export interface Participant {
  id: number;
  status: 'Ringing' | 'Dialing' | 'Connected' | string;
  party_caller_id?: string;
  party_caller_name?: string;
  callid: number;
  dn?: string;
}

/** One row of `GET /xapi/v1/CallHistoryView`. */
export interface HistorySegment {
  SegmentId: number;
  CallId: number;
  SegmentStartTime: string;
  SegmentEndTime: string;
  SrcCallerNumber?: string;
  SrcDisplayName?: string;
  SrcInternal?: boolean;
  DstInternal?: boolean;
  CallAnswered?: boolean;
  /** Talk time as an ISO 8601 duration (`PT1M5S`). */
  CallTime?: string;
}

interface LiveCall {
  legs: Set<string>;
  answered: boolean;
}

const present = (text: string | undefined) => (text && text.trim() ? text.trim() : undefined);

/** Calls in progress, by the participants' entity paths. */
export class ParticipantTracker {
  private readonly calls = new Map<string, LiveCall>();
  private readonly legs = new Map<string, string>();

  /** A participant added or changed (`event_type` 0). */
  upsert(entity: string, p: Participant, at: string): CallEventBody[] {
    const callSid = String(p.callid);
    this.legs.set(entity, callSid);
    let call = this.calls.get(callSid);
    const events: CallEventBody[] = [];
    if (!call) {
      call = { legs: new Set(), answered: false };
      this.calls.set(callSid, call);
      const from = present(p.party_caller_id);
      const name = present(p.party_caller_name);
      events.push({
        event: 'started',
        call_sid: callSid,
        direction: p.status === 'Dialing' ? 'outbound' : 'inbound',
        timestamp: at,
        ...(from ? { from } : {}),
        ...(name && name !== from ? { caller_name: name } : {}),
        ...(p.dn ? { to: p.dn } : {}),
      });
    }
    call.legs.add(entity);
    if (p.status === 'Connected' && !call.answered) {
      call.answered = true;
      events.push({ event: 'answered', call_sid: callSid, timestamp: at });
    }
    return events;
  }

  /** A participant gone (`event_type` 1): the last one ends the call. */
  remove(entity: string, at: string): CallEventBody[] {
    const callSid = this.legs.get(entity);
    this.legs.delete(entity);
    const call = callSid ? this.calls.get(callSid) : undefined;
    if (!call || !callSid) return [];
    call.legs.delete(entity);
    if (call.legs.size) return [];
    this.calls.delete(callSid);
    return [{ event: 'ended', call_sid: callSid, timestamp: at, status: call.answered ? 'completed' : 'missed' }];
  }
}

/** `PT1H2M3.5S` in whole seconds; 0 when unreadable. */
export function isoDurationSeconds(text: string | undefined): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text ?? '');
  if (!m) return 0;
  return Math.round(Number(m[1] ?? 0) * 86_400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
}

const iso = (text: string) => new Date(Date.parse(text)).toISOString();

/** One call's segments (any order) as its events: started, answered when someone inside picked up, ended. */
export function historyCallEvents(segments: readonly HistorySegment[]): CallEventBody[] {
  const ordered = [...segments].sort((a, b) => Date.parse(a.SegmentStartTime) - Date.parse(b.SegmentStartTime));
  const first = ordered[0];
  if (!first) return [];
  const callSid = String(first.CallId);
  const talked = ordered.filter((s) => s.CallAnswered && s.DstInternal);
  const endMs = Math.max(...ordered.map((s) => Date.parse(s.SegmentEndTime)));
  const from = present(first.SrcCallerNumber);
  const name = present(first.SrcDisplayName);
  const events: CallEventBody[] = [
    {
      event: 'started',
      call_sid: callSid,
      direction: first.SrcInternal ? 'outbound' : 'inbound',
      timestamp: iso(first.SegmentStartTime),
      ...(from ? { from } : {}),
      ...(name && name !== from ? { caller_name: name } : {}),
    },
  ];
  if (talked[0]) events.push({ event: 'answered', call_sid: callSid, timestamp: iso(talked[0].SegmentStartTime) });
  events.push({
    event: 'ended',
    call_sid: callSid,
    timestamp: new Date(endMs).toISOString(),
    status: talked.length ? 'completed' : 'missed',
    ...(talked.length ? { duration_sec: Math.min(86_400, talked.reduce((sum, s) => sum + isoDurationSeconds(s.CallTime), 0)) } : {}),
  });
  return events;
}
