import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Appointment, Call, Customer, Page } from '../electron/contract/index.js';
import { serveChildrenInTempDir } from './support/child.js';

interface Sent {
  path: string;
  body: Record<string, unknown>;
}

const phone = (i: number) => `+1312555${String(1000 + i).padStart(4, '0')}`;

/** Sends every request, `width` at a time; `onAck` sees each acknowledgement as it arrives. Answers the acknowledged ones. */
async function sendAll(url: string, events: Sent[], width: number, onAck: (acked: number) => boolean | void): Promise<{ acked: Sent[]; failed: number }> {
  const acked: Sent[] = [];
  let next = 0;
  let failed = 0;
  let stop = false;
  async function worker(): Promise<void> {
    while (!stop && next < events.length) {
      const e = events[next++]!;
      try {
        const res = await fetch(url + e.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(e.body) });
        await res.text();
        if (res.status === 200) {
          acked.push(e);
          if (onAck(acked.length) === true) stop = true;
        } else {
          failed++;
        }
      } catch {
        failed++;
      }
    }
  }
  await Promise.all(Array.from({ length: width }, worker));
  return { acked, failed };
}

describe('acknowledged events survive a crash of the server', () => {
  const { path: inDir, serve: start } = serveChildrenInTempDir('salon-crash-');

  it('after SIGKILL right after the last of 200 acknowledgements, a restart finds every acknowledged call and appointment, and no other', { timeout: 60_000 }, async () => {
    const dbPath = inDir('all-acked.db');
    const events: Sent[] = [];
    // 60 calls (started and ended: 120 events) and 80 bookings, interleaved.
    for (let i = 0; i < 80; i++) {
      if (i < 60) {
        const sid = `CA-crash-${i}`;
        const minute = String(i % 60).padStart(2, '0');
        events.push({ path: '/salon/call', body: { event: 'started', call_sid: sid, from: phone(i), timestamp: `2026-11-23T10:${minute}:00-06:00` } });
        events.push({ path: '/salon/call', body: { event: 'ended', call_sid: sid, status: 'completed', duration_sec: 30 + i, timestamp: `2026-11-23T11:${minute}:00-06:00` } });
      }
      events.push({
        path: '/salon/appointment',
        body: { appointment_id: `apt-crash-${i}`, customer: { phone: phone(30 + i), name: `Customer ${30 + i}` }, service: 'Haircut', start: '2026-11-27T10:00:00-06:00' },
      });
    }
    expect(events).toHaveLength(200);

    const server = start(dbPath);
    const url = await server.listening();
    const { acked, failed } = await sendAll(url, events, 8, (n) => {
      if (n === events.length) server.kill('SIGKILL');
    });
    expect(failed).toBe(0);
    expect(acked).toHaveLength(200);
    expect(await server.exited()).toBe('SIGKILL');

    const callSids = [...new Set(events.filter((e) => e.path === '/salon/call').map((e) => e.body.call_sid as string))].sort();
    const appointmentIds = events.filter((e) => e.path === '/salon/appointment').map((e) => e.body.appointment_id as string).sort();

    // The file as the killed process left it.
    const db = new Database(dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(200);
      expect((db.prepare('SELECT call_sid FROM calls ORDER BY call_sid').all() as { call_sid: string }[]).map((r) => r.call_sid)).toEqual(callSids);
      expect((db.prepare('SELECT appointment_id FROM appointments ORDER BY appointment_id').all() as { appointment_id: string }[]).map((r) => r.appointment_id)).toEqual(appointmentIds);
    } finally {
      db.close();
    }

    // And as the restarted server answers it.
    const again = start(dbPath);
    const url2 = await again.listening();
    const get = async <T>(path: string) => (await (await fetch(url2 + path)).json()) as Page<T>;
    const calls = await get<Call>('/salon/calls?limit=1000');
    expect(calls.total).toBe(60);
    expect(calls.items.map((c) => c.call_sid).sort()).toEqual(callSids);
    // Each call whole: its end applied, with the duration that was sent.
    for (const c of calls.items) {
      const i = Number(c.call_sid.split('-').pop());
      expect(c).toMatchObject({ status: 'answered', duration_sec: 30 + i, from: phone(i) });
    }
    const appointments = await get<Appointment>('/salon/appointments?limit=1000');
    expect(appointments.total).toBe(80);
    expect(appointments.items.map((a) => a.appointment_id).sort()).toEqual(appointmentIds);
    for (const a of appointments.items) expect(a).toMatchObject({ status: 'scheduled', service: 'Haircut', price_cents: 4500 });
    // Callers 0–59 and customers 30–109: 110 people.
    expect((await get<Customer>('/salon/customers?limit=1000')).total).toBe(110);
  });

  it('killed in the middle of a stream, every acknowledged booking is stored whole, and nothing that was never sent', { timeout: 60_000 }, async () => {
    const dbPath = inDir('mid-stream.db');
    const events: Sent[] = Array.from({ length: 400 }, (_, i) => ({
      path: '/salon/appointment',
      body: { appointment_id: `apt-mid-${i}`, customer: { phone: phone(i), name: `Customer ${i}` }, service: 'Hair Color', start: '2026-11-27T10:00:00-06:00' },
    }));
    const server = start(dbPath);
    const url = await server.listening();
    const { acked } = await sendAll(url, events, 16, (n) => {
      if (n === 100) {
        server.kill('SIGKILL');
        return true;
      }
    });
    expect(await server.exited()).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(100);

    const db = new Database(dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = db
        .prepare(
          `SELECT a.appointment_id, a.price_cents, s.name AS service, c.phone, c.name
           FROM appointments a JOIN services s ON s.id = a.service_id JOIN customers c ON c.id = a.customer_id`,
        )
        .all() as { appointment_id: string; price_cents: number; service: string; phone: string; name: string }[];
      const storedIds = new Set(stored.map((r) => r.appointment_id));
      for (const e of acked) expect(storedIds.has(e.body.appointment_id as string)).toBe(true);
      const sentIds = new Set(events.map((e) => e.body.appointment_id as string));
      for (const r of stored) {
        expect(sentIds.has(r.appointment_id)).toBe(true);
        const i = Number(r.appointment_id.split('-').pop());
        expect(r).toMatchObject({ price_cents: 12000, service: 'Hair Color', phone: phone(i), name: `Customer ${i}` });
      }
      // One logged event per stored booking, and one customer each: no half-applied request.
      expect((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(stored.length);
      expect((db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBe(stored.length);
    } finally {
      db.close();
    }
  });
});
