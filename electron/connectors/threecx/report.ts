/**
 * What older 3CX versions (before v20's Call Control API) send at the end of each call: the
 * CRM template's `ReportCall` variables, as the salon's call events. There is no call id among
 * them: the call is named by its number and start, so a repeated report is the same call.
 */
import type { CallEventBody } from '../../contract/index.js';
import { InputError } from '../../core/errors.js';

export const REPORT_CALL_TYPES = ['Inbound', 'Missed', 'Outbound', 'Notanswered'] as const;
export type ReportCallType = (typeof REPORT_CALL_TYPES)[number];

export interface ReportCall {
  CallType: ReportCallType;
  Number: string;
  Name?: string;
  /** `hh:mm:ss`, or whole seconds. */
  Duration?: string;
  CallStartTimeUTC: string;
  CallEstablishedTimeUTC?: string;
  CallEndTimeUTC?: string;
}

/** A UTC time as 3CX writes it (`2026-11-23 15:04:05`, or ISO 8601), as ISO. */
function utc(field: string, text: string | undefined): string | undefined {
  if (!text?.trim()) return undefined;
  const plain = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text.trim());
  const ms = Date.parse(plain ? `${text.trim().replace(' ', 'T')}Z` : text.trim());
  if (Number.isNaN(ms)) throw new InputError(field, `"${text}" is not a UTC time (3CX sends yyyy-MM-dd HH:mm:ss)`);
  return new Date(ms).toISOString();
}

function seconds(text: string | undefined): number | undefined {
  if (!text?.trim()) return undefined;
  const clock = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(text.trim());
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  throw new InputError('Duration', `"${text}" is not a duration (hh:mm:ss or seconds)`);
}

/** The report as a whole call: started, answered when it was, ended. */
export function reportCallEvents(report: ReportCall): CallEventBody[] {
  const start = utc('CallStartTimeUTC', report.CallStartTimeUTC)!;
  const established = utc('CallEstablishedTimeUTC', report.CallEstablishedTimeUTC);
  const duration = seconds(report.Duration);
  const end = utc('CallEndTimeUTC', report.CallEndTimeUTC) ?? new Date(Date.parse(established ?? start) + (duration ?? 0) * 1000).toISOString();
  const inbound = report.CallType === 'Inbound' || report.CallType === 'Missed';
  const answered = report.CallType === 'Inbound' || report.CallType === 'Outbound';
  const callSid = `3cx-${report.Number.replace(/[^\dA-Za-z+]/g, '')}-${Date.parse(start) / 1000}`;
  const name = report.Name?.trim();
  const events: CallEventBody[] = [
    {
      event: 'started',
      call_sid: callSid,
      direction: inbound ? 'inbound' : 'outbound',
      timestamp: start,
      ...(inbound ? { from: report.Number } : { to: report.Number }),
      ...(name && name !== report.Number ? { caller_name: name } : {}),
    },
  ];
  if (answered) events.push({ event: 'answered', call_sid: callSid, timestamp: established ?? start });
  const status = answered ? 'completed' : inbound ? 'missed' : 'no-answer';
  events.push({ event: 'ended', call_sid: callSid, timestamp: end, status, ...(answered && duration !== undefined ? { duration_sec: duration } : {}) });
  return events;
}
