/**
 * Crafted salon histories for the insight, call-back and goal tests: calls and appointments
 * recorded through the core's own ingest, at local times in the salon's zone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { ManualClock } from '../../electron/core/clock.js';
import { Salon } from '../../electron/core/salon.js';

export const ZONE = 'America/Chicago';

export interface History {
  salon: Salon;
  clock: ManualClock;
  close(): void;
}

export function openHistory(nowIso: string): History {
  const dir = mkdtempSync(join(tmpdir(), 'salon-history-'));
  const clock = new ManualClock(Date.parse(nowIso));
  const salon = new Salon(join(dir, 'salon.db'), { clock, overrides: { timezone: ZONE } });
  return {
    salon,
    clock,
    close() {
      salon.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A local time in the salon's zone: `day` is `YYYY-MM-DD`, `hhmm` like `10:30`; minutes may overflow into hours. */
export function local(day: string, hhmm: string, plusMinutes = 0): string {
  const [h, m] = hhmm.split(':').map(Number);
  return DateTime.fromISO(day, { zone: ZONE }).set({ hour: h!, minute: m! }).plus({ minutes: plusMinutes }).toISO()!;
}

export const dayOf = (monday: string, offset: number) => DateTime.fromISO(monday).plus({ days: offset }).toISODate()!;

let phones = 0;
/** A fresh fictional number each call. */
export const newPhone = () => `+1312555${String(1000 + (phones++ % 9000)).padStart(4, '0')}`;

export function call(salon: Salon, sid: string, at: string, outcome: 'answered' | 'missed', from = newPhone()): string {
  salon.recordCallEvent({ event: 'started', call_sid: sid, from, timestamp: at });
  salon.recordCallEvent(
    outcome === 'answered'
      ? { event: 'ended', call_sid: sid, status: 'completed', duration_sec: 90, timestamp: at }
      : { event: 'ended', call_sid: sid, status: 'no-answer', duration_sec: 0, timestamp: at },
  );
  return from;
}

export interface ApptSpec {
  id: string;
  phone: string;
  start: string;
  status: 'scheduled' | 'completed' | 'no_show' | 'cancelled';
  booked: string;
  callSid?: string;
  service?: string;
  /** When the status changed (default: the start). */
  statusAt?: string;
}

export function appointment(salon: Salon, a: ApptSpec): void {
  salon.recordAppointmentEvent({
    event: 'booked',
    appointment_id: a.id,
    customer: { phone: a.phone, name: `Customer ${a.phone.slice(-4)}` },
    service: a.service ?? 'Haircut',
    start: a.start,
    timestamp: a.booked,
    ...(a.callSid ? { call_sid: a.callSid } : {}),
  });
  if (a.status !== 'scheduled') {
    salon.recordAppointmentEvent({ event: a.status, appointment_id: a.id, timestamp: a.statusAt ?? a.start });
  }
}

export interface WeekSpec {
  answered?: number;
  missed?: number;
  /** Local time of the missed calls (default Saturday 12:00, a minute apart). */
  missedAt?: { day: number; hhmm: string };
  /** Calls at 19:00 on Thursday (after hours with the default 09:00–18:00), answered. */
  afterHours?: number;
  /** Of the answered calls, how many booked (an appointment linked to the call). */
  converted?: number;
  completed?: number;
  noShows?: number;
  cancelled?: number;
  /** Local time of the answered calls (default Tuesday 10:00, a few minutes apart). */
  answeredAt?: { day: number; hhmm: string };
}

/**
 * One week of activity, from its Monday: calls, and appointments starting and booked in it.
 * Every appointment is a new customer unless a phone is reused by the caller of `converted`.
 */
export function fillWeek(salon: Salon, monday: string, spec: WeekSpec, tag = monday): void {
  const answered: string[] = [];
  const at = spec.answeredAt ?? { day: 1, hhmm: '10:00' };
  for (let i = 0; i < (spec.answered ?? 0); i++) {
    const sid = `CA-${tag}-a${i}`;
    call(salon, sid, local(dayOf(monday, at.day), at.hhmm, i * 3), 'answered');
    answered.push(sid);
  }
  const m = spec.missedAt ?? { day: 5, hhmm: '12:00' };
  for (let i = 0; i < (spec.missed ?? 0); i++) call(salon, `CA-${tag}-m${i}`, local(dayOf(monday, m.day), m.hhmm, i), 'missed');
  for (let i = 0; i < (spec.afterHours ?? 0); i++) call(salon, `CA-${tag}-h${i}`, local(dayOf(monday, 3), '19:00', i * 5), 'answered');
  let n = 0;
  const book = (status: ApptSpec['status'], count: number) => {
    for (let i = 0; i < count; i++, n++) {
      const callSid = n < (spec.converted ?? 0) ? answered[n] : undefined;
      appointment(salon, {
        id: `apt-${tag}-${n}`,
        phone: newPhone(),
        start: local(dayOf(monday, 2 + (n % 4)), '09:00', (n % 16) * 30),
        status,
        booked: local(monday, '08:00', n),
        ...(callSid ? { callSid } : {}),
      });
    }
  };
  book('completed', spec.completed ?? 0);
  book('no_show', spec.noShows ?? 0);
  book('cancelled', spec.cancelled ?? 0);
  // Conversions beyond the appointments above: bookings starting next month, still scheduled.
  for (; n < (spec.converted ?? 0); n++) {
    appointment(salon, { id: `apt-${tag}-c${n}`, phone: newPhone(), start: local(dayOf(monday, 60), '10:00', n * 30), status: 'scheduled', booked: local(monday, '08:00', n), callSid: answered[n]! });
  }
}

/** The Mondays of the four weeks before `monday`, oldest first. */
export const priorMondays = (monday: string) => [4, 3, 2, 1].map((w) => DateTime.fromISO(monday).minus({ weeks: w }).toISODate()!);
