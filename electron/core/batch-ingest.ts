/**
 * Batch ingest: many call events at once (a phone connector's backfill, an import), under the
 * same rules as one webhook's event — checked by `acceptCallEvent`, appended to the log under
 * its idempotency key (a repeat is a duplicate and changes nothing), the call rebuilt from its
 * logged events by `CallStore.project` — but in chunked transactions (one disk sync per chunk),
 * and with each call projected once per chunk however many of its events the chunk holds.
 */
import type { SalonDatabase } from './db.js';
import type { EventLog } from './event-log.js';
import { acceptCallEvent, type CallStore } from './calls.js';
import { InputError } from './errors.js';
import type { SalonSettings } from './settings.js';
import type { CallEventBody } from '../contract/index.js';

/** Events written per transaction. */
const CHUNK = 5000;

export interface BatchOutcome {
  /** Events new to the salon. */
  stored: number;
  /** Events it had already (the same idempotency key). */
  duplicates: number;
  /** Events refused for their input (by position in the batch): nothing of them is stored. */
  refused: { index: number; error: string }[];
}

export interface CallBatchTarget {
  db: SalonDatabase;
  log: EventLog;
  calls: CallStore;
  settings: SalonSettings;
}

/** Writes the events in order, chunk by chunk; a chunk commits whole or not at all. */
export function ingestCallBatch(target: CallBatchTarget, events: readonly CallEventBody[], receivedAt: number, isTest: boolean): BatchOutcome {
  const outcome: BatchOutcome = { stored: 0, duplicates: 0, refused: [] };
  const writeChunk = target.db.transaction((from: number, to: number) => {
    const touched = new Set<string>();
    for (let i = from; i < to; i++) {
      let accepted: ReturnType<typeof acceptCallEvent>;
      try {
        accepted = acceptCallEvent(events[i]!, target.settings, receivedAt, isTest);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        outcome.refused.push({ index: i, error: err.message });
        continue;
      }
      if (target.log.append('call', accepted.callSid, accepted.event, receivedAt)) {
        outcome.stored++;
        touched.add(accepted.callSid);
      } else outcome.duplicates++;
    }
    for (const callSid of touched) target.calls.project(callSid, target.settings);
  });
  for (let from = 0; from < events.length; from += CHUNK) writeChunk(from, Math.min(from + CHUNK, events.length));
  return outcome;
}
