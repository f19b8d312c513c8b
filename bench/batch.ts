/**
 * The bench's figure of the batch ingest path (issue 15): call events through `Salon.ingestCalls`
 * into a fresh copy of the 10-year database, as a phone connector's backfill sends them. Run
 * from bench/run.ts; each round has a copy of its own, so that every event is new to it.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Salon } from '../electron/core/salon.js';
import type { CallEventBody } from '../electron/contract/index.js';

const BATCH_CALLS = 50_000;

/** A started and an ended event for each of `calls` new calls, a minute apart, over the last weeks. */
export function backfillEvents(calls: number, tag: string): CallEventBody[] {
  const events: CallEventBody[] = [];
  const first = Date.now() - calls * 60_000;
  for (let i = 0; i < calls; i++) {
    const call_sid = `CA-batch-${tag}-${i}`;
    const from = `+1312556${String(i % 10_000).padStart(4, '0')}`;
    events.push({ event: 'started', call_sid, from, caller_name: `Backfill Caller ${i % 10_000}`, timestamp: new Date(first + i * 60_000).toISOString() });
    events.push({ event: 'ended', call_sid, status: 'completed', duration_sec: 90, timestamp: new Date(first + i * 60_000 + 90_000).toISOString() });
  }
  return events;
}

/** Call events stored per second by one `ingestCalls` of 50,000 calls' events into a copy of `database`. */
export function batchIngestRate(database: string, runDir: string, tag: string): number {
  const dbPath = join(mkdtempSync(join(runDir, 'batch-')), 'salon.db');
  copyFileSync(database, dbPath);
  const salon = new Salon(dbPath);
  try {
    const events = backfillEvents(BATCH_CALLS, tag);
    const started = performance.now();
    const outcome = salon.ingestCalls(events);
    const seconds = (performance.now() - started) / 1000;
    if (outcome.stored !== events.length) throw new Error(`batch ingest stored ${outcome.stored} of ${events.length} events`);
    return outcome.stored / seconds;
  } finally {
    salon.close();
  }
}
