/**
 * RingCentral's call log as a pull source: `GET /restapi/v1.0/account/~/call-log-sync`,
 * `FSync` on first connect (the backfill: newest records first, then older ones page by page
 * while `olderRecordsExist`), then `ISync` with the saved `syncToken` (what changed since).
 * It is in the Heavy rate group (10 requests a minute): the HTTP client waits out
 * `X-Rate-Limit-Remaining: 0` for `X-Rate-Limit-Window` seconds.
 */
import type { PullSource, SyncRun } from '../connector.js';
import type { RingCentralAuth } from './auth.js';
import { logRecordEvents, type CallLogRecord } from './mapping.js';

export interface RingCentralCursor {
  syncToken: string;
  /** While the backfill goes on: the start of the oldest record read so far (ISO). */
  olderThan: string | null;
}

interface SyncAnswer {
  records: CallLogRecord[];
  syncInfo: { syncType: 'FSync' | 'ISync'; syncToken: string; syncTime: string; olderRecordsExist?: boolean };
}

const PATH = '/restapi/v1.0/account/~/call-log-sync';
const PAGE = 250;

const oldestFirst = (records: CallLogRecord[]) => [...records].sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));

export class RingCentralLogSource implements PullSource<RingCentralCursor> {
  constructor(
    private readonly auth: RingCentralAuth,
    private readonly options: { backfillDays: number; now: () => number },
  ) {}

  private read(query: Record<string, string>): Promise<SyncAnswer> {
    return this.auth.json<SyncAnswer>(`${PATH}?${new URLSearchParams({ ...query, recordCount: String(PAGE) })}`);
  }

  /** Calls in the last `days` days, by a full sync of that range: what "Test connection" reports. */
  async count(days: number): Promise<number> {
    const since = new Date(this.options.now() - days * 86_400_000).toISOString();
    let total = 0;
    let answer = await this.read({ syncType: 'FSync', dateFrom: since });
    total += answer.records.length;
    while (answer.syncInfo.olderRecordsExist && answer.records.length) {
      answer = await this.read({ syncType: 'FSync', dateFrom: since, dateTo: oldestFirst(answer.records)[0]!.startTime });
      total += answer.records.length;
    }
    return total;
  }

  async sync(run: SyncRun<RingCentralCursor>): Promise<void> {
    const since = new Date(this.options.now() - this.options.backfillDays * 86_400_000).toISOString();
    let cursor = run.cursor;
    if (!cursor) {
      const first = await this.read({ syncType: 'FSync', dateFrom: since });
      cursor = { syncToken: first.syncInfo.syncToken, olderThan: first.syncInfo.olderRecordsExist && first.records.length ? oldestFirst(first.records)[0]!.startTime : null };
      await run.commit(oldestFirst(first.records).flatMap(logRecordEvents), cursor);
    }
    // The rest of the backfill, older page by older page; a restart goes on from `olderThan`.
    while (cursor.olderThan) {
      // Progress in days of history, as the log is read from today backwards.
      run.progress({ done: Math.min(this.options.backfillDays, Math.floor((this.options.now() - Date.parse(cursor.olderThan)) / 86_400_000)), total: this.options.backfillDays });
      const older = await this.read({ syncType: 'FSync', dateFrom: since, dateTo: cursor.olderThan });
      cursor = { syncToken: cursor.syncToken, olderThan: older.syncInfo.olderRecordsExist && older.records.length ? oldestFirst(older.records)[0]!.startTime : null };
      await run.commit(oldestFirst(older.records).flatMap(logRecordEvents), cursor);
    }
    const changes = await this.read({ syncType: 'ISync', syncToken: cursor.syncToken });
    await run.commit(oldestFirst(changes.records).flatMap(logRecordEvents), { syncToken: changes.syncInfo.syncToken, olderThan: null });
  }
}
