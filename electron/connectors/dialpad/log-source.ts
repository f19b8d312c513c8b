/**
 * Dialpad's call list, `GET /api/v2/call?started_after=<ms>&cursor=<c>`: the backfill on first
 * connect, and the catch-up after the websocket was down. The saved cursor is the start of the
 * newest call read, or of the oldest one still going (so it is read again once it ends).
 */
import type { PullSource, SyncRun } from '../connector.js';
import type { DialpadApi } from './api.js';
import { dialpadEvents, msOf, type DialpadCall } from './mapping.js';

export interface DialpadCursor {
  startedAfter: number;
}

interface CallPage {
  items?: DialpadCall[];
  cursor?: string | null;
}

const DAY_MS = 86_400_000;

export class DialpadLogSource implements PullSource<DialpadCursor> {
  constructor(
    private readonly api: DialpadApi,
    private readonly options: { backfillDays: number; now: () => number },
  ) {}

  private page(startedAfter: number, cursor: string | null): Promise<CallPage> {
    return this.api.get<CallPage>(`/api/v2/call?started_after=${startedAfter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  }

  async sync(run: SyncRun<DialpadCursor>): Promise<void> {
    const { backfillDays, now } = this.options;
    const from = run.cursor?.startedAfter ?? now() - backfillDays * DAY_MS;
    let newest = from;
    let oldestGoing: number | null = null;
    let cursor: string | null = null;
    do {
      const page = await this.page(from, cursor);
      const items = page.items ?? [];
      for (const call of items) {
        const started = msOf(call.date_started) ?? from;
        if (msOf(call.date_ended) === undefined) oldestGoing = Math.min(oldestGoing ?? started, started);
        newest = Math.max(newest, started);
      }
      cursor = page.cursor || null;
      // The cursor only moves once every page is stored: a failure half-way reads them all again.
      const next = cursor ? from : oldestGoing !== null ? oldestGoing - 1 : newest;
      await run.commit(items.flatMap(dialpadEvents), { startedAfter: next });
      if (!run.cursor) run.progress(cursor ? { done: Math.min(backfillDays, Math.floor((newest - from) / DAY_MS)), total: backfillDays } : null);
    } while (cursor);
  }

  /** Calls in the last `days` days (Test connection). */
  async count(days: number): Promise<number> {
    const from = this.options.now() - days * DAY_MS;
    let total = 0;
    let cursor: string | null = null;
    do {
      const page = await this.page(from, cursor);
      total += page.items?.length ?? 0;
      cursor = page.cursor || null;
    } while (cursor);
    return total;
  }
}
