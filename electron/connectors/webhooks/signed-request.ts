/**
 * What every push-only provider's webhook is to the server: a check of its signature (on the
 * raw body, in constant time, with the provider's freshness window) and a mapping of its body
 * onto the salon's call events.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CallEventBody, WebhookConnectorId } from '../../contract/index.js';

export interface SignedRequest {
  /** The body exactly as it came: every signature is over these bytes. */
  raw: Buffer;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

export interface WebhookProvider {
  id: WebhookConnectorId;
  /** Why the request is refused (bad, missing or stale signature), in words; null when it is genuine. */
  refusal(request: SignedRequest, secret: string, now: number): string | null;
  /** The call events a genuine body describes; none for events that are not about calls. */
  events(body: unknown): CallEventBody[];
}

/** How old (or how far ahead) a signed timestamp may be. */
export const TOLERANCE_MS = 5 * 60_000;

/** Why a signed time is refused, or null when it is within the tolerance of `now`. */
export function staleness(atMs: number, now: number): string | null {
  if (!Number.isFinite(atMs)) return 'its timestamp is not a number';
  const off = Math.round((now - atMs) / 1000);
  return Math.abs(now - atMs) > TOLERANCE_MS ? `its timestamp is ${Math.abs(off)} s ${off > 0 ? 'old' : 'ahead'} (at most ${TOLERANCE_MS / 1000} s)` : null;
}

/** Two secrets or digests compared in constant time, whatever their lengths. */
export function sameBytes(a: string | Buffer, b: string | Buffer): boolean {
  const digest = (x: string | Buffer) => createHash('sha256').update(x).digest();
  return timingSafeEqual(digest(a), digest(b)) && Buffer.from(a).length === Buffer.from(b).length;
}

/** One header's value (the first, when sent twice). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** An object's own fields, or an empty record for anything else (a body is never trusted to have a shape). */
export function fields(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
export const number = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
/** Unix seconds as ISO 8601. */
export const unixIso = (seconds: number | undefined): string | undefined => (seconds === undefined ? undefined : new Date(seconds * 1000).toISOString());
