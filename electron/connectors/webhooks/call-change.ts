/**
 * The one mapping from "what a provider says happened to a call" to the salon's call events,
 * shared by every webhook (and Dialpad's live events). The caller's details ride on every
 * event, so whichever arrives first still names the caller; a `started` event is only sent
 * with the provider's own start time, so a late or missing ring never moves a call's start.
 */
import type { CallEventBody, END_STATUSES } from '../../contract/index.js';

export type EndStatus = (typeof END_STATUSES)[number];

export type Stage =
  | { kind: 'ringing'; at: string }
  | { kind: 'answered'; at: string }
  | { kind: 'ended'; at: string; status: EndStatus; duration_sec?: number };

export interface CallChange {
  call_sid: string;
  direction: 'inbound' | 'outbound';
  from?: string | undefined;
  to?: string | undefined;
  caller_name?: string | undefined;
  /** When the call began, if the provider says. */
  startedAt?: string | undefined;
  stage: Stage;
}

const MAX_DURATION_SEC = 86_400;

export function callEvents(change: CallChange): CallEventBody[] {
  const { call_sid, direction, stage } = change;
  const party: CallEventBody = { event: 'started', call_sid, direction };
  if (change.from) party.from = change.from;
  if (change.to) party.to = change.to;
  if (change.caller_name) party.caller_name = change.caller_name;
  const startedAt = change.startedAt ?? (stage.kind === 'ringing' ? stage.at : undefined);
  const events: CallEventBody[] = startedAt ? [{ ...party, timestamp: startedAt }] : [];
  if (stage.kind === 'answered') events.push({ ...party, event: 'answered', timestamp: stage.at });
  if (stage.kind === 'ended') {
    const ended: CallEventBody = { ...party, event: 'ended', timestamp: stage.at, status: stage.status };
    if (stage.duration_sec !== undefined) ended.duration_sec = Math.max(0, Math.min(MAX_DURATION_SEC, Math.round(stage.duration_sec)));
    events.push(ended);
  }
  return events;
}

/** A number as E.164 when a provider leaves out the `+` (Vonage: `447700900000`). */
export const withPlus = (digits: string | undefined) => (digits && /^\d{8,15}$/.test(digits) ? `+${digits}` : digits);
