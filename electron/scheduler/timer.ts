import type { ManualClock } from '../core/clock.js';

/** Timers the scheduler sets; tests pass a manual one that moves with a manual clock. */
export interface Timer {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimer: Timer = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending weekly check never keeps a process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * Timers over a ManualClock: nothing fires until the test moves time. `advanceTo` fires each
 * timer at its own due time, in order; `sleepUntil` jumps the clock as a machine waking from
 * sleep sees it, and then fires, late, whatever fell due meanwhile.
 */
export class ManualTimer implements Timer {
  private pending: Pending[] = [];
  private nextId = 1;
  /** How many timer callbacks have run. */
  fired = 0;

  constructor(private readonly clock: ManualClock) {}

  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.pending.push({ id, at: this.clock.now() + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  get size(): number {
    return this.pending.length;
  }

  /** The due time of the earliest pending timer. */
  get nextAt(): number | null {
    return this.pending.length ? Math.min(...this.pending.map((p) => p.at)) : null;
  }

  advanceTo(ms: number): void {
    for (;;) {
      const due = this.pending.filter((p) => p.at <= ms).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      if (due.at > this.clock.now()) this.clock.set(due.at);
      this.fired++;
      due.fn();
    }
    if (ms > this.clock.now()) this.clock.set(ms);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.clock.now() + ms);
  }

  sleepUntil(ms: number): void {
    this.clock.set(ms);
    this.advanceTo(ms);
  }
}
