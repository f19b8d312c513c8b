import type { LiveEvents, LiveEventType, LiveMessage } from '../contract/index.js';

type Listener = (message: LiveMessage) => void;

/** Every change the core makes, for whoever shows it live (WebSocket clients, the Electron window). */
export class ChangeFeed {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly now: () => number) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  publish<K extends LiveEventType>(type: K, data: LiveEvents[K]): void {
    if (this.listeners.size === 0) return;
    const message = { type, at: new Date(this.now()).toISOString(), data } as LiveMessage;
    for (const listener of this.listeners) listener(message);
  }
}
