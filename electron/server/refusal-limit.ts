/**
 * Refused tokens, counted per peer address over a sliding window: past the limit, the peer's
 * tokens are not checked at all until the window has moved on, so guessing the token from one
 * address runs at a few tries a minute.
 */
export class RefusalLimit {
  private readonly refusals = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 60_000,
    /** Peers remembered at most; past it the oldest are forgotten (a flood of addresses cannot grow memory). */
    private readonly maxPeers = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds before this peer may present a token again; 0 when it may now. */
  wait(peer: string): number {
    const times = this.recent(peer);
    return times.length >= this.max ? times[0]! + this.windowMs - this.now() : 0;
  }

  refused(peer: string): void {
    const times = this.recent(peer);
    times.push(this.now());
    this.refusals.delete(peer);
    this.refusals.set(peer, times);
    if (this.refusals.size > this.maxPeers) this.refusals.delete(this.refusals.keys().next().value!);
  }

  private recent(peer: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.refusals.get(peer) ?? []).filter((t) => t > since);
    if (times.length === 0) this.refusals.delete(peer);
    return times;
  }
}
