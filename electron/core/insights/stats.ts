/** Small statistics and wording helpers shared by the rules. */

export const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);
export const growthOf = (current: number, base: number): number | null => (base === 0 ? null : (current - base) / base);
export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : sum(xs) / xs.length);

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Fewer events than this in both weeks together, and a change says nothing. */
export const MIN_EVENTS = 10;

/**
 * Whether two counts differ by more than chance: counts of independent events (calls,
 * bookings) vary week to week by about √n, so a difference under 2·√(a + b) is noise.
 * `unit` turns money into counts (the average ticket).
 */
export function countsDiffer(a: number, b: number, unit = 1): boolean {
  const x = a / unit;
  const y = b / unit;
  if (x + y < MIN_EVENTS) return false;
  return Math.abs(x - y) > 2 * Math.sqrt(x + y);
}

/** Whether a count differs from the average of k earlier weeks by more than chance: the noise is √(this + average/k). */
export function differsFromAverage(current: number, average: number, k: number, unit = 1): boolean {
  const x = current / unit;
  const y = average / unit;
  if (k === 0 || x + y < MIN_EVENTS) return false;
  return Math.abs(x - y) > 2 * Math.sqrt(x + y / k);
}

/**
 * The z score of the difference between two proportions k1/n1 and k2/n2 (pooled). Positive
 * when the first is higher; 0 when either sample is empty.
 */
export function proportionZ(k1: number, n1: number, k2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 0;
  const p = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return 0;
  return (k1 / n1 - k2 / n2) / se;
}

/** One-sided 95%: a rise or a fall this large is unlikely to be chance. */
export const Z_ONE_SIDED = 1.645;

export const TOO_SMALL = 'A change this size is within ordinary week-to-week variation: too small to mean anything.';
export const TOO_FEW = 'Too few to tell: the numbers are too small for the change to mean anything.';

// ---- wording (the API's figures stay exact; text rounds) ----

export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

export function pct(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** "up 12%", "down 3%", "unchanged", or "new" when there was nothing to compare with. */
export function change(g: number | null): string {
  if (g === null) return 'new this week (nothing to compare with)';
  if (Math.abs(g) < 0.005) return 'unchanged';
  return `${g > 0 ? 'up' : 'down'} ${pct(Math.abs(g))}`;
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
// The machine's own way of telling the hour, as the dashboard does (10:00 AM in the US, 10:00 in most of Europe).
const HOUR_FORMAT = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
/** An hour of the day (0–24), in the machine's locale. */
export const hh = (h: number) => HOUR_FORMAT.format(Date.UTC(2000, 0, 1, h % 24));
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
