import type { Salon } from '../core/salon.js';
import type { DemoEvent } from './simulation.js';

export interface WriteCounts {
  callEvents: number;
  appointmentEvents: number;
  /** Events the core took for repeats: a generator that works never makes one. */
  duplicates: number;
}

/** Hands the simulated events to the core, one week per transaction, exactly as the API would. */
export class SalonWriter {
  readonly counts: WriteCounts = { callEvents: 0, appointmentEvents: 0, duplicates: 0 };

  constructor(private readonly salon: Salon) {}

  write(events: readonly DemoEvent[]): void {
    if (events.length === 0) return;
    const { salon, counts } = this;
    salon.batch(() => {
      for (const e of events) {
        const result = e.kind === 'call' ? salon.recordCallEvent(e.body) : salon.recordAppointmentEvent(e.body);
        if (e.kind === 'call') counts.callEvents++;
        else counts.appointmentEvents++;
        if (result.duplicate) counts.duplicates++;
      }
    });
  }
}
