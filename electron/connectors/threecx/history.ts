/**
 * 3CX's call history as a pull source: `GET {pbx}/xapi/v1/CallHistoryView` with `$filter` on
 * `SegmentStartTime`, oldest first, page by page (`$top`/`$skip`). The cursor is the start of
 * the newest segment read: the next pass reads from there again (`ge`), so a call whose later
 * segments were not yet written is completed then.
 */
import type { PullSource, SyncRun } from '../connector.js';
import type { ThreeCxAuth } from './auth.js';
import { historyCallEvents, type HistorySegment } from './mapping.js';

export interface ThreeCxCursor {
  since: string;
}

const PAGE = 500;
const DAY = 86_400_000;

export class ThreeCxHistory implements PullSource<ThreeCxCursor> {
  constructor(
    private readonly auth: ThreeCxAuth,
    private readonly options: { backfillDays: number; now: () => number },
  ) {}

  private page(since: string, skip: number): Promise<{ value: HistorySegment[] }> {
    const query = new URLSearchParams({ $filter: `SegmentStartTime ge ${since}`, $orderby: 'SegmentStartTime asc', $top: String(PAGE), $skip: String(skip) });
    return this.auth.json(`/xapi/v1/CallHistoryView?${query.toString().replace(/\+/g, '%20')}`);
  }

  /** Calls in the last `days` days: what "Test connection" reports. */
  async count(days: number): Promise<number> {
    const since = new Date(this.options.now() - days * DAY).toISOString();
    const calls = new Set<number>();
    for (let skip = 0; ; skip += PAGE) {
      const { value } = await this.page(since, skip);
      for (const s of value) calls.add(s.CallId);
      if (value.length < PAGE) return calls.size;
    }
  }

  async sync(run: SyncRun<ThreeCxCursor>): Promise<void> {
    const backfill = !run.cursor;
    const since = run.cursor?.since ?? new Date(this.options.now() - this.options.backfillDays * DAY).toISOString();
    const segments: HistorySegment[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const { value } = await this.page(since, skip);
      segments.push(...value);
      const last = value.at(-1);
      if (backfill && last) {
        const done = Math.floor((Date.parse(last.SegmentStartTime) - Date.parse(since)) / DAY);
        run.progress({ done: Math.max(0, Math.min(this.options.backfillDays, done)), total: this.options.backfillDays });
      }
      if (value.length < PAGE) break;
    }
    const byCall = new Map<number, HistorySegment[]>();
    for (const s of segments) byCall.set(s.CallId, [...(byCall.get(s.CallId) ?? []), s]);
    const newest = segments.at(-1)?.SegmentStartTime;
    await run.commit([...byCall.values()].flatMap(historyCallEvents), { since: newest ? new Date(Date.parse(newest)).toISOString() : since });
  }
}
