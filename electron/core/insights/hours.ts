import { DateTime } from 'luxon';
import type { SalonDatabase } from '../db.js';
import { hh, WEEKDAYS } from './stats.js';

export interface CallHour {
  /** Monday = 0 … Sunday = 6, local. */
  weekday: number;
  hour: number;
  missed: boolean;
  /** How long a missed call rang (ms); null for the others. */
  rangMs: number | null;
  afterHours: boolean;
}

/** Inbound, real calls started in [from, to), with their local weekday and hour. */
export function callHours(db: SalonDatabase, zone: string, fromMs: number, toMs: number): CallHour[] {
  const rows = db
    .prepare(
      `SELECT started_at, ended_at, outcome, after_hours FROM calls INDEXED BY calls_week
       WHERE started_at >= ? AND started_at < ? AND is_test = 0 AND direction = 'inbound'`,
    )
    .all(fromMs, toMs) as { started_at: number; ended_at: number | null; outcome: string; after_hours: number }[];
  return rows.map((r) => {
    const t = DateTime.fromMillis(r.started_at, { zone });
    const missed = r.outcome === 'missed';
    return { weekday: t.weekday - 1, hour: t.hour, missed, rangMs: missed && r.ended_at !== null ? r.ended_at - r.started_at : null, afterHours: r.after_hours === 1 };
  });
}

export interface Cluster {
  /** First hour of the window, local. */
  from: number;
  /** Hour after the window. */
  to: number;
  count: number;
  /** The weekday with the most of them. */
  weekday: number;
  weekdayCount: number;
}

/** The two consecutive local hours that hold the most of these calls, and the weekday they are most on. */
export function busiestWindow(calls: readonly CallHour[], width = 2): Cluster | null {
  if (calls.length === 0) return null;
  const byHour = new Array<number>(24).fill(0);
  for (const c of calls) byHour[c.hour]!++;
  let best = 0;
  let bestCount = -1;
  for (let h = 0; h <= 24 - width; h++) {
    let n = 0;
    for (let i = 0; i < width; i++) n += byHour[h + i]!;
    if (n > bestCount) {
      best = h;
      bestCount = n;
    }
  }
  const byDay = new Array<number>(7).fill(0);
  for (const c of calls) if (c.hour >= best && c.hour < best + width) byDay[c.weekday]!++;
  const weekday = byDay.indexOf(Math.max(...byDay));
  return { from: best, to: best + width, count: bestCount, weekday, weekdayCount: byDay[weekday]! };
}

/** Whether the window holds enough of the calls to call it a cluster (at least 3, and a quarter of them). */
export const isCluster = (c: Cluster | null, total: number): c is Cluster => c !== null && c.count >= 3 && c.count >= total / 4;

/** Whether one weekday stands out within the window (at least 3 calls and 40% of it). */
export const dayStandsOut = (c: Cluster) => c.weekdayCount >= 3 && c.weekdayCount >= 0.4 * c.count;

export const windowText = (c: Cluster) => `${hh(c.from)}–${hh(c.to)}`;
export const dayName = (weekday: number) => WEEKDAYS[weekday]!;
