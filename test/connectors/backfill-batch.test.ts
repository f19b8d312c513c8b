/**
 * A pull connector's backfill goes into the salon a page at a time, each page as one batch
 * (`Salon.ingestCalls`), announced as one change of the figures; a later poll's few calls go one
 * by one, each announced as it happens. On the server, a page the database cannot take (locked,
 * full) goes event by event through the spooled ingest instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../electron/core/clock.js';
import { Salon } from '../../electron/core/salon.js';
import { ManualTimer } from '../../electron/scheduler/timer.js';
import { PullConnector, type PullSource } from '../../electron/connectors/connector.js';
import { batchingSink, salonSink, type CallSink } from '../../electron/connectors/sink.js';
import { ConnectorStateStore } from '../../electron/connectors/state-store.js';
import type { CallEventBody, LiveMessage } from '../../electron/contract/index.js';

const dir = mkdtempSync(join(tmpdir(), 'salon-backfill-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.parse('2026-11-25T18:00:00Z');
let count = 0;
const freshSalon = () => new Salon(join(dir, `salon-${++count}.db`), { clock: new ManualClock(NOW), overrides: { timezone: 'America/Chicago' } });

/** A started and an ended event of a call, `minutesAgo` before now. */
const callOf = (sid: string, minutesAgo: number): CallEventBody[] => [
  { event: 'started', call_sid: sid, from: '+13125550142', timestamp: new Date(NOW - minutesAgo * 60_000).toISOString() },
  { event: 'ended', call_sid: sid, status: 'completed', duration_sec: 60, timestamp: new Date(NOW - minutesAgo * 60_000 + 90_000).toISOString() },
];

/** A call log: two pages of backfill on the first pass (one with a record the salon refuses), then one new call per poll. */
const source: PullSource<{ page: number }> = {
  async sync(run) {
    if (!run.cursor) {
      run.progress({ done: 0, total: 2 });
      await run.commit([...callOf('CA-old-1', 600), ...callOf('CA-old-2', 500)], { page: 1 });
      run.progress({ done: 1, total: 2 });
      await run.commit([...callOf('CA-old-3', 400), { event: 'started', call_sid: 'CA-old-bad', timestamp: '1999-01-01T00:00:00Z' }], { page: 2 });
    } else await run.commit(callOf(`CA-new-${run.cursor.page}`, 1), { page: run.cursor.page + 1 });
  },
};

function pullConnector(salon: Salon, sink: CallSink, log: string[]) {
  return new PullConnector(source, {
    store: new ConnectorStateStore<{ page: number }>(salon.db, 'twilio'),
    sink,
    timer: new ManualTimer(salon.clock as ManualClock),
    now: () => salon.clock.now(),
    pollMs: 60_000,
    backfillDays: 2,
    maxBackoffMs: 60_000,
    changed: () => {},
    log: (line) => log.push(line),
  });
}

describe('a pull connector’s backfill', () => {
  it('goes in a page per batch, announced once per page; a poll’s new call goes in by itself and is announced as a call', async () => {
    const salon = freshSalon();
    const log: string[] = [];
    const messages: LiveMessage[] = [];
    salon.changes.subscribe((m) => messages.push(m));
    const batches = vi.spyOn(salon, 'ingestCalls');
    const singles = vi.spyOn(salon, 'recordCallEvent');
    try {
      const connector = pullConnector(salon, salonSink(salon), log);
      await connector.syncNow();
      expect(batches.mock.calls.map(([events]) => events.length)).toEqual([4, 3]);
      expect(singles).not.toHaveBeenCalled();
      expect(salon.calls({ limit: 10 }).items.map((c) => c.call_sid).sort()).toEqual(['CA-old-1', 'CA-old-2', 'CA-old-3']);
      expect(log).toEqual([expect.stringMatching(/call CA-old-bad skipped \(timestamp: .*2000-01-01/)]);
      expect(new ConnectorStateStore(salon.db, 'twilio').read().callsImported).toBe(3);
      await new Promise((resolve) => setImmediate(resolve));
      expect(messages.map((m) => m.type)).toEqual(['metrics.updated']);

      messages.length = 0;
      await connector.syncNow();
      expect(batches).toHaveBeenCalledTimes(2);
      expect(singles).toHaveBeenCalledTimes(2);
      expect(messages.map((m) => m.type)).toContain('call.started');
      expect(new ConnectorStateStore(salon.db, 'twilio').read().callsImported).toBe(4);
    } finally {
      salon.close();
    }
  });

  it('on the server, goes event by event through the spooled ingest while the database cannot take the page', async () => {
    const salon = freshSalon();
    const spooled: CallEventBody[] = [];
    const spool: CallSink = {
      recordCall: async (body) => {
        spooled.push(body);
        return { ok: true, spooled: true, call_sid: body.call_sid, message: 'spooled' };
      },
    };
    vi.spyOn(salon, 'ingestCalls').mockImplementation(() => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    });
    try {
      const delivered = await batchingSink(salon, spool).recordCalls!(callOf('CA-locked', 5));
      expect(spooled.map((e) => e.event)).toEqual(['started', 'ended']);
      expect(delivered).toEqual({ stored: 2, duplicates: 0, refused: [], storedAt: [0, 1] });
      // Any other failure is not the database being busy: it is thrown, and the cursor stays.
      vi.spyOn(salon, 'ingestCalls').mockImplementation(() => {
        throw new Error('disk I/O gone strange');
      });
      await expect(batchingSink(salon, spool).recordCalls!(callOf('CA-failed', 5))).rejects.toThrow('strange');
      expect(spooled).toHaveLength(2);
    } finally {
      salon.close();
    }
  });
});
