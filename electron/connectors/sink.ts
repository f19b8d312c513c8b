/**
 * Where connectors put the call events they read: the salon's ingest, so a pulled call is
 * stored exactly as a webhook's, idempotent and in order. A page of a call log (a poll, a
 * backfill) goes in as one batch (`Salon.ingestCalls`) where the sink can take one.
 */
import type { CallEventBody, CallResult } from '../contract/index.js';
import type { BatchOutcome } from '../core/batch-ingest.js';
import { isStorageUnavailable, type SpooledResult } from '../core/spool.js';
import { parseInstant } from '../core/time.js';
import { InputError } from '../core/errors.js';
import type { Salon } from '../core/salon.js';

export interface CallSink {
  recordCall(body: CallEventBody): Promise<CallResult | SpooledResult>;
  /** Many events at once, as one batch: one write for the page, not one per event. */
  recordCalls?(events: readonly CallEventBody[]): Promise<BatchOutcome>;
}

export interface Delivery {
  /** Calls new to the salon (their first event). */
  imported: number;
  /** The latest time among the events that changed something (ms), or null. */
  lastEventAt: number | null;
}

/**
 * Hands the events over one by one, in the order given, in one turn of the event loop, so that
 * the ingest commits them as one group (one disk sync); answers as a batch would. An event
 * refused for its input is reported in the outcome; any other failure is thrown.
 */
export async function oneByOne(sink: CallSink, events: readonly CallEventBody[]): Promise<BatchOutcome> {
  const results = await Promise.allSettled(events.map((e) => sink.recordCall(e)));
  const outcome: BatchOutcome = { stored: 0, duplicates: 0, refused: [], storedAt: [] };
  results.forEach((settled, index) => {
    if (settled.status === 'rejected') {
      const err: unknown = settled.reason;
      if (!(err instanceof InputError)) throw err;
      outcome.refused.push({ index, field: err.field, error: err.message });
    } else if ('duplicate' in settled.value && settled.value.duplicate) outcome.duplicates++;
    else {
      outcome.stored++;
      outcome.storedAt.push(index);
    }
  });
  return outcome;
}

/**
 * How events are handed over: `live` ones one by one, each announced as it happens (a call
 * ringing shows at once); a `page` of a call log (a poll, a backfill) as one batch where the
 * sink takes one, announced as one change of the figures.
 */
export type Handover = 'live' | 'page';

/**
 * Delivers events in the order given and answers once all are stored. A storage failure is
 * thrown (the cursor stays, and the events come again).
 */
export async function deliver(
  sink: CallSink,
  events: readonly CallEventBody[],
  onRefused: (event: CallEventBody, err: InputError) => void,
  handover: Handover = 'live',
): Promise<Delivery> {
  const outcome = handover === 'page' && sink.recordCalls ? await sink.recordCalls(events) : await oneByOne(sink, events);
  // A record the salon cannot take (say, a time out of range) must not hold the cursor back for ever: it is reported and passed.
  for (const { index, field, error } of outcome.refused) onRefused(events[index]!, new InputError(field, error, error));
  let imported = 0;
  let lastEventAt: number | null = null;
  for (const index of outcome.storedAt) {
    const event = events[index]!;
    if (event.event === 'started') imported++;
    const at = event.timestamp ? parseInstant(event.timestamp, 'timestamp') : null;
    if (at !== null && (lastEventAt === null || at > lastEventAt)) lastEventAt = at;
  }
  return { imported, lastEventAt };
}

/**
 * The salon itself as the sink, with no spool: a write the database refuses (locked by an
 * import being applied, say) fails, and a live connector's event is then lost. Tests that drive
 * a connector alone use it; the app and the server give the connectors the webhooks'
 * `SpooledIngest` instead (the desktop app's is `ListenerControl.ingest`).
 */
export function salonSink(salon: Salon): CallSink {
  return { recordCall: async (body) => salon.recordCallEvent(body), recordCalls: async (events) => salon.ingestCalls(events) };
}

/**
 * The server's sink: a page as one batch into the salon; while the database cannot take it
 * (locked by an import, full, failing), event by event through the spooled ingest, which
 * keeps them in the spool as it keeps webhooks' events.
 */
export function batchingSink(salon: Salon, spooled: CallSink): CallSink {
  return {
    recordCall: (body) => spooled.recordCall(body),
    recordCalls: async (events) => {
      try {
        return salon.ingestCalls(events);
      } catch (err) {
        if (!isStorageUnavailable(err)) throw err;
        return oneByOne(spooled, events);
      }
    },
  };
}
