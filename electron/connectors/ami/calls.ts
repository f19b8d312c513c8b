/**
 * Asterisk's channel events as the salon's calls. A call is keyed by `Linkedid`, the
 * `Uniqueid` of the channel that began it: a `Newchannel` in an inbound context starts it; a
 * `DialEnd` with `DialStatus: ANSWER`, or a `BridgeEnter` of the inbound channel, answers it;
 * the `Hangup` of its last channel ends it. The end waits a moment for the `Cdr` event
 * (`cdr_manager`), which gives the talk time and, for a call nobody answered, why.
 */
import type { CallEventBody } from '../../contract/index.js';
import type { AmiMessage } from './protocol.js';

type EndStatus = NonNullable<CallEventBody['status']>;

/** Why a dial was not answered (`DialStatus`), as the salon's end status. */
const DIAL_STATUSES: Readonly<Record<string, EndStatus>> = {
  NOANSWER: 'no-answer',
  CANCEL: 'canceled',
  BUSY: 'busy',
  CONGESTION: 'failed',
  CHANUNAVAIL: 'failed',
};

/** The same from a CDR's `Disposition`, when no dial said. */
const DISPOSITIONS: Readonly<Record<string, EndStatus>> = {
  'NO ANSWER': 'no-answer',
  BUSY: 'busy',
  FAILED: 'failed',
  CONGESTION: 'failed',
};

interface TrackedCall {
  /** The channels of the call still up, by Uniqueid. */
  channels: Set<string>;
  answered: boolean;
  /** The last unanswered dial's status. */
  dialStatus: EndStatus | null;
  /** Set once its last channel hung up: the end, waiting for the CDR. */
  endedAt: string | null;
}

export interface TrackerResult {
  events: CallEventBody[];
  /** A call whose last channel hung up: end it with `finish` if no CDR comes first. */
  awaitingCdr?: string;
}

const NONE: TrackerResult = { events: [] };

/** Caller ID as Asterisk leaves it when there is none. */
const known = (value: string | undefined) => (value && value !== '<unknown>' && value !== 'unknown' ? value : undefined);

export class AmiCallTracker {
  private readonly calls = new Map<string, TrackedCall>();

  constructor(private readonly inboundContexts: ReadonlySet<string>) {}

  /** What one event says; `at` is its time (ISO). */
  handle(message: AmiMessage, at: string): TrackerResult {
    const linkedid = message.Linkedid;
    switch (message.Event) {
      case 'Newchannel':
        return this.newChannel(message, at);
      case 'DialEnd': {
        const call = linkedid ? this.calls.get(linkedid) : undefined;
        if (!call || !linkedid) return NONE;
        if (message.DialStatus === 'ANSWER') return this.answer(linkedid, call, at);
        call.dialStatus = DIAL_STATUSES[message.DialStatus ?? ''] ?? call.dialStatus;
        return NONE;
      }
      case 'BridgeEnter': {
        const call = linkedid ? this.calls.get(linkedid) : undefined;
        return call && linkedid && message.Uniqueid === linkedid ? this.answer(linkedid, call, at) : NONE;
      }
      case 'Hangup': {
        const call = linkedid ? this.calls.get(linkedid) : undefined;
        if (!call || !linkedid || !message.Uniqueid) return NONE;
        call.channels.delete(message.Uniqueid);
        if (call.channels.size > 0 || call.endedAt) return NONE;
        call.endedAt = at;
        return { events: [], awaitingCdr: linkedid };
      }
      case 'Cdr': {
        const id = message.UniqueID ?? message.Uniqueid;
        const call = id ? this.calls.get(id) : undefined;
        if (!call?.endedAt || !id) return NONE;
        return { events: this.end(id, call, message) };
      }
      default:
        return NONE;
    }
  }

  private newChannel(message: AmiMessage, at: string): TrackerResult {
    const { Linkedid: linkedid, Uniqueid: uniqueid } = message;
    if (!linkedid || !uniqueid) return NONE;
    const call = this.calls.get(linkedid);
    if (call) {
      call.channels.add(uniqueid);
      return NONE;
    }
    // Only the channel that begins a call, in a context where calls come in from outside.
    if (uniqueid !== linkedid || !this.inboundContexts.has(message.Context ?? '')) return NONE;
    this.calls.set(linkedid, { channels: new Set([uniqueid]), answered: false, dialStatus: null, endedAt: null });
    const from = known(message.CallerIDNum);
    const name = known(message.CallerIDName);
    const to = known(message.Exten);
    return {
      events: [
        {
          event: 'started',
          call_sid: linkedid,
          direction: 'inbound',
          timestamp: at,
          ...(from ? { from } : {}),
          ...(name && name !== from ? { caller_name: name } : {}),
          ...(to && to !== 's' ? { to } : {}),
        },
      ],
    };
  }

  private answer(linkedid: string, call: TrackedCall, at: string): TrackerResult {
    if (call.answered) return NONE;
    call.answered = true;
    return { events: [{ event: 'answered', call_sid: linkedid, timestamp: at }] };
  }

  /** The end of a call whose CDR did not come (cdr_manager off); nothing when it was ended already. */
  finish(linkedid: string): CallEventBody[] {
    const call = this.calls.get(linkedid);
    return call?.endedAt ? this.end(linkedid, call, null) : [];
  }

  /** Calls in progress (by Linkedid), for reconciling with the channels Asterisk still has. */
  open(): string[] {
    return [...this.calls.entries()].filter(([, c]) => !c.endedAt).map(([id]) => id);
  }

  /** Ends a call whose channels are gone without a Hangup seen (it happened while disconnected). */
  vanished(linkedid: string, at: string): TrackerResult {
    const call = this.calls.get(linkedid);
    if (!call || call.endedAt) return NONE;
    call.channels.clear();
    call.endedAt = at;
    return { events: this.end(linkedid, call, null) };
  }

  private end(linkedid: string, call: TrackedCall, cdr: AmiMessage | null): CallEventBody[] {
    this.calls.delete(linkedid);
    const talk = Number(cdr?.BillableSeconds);
    if (call.answered) {
      return [{ event: 'ended', call_sid: linkedid, timestamp: call.endedAt!, status: 'completed', ...(cdr && Number.isInteger(talk) && talk >= 0 ? { duration_sec: talk } : {}) }];
    }
    // Nobody picked up (an IVR answering the line does not count): missed, with the reason known.
    const status = call.dialStatus ?? DISPOSITIONS[cdr?.Disposition ?? ''] ?? 'missed';
    return [{ event: 'ended', call_sid: linkedid, timestamp: call.endedAt!, status }];
  }
}
