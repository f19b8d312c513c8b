/**
 * Dialpad's calls as the salon's call events: the call events its websocket pushes and the
 * records of its call list (`GET /api/v2/call`) carry the same fields, so one mapping serves
 * both. Times are milliseconds since the epoch (as numbers or strings).
 */
import type { CallEventBody } from '../../contract/index.js';
import { callEvents, type CallChange, type Stage } from '../webhooks/call-change.js';

export interface DialpadCall {
  call_id: string | number;
  state?: string;
  direction?: 'inbound' | 'outbound';
  external_number?: string | null;
  internal_number?: string | null;
  contact?: { name?: string | null; phone?: string | null } | null;
  date_started?: number | string | null;
  date_connected?: number | string | null;
  date_ended?: number | string | null;
}

const RINGING = new Set(['calling', 'ringing', 'preanswer']);

export const msOf = (value: number | string | null | undefined): number | undefined => {
  const n = Number(value);
  return value !== null && value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
};
const isoOf = (value: number | string | null | undefined) => {
  const ms = msOf(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

/** `connected` is answered; `missed`, `voicemail`, and `hangup` without `date_connected` are missed. */
export function dialpadEvents(call: DialpadCall): CallEventBody[] {
  const started = isoOf(call.date_started);
  const connected = isoOf(call.date_connected);
  const ended = isoOf(call.date_ended) ?? started;
  const stages: Stage[] = [];
  if (call.state && RINGING.has(call.state) && started) stages.push({ kind: 'ringing', at: started });
  if (connected) stages.push({ kind: 'answered', at: connected });
  if (ended && call.state === 'hangup') {
    const talked = connected ? Math.round((Date.parse(ended) - Date.parse(connected)) / 1000) : 0;
    stages.push(connected ? { kind: 'ended', at: ended, status: 'completed', duration_sec: talked } : { kind: 'ended', at: ended, status: 'missed' });
  }
  if (ended && (call.state === 'missed' || call.state === 'voicemail')) stages.push({ kind: 'ended', at: ended, status: call.state });
  const outbound = call.direction === 'outbound';
  const other = call.external_number ?? call.contact?.phone ?? undefined;
  const own = call.internal_number ?? undefined;
  const base: Omit<CallChange, 'stage'> = {
    call_sid: String(call.call_id),
    direction: outbound ? 'outbound' : 'inbound',
    from: (outbound ? own : other) ?? undefined,
    to: (outbound ? other : own) ?? undefined,
    caller_name: outbound ? undefined : (call.contact?.name ?? undefined),
    startedAt: started,
  };
  return stages.flatMap((stage) => callEvents({ ...base, stage }));
}
