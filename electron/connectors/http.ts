/**
 * Requests to a phone provider's REST API: JSON answers, failures in words for the owner, and
 * the provider's rate limits obeyed (429 with `Retry-After`, `X-Rate-Limit-Remaining` /
 * `X-Rate-Limit-Window`). Never logs or repeats a credential.
 */
import type { Timer } from '../scheduler/timer.js';

export type ProblemKind = 'credentials' | 'rate' | 'network' | 'provider';

/** A provider request that failed, with what the owner should read. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    /** How long the provider asked us to wait before trying again (ms). */
    readonly retryAfterMs?: number,
    /** The HTTP status that said so, when there was one. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (timer: Timer, ms: number) => new Promise<void>((resolve) => timer.setTimeout(resolve, ms));

export interface ProviderHttpOptions {
  /** Names the provider in messages ("Twilio refused the credentials…"). */
  provider: string;
  /** What the owner should check when the credentials are refused. */
  credentialsHint: string;
  timer: Timer;
  now: () => number;
  /** 429s retried in a row (after their Retry-After) before the request fails. */
  maxRateRetries?: number;
  /** Longest a single request may take (ms). */
  timeoutMs?: number;
}

/**
 * One provider's HTTP client. Requests go one at a time through a gate that holds them while
 * the provider's rate window is used up, so a rate limit slows the sync down rather than
 * failing it.
 */
export class ProviderHttp {
  private openAt = 0;

  constructor(private readonly options: ProviderHttpOptions) {}

  private async waitForGate(): Promise<void> {
    const wait = this.openAt - this.options.now();
    if (wait > 0) await sleep(this.options.timer, wait);
  }

  /** Reads the rate-limit headers: with nothing left in the window, the next request waits for it. */
  private noteLimits(res: Response): void {
    const remaining = res.headers.get('x-rate-limit-remaining');
    const window = Number(res.headers.get('x-rate-limit-window'));
    if (remaining !== null && Number(remaining) <= 0 && window > 0) this.openAt = Math.max(this.openAt, this.options.now() + window * 1000);
  }

  async json<T>(url: string, init: RequestInit = {}): Promise<T> {
    const { provider, credentialsHint, maxRateRetries = 3, timeoutMs = 30_000 } = this.options;
    for (let attempt = 0; ; attempt++) {
      await this.waitForGate();
      let res: Response;
      try {
        res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
        throw new ProviderError('network', `${provider} cannot be reached (${cause}): check the internet connection`);
      }
      this.noteLimits(res);
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers.get('retry-after'), this.options.now()) ?? Number(res.headers.get('x-rate-limit-window') || 60) * 1000;
        this.openAt = Math.max(this.openAt, this.options.now() + wait);
        await res.body?.cancel();
        if (attempt < maxRateRetries) continue;
        throw new ProviderError('rate', `${provider} is limiting requests (429): trying again in ${Math.ceil(wait / 1000)} s`, wait);
      }
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel();
        throw new ProviderError('credentials', `${provider} refused the credentials (${res.status}): ${credentialsHint}`, undefined, res.status);
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new ProviderError('provider', `${provider} answered ${res.status} ${res.statusText}`.trim(), retryAfterMs(res.headers.get('retry-after'), this.options.now()), res.status);
      }
      try {
        return (await res.json()) as T;
      } catch {
        throw new ProviderError('provider', `${provider} answered something that is not JSON`);
      }
    }
  }
}
