/** What became of a call, in the desk's words rather than the phone system's codes. */
import type { Call } from '../../electron/contract/index.js';

/**
 * "ringing", "on the line", "answered", "voicemail", "missed — rang out", "missed — caller hung up"
 * (an `abandoned` call: it rang only briefly, or the phone system says the caller cancelled).
 */
export function callStatusWords(call: Call & { abandoned?: boolean }): string {
  if (call.status === 'live') return call.answered_at ? 'on the line' : 'ringing';
  if (call.status === 'answered') return 'answered';
  if (call.end_status === 'voicemail') return 'voicemail';
  if (call.abandoned || call.end_status === 'canceled') return 'missed — caller hung up';
  if (call.end_status === 'busy') return 'missed — line busy';
  if (call.end_status === 'failed') return 'missed — the call did not go through';
  return 'missed — rang out';
}

/** An intent code as the service it maps to ("EMERGENCY_FIX" → "Haircut"), else as words ("Emergency fix"). */
export function intentWords(intent: string, intentMap: Record<string, string> | undefined): string {
  const service = intentMap?.[intent];
  if (service) return service;
  const words = intent.toLowerCase().replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
