/**
 * Where connectors put the call events they read: the salon's ingest (SpooledIngest in the
 * server), so a pulled call is stored exactly as a webhook's, idempotent and in order.
 */
import type { CallEventBody, CallResult } from '../contract/index.js';
import type { SpooledResult } from '../core/spool.js';
import { parseInstant } from '../core/time.js';
import { InputError } from '../core/errors.js';
import type { Salon } from '../core/salon.js';

export interface CallSink {
  recordCall(body: CallEventBody): Promise<CallResult | SpooledResult>;
}

export interface Delivery {
  /** Calls new to the salon (their first event). */
  imported: number;
  /** The latest time among the events that changed something (ms), or null. */
  lastEventAt: number | null;
}

/**
 * Delivers events in the order given and answers once all are stored. They are handed over in
 * one turn of the event loop, so the ingest commits them as one group (one disk sync). A
 * storage failure is thrown (the cursor stays, and the events come again).
 */
export async function deliver(sink: CallSink, events: readonly CallEventBody[], onRefused: (event: CallEventBody, err: InputError) => void): Promise<Delivery> {
  const results = await Promise.allSettled(events.map((e) => sink.recordCall(e)));
  let imported = 0;
  let lastEventAt: number | null = null;
  results.forEach((settled, i) => {
    const event = events[i]!;
    if (settled.status === 'rejected') {
      // A record the salon cannot take (say, a time out of range) must not hold the cursor back for ever: it is reported and passed.
      if (settled.reason instanceof InputError) return onRefused(event, settled.reason);
      throw settled.reason;
    }
    const result = settled.value;
    const fresh = !('duplicate' in result) || !result.duplicate;
    if (!fresh) return;
    if (event.event === 'started') imported++;
    const at = event.timestamp ? parseInstant(event.timestamp, 'timestamp') : null;
    if (at !== null && (lastEventAt === null || at > lastEventAt)) lastEventAt = at;
  });
  return { imported, lastEventAt };
}

/**
 * The salon itself as the sink, with no spool: a write the database refuses (locked by an
 * import being applied, say) fails, and a live connector's event is then lost. Tests that drive
 * a connector alone use it; the app and the server give the connectors the webhooks'
 * `SpooledIngest` instead (the desktop app's is `ListenerControl.ingest`).
 */
export function salonSink(salon: Salon): CallSink {
  return { recordCall: async (body) => salon.recordCallEvent(body) };
}
