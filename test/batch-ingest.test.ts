/**
 * The batch ingest path (issue 15): `Salon.ingestCalls` gives the same calls as the same events
 * sent one by one through `recordCallEvent`, whatever their order and however often each comes;
 * a bad event is refused alone, and a second pass stores nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { InputError } from '../electron/core/errors.js';
import { Salon } from '../electron/core/salon.js';
import type { CallEventBody } from '../electron/contract/index.js';

const dir = mkdtempSync(join(tmpdir(), 'salon-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.parse('2026-11-25T18:00:00Z');
let count = 0;
const freshSalon = () => new Salon(join(dir, `salon-${++count}.db`), { clock: new ManualClock(NOW), overrides: { timezone: 'America/Chicago' } });

/** Three events per call, some calls missed, several callers ringing more than once. */
function callEvents(calls: number): CallEventBody[] {
  const events: CallEventBody[] = [];
  for (let i = 0; i < calls; i++) {
    const start = Date.parse('2026-11-23T15:00:00Z') + i * 600_000;
    const call_sid = `CA-batch-${i}`;
    const from = `+1312555${String(1000 + (i % 40)).padStart(4, '0')}`;
    events.push({ event: 'started', call_sid, from, caller_name: `Caller ${i % 40}`, timestamp: new Date(start).toISOString() });
    if (i % 3 !== 0) events.push({ event: 'answered', call_sid, timestamp: new Date(start + 5_000).toISOString() });
    events.push({ event: 'ended', call_sid, status: i % 3 === 0 ? 'no-answer' : 'completed', duration_sec: i % 3 === 0 ? 0 : 120, timestamp: new Date(start + 125_000).toISOString() });
  }
  return events;
}

/** A deterministic shuffle (the same every run). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Calls and customers, without the customers' row ids (they number customers in the order first seen). */
const everything = (salon: Salon) => ({
  calls: salon.calls({ limit: 1000 }).items.map(({ customer_id, ...call }) => ({ ...call, customer: customer_id === null ? null : salon.customer(customer_id).phone })),
  customers: salon.customers({ limit: 1000 }).items.map(({ id: _id, ...customer }) => customer),
});

describe('ingestCalls', () => {
  it('gives the same calls and customers as the events one by one, in any order, each counted once; a bad event is refused alone', () => {
    const events = callEvents(300);
    const single = freshSalon();
    const batch = freshSalon();
    try {
      for (const e of events) single.recordCallEvent(e);
      const bad: CallEventBody = { event: 'started', call_sid: 'CA-bad', timestamp: '1999-12-31T23:00:00Z' };
      expect(() => single.checkCallEvent(bad)).toThrow(InputError);
      // Out of order, every event twice, and one bad event among them.
      const input = [...shuffled([...events, ...events]).slice(0, 400), bad, ...shuffled([...events, ...events]).slice(400)];
      const outcome = batch.ingestCalls(input);
      expect(outcome.stored).toBe(events.length);
      expect(outcome.duplicates).toBe(events.length);
      expect(outcome.refused).toEqual([{ index: 400, error: expect.stringContaining('timestamp') }]);
      expect(everything(batch)).toEqual(everything(single));
      expect(batch.calls({ limit: 1 }).total).toBe(300);

      const again = batch.ingestCalls(events);
      expect(again).toEqual({ stored: 0, duplicates: events.length, refused: [], storedAt: [] });
      expect(everything(batch)).toEqual(everything(single));
    } finally {
      single.close();
      batch.close();
    }
  });
});
