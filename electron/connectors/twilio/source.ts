/**
 * Twilio call-log sync: `GET /2010-04-01/Accounts/{Sid}/Calls.json`, one UTC day at a time,
 * oldest first. `StartTime` filters by whole UTC days only, so the cursor is a day: the days
 * from it to today are read again at each poll, and the ingest's idempotency makes a call read
 * twice one call. The cursor moves past a day only once every call of it has ended and the day
 * is over (with a margin for a forwarded leg that starts after midnight).
 */
import { DateTime } from 'luxon';
import type { CallEventBody } from '../../contract/index.js';
import type { PullSource, SyncRun } from '../connector.js';
import type { ProviderHttp } from '../http.js';
import { eventsOf, groupCalls, type TwilioCall } from './mapping.js';

export interface TwilioCredentials {
  account_sid: string;
  auth_token: string;
}

export interface TwilioCursor {
  /** The first day of the backfill (for its progress). */
  from: string;
  /** The first day still to read. */
  next: string;
}

interface CallsPage {
  calls: TwilioCall[];
  next_page_uri: string | null;
}

/** How long after a day ends its calls may still change (a forwarded leg, a call still in progress). */
const SETTLE_MS = 2 * 60 * 60 * 1000;
const PAGE_SIZE = 1000;

const utcDay = (ms: number) => DateTime.fromMillis(ms, { zone: 'utc' }).toISODate()!;
const nextDay = (day: string) => DateTime.fromISO(day, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;
const daysBetween = (from: string, to: string) => Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days);

export class TwilioSource implements PullSource<TwilioCursor> {
  /** What each call's events were at the last delivery: a call read again unchanged is not delivered again. */
  private delivered = new Map<string, string>();

  constructor(
    private readonly credentials: TwilioCredentials,
    private readonly http: ProviderHttp,
    private readonly options: { baseUrl: string; backfillDays: number; now: () => number },
  ) {}

  private get auth(): RequestInit {
    const basic = Buffer.from(`${this.credentials.account_sid}:${this.credentials.auth_token}`).toString('base64');
    return { headers: { authorization: `Basic ${basic}`, accept: 'application/json' } };
  }

  private url(path: string): string {
    return this.options.baseUrl.replace(/\/$/, '') + path;
  }

  private callsPath(query: Record<string, string>): string {
    return `/2010-04-01/Accounts/${encodeURIComponent(this.credentials.account_sid)}/Calls.json?${new URLSearchParams({ ...query, PageSize: String(PAGE_SIZE) })}`;
  }

  /** Every record of a query, following `next_page_uri` (relative to the base). */
  private async list(query: Record<string, string>): Promise<TwilioCall[]> {
    const records: TwilioCall[] = [];
    let path: string | null = this.callsPath(query);
    while (path) {
      const page: CallsPage = await this.http.json<CallsPage>(this.url(path), this.auth);
      records.push(...page.calls);
      path = page.next_page_uri;
    }
    return records;
  }

  /** The records of one UTC day, with the parents of legs forwarded just after midnight. */
  private async day(day: string): Promise<TwilioCall[]> {
    // `StartTime=YYYY-MM-DD`: the calls that started on that UTC day.
    const records = await this.list({ StartTime: day });
    for (const sid of groupCalls(records).orphans) {
      records.push(await this.http.json<TwilioCall>(this.url(`/2010-04-01/Accounts/${encodeURIComponent(this.credentials.account_sid)}/Calls/${encodeURIComponent(sid)}.json`), this.auth));
    }
    return records;
  }

  /** Calls (not forwarded legs) in the last `days` days: what "Test connection" reports. */
  async count(days: number): Promise<number> {
    const from = utcDay(this.options.now() - days * 86_400_000);
    // Twilio's `StartTime>=YYYY-MM-DD`: the key is `StartTime>`, and `=` starts the value.
    return (await this.list({ 'StartTime>': from })).filter((r) => !r.parent_call_sid).length;
  }

  /** The events by call, each call's in order. */
  private static byCall(events: readonly CallEventBody[]): Map<string, CallEventBody[]> {
    const bySid = new Map<string, CallEventBody[]>();
    for (const e of events) bySid.set(e.call_sid, [...(bySid.get(e.call_sid) ?? []), e]);
    return bySid;
  }

  async sync(run: SyncRun<TwilioCursor>): Promise<void> {
    const now = this.options.now();
    const today = utcDay(now);
    const settled = utcDay(now - SETTLE_MS);
    const start = utcDay(now - this.options.backfillDays * 86_400_000);
    let cursor = run.cursor ?? { from: start, next: start };
    const total = daysBetween(cursor.from, today) + 1;
    const backfilling = daysBetween(cursor.next, today) > 1;
    const remembered = new Map<string, string>();
    // The first day that must be read again next time.
    let hold: string | null = null;
    for (let day = cursor.next; day <= today; day = nextDay(day)) {
      if (backfilling) run.progress({ done: daysBetween(cursor.from, day), total });
      const records = await this.day(day);
      const events = eventsOf(records);
      if (day >= settled || records.some((r) => ['queued', 'ringing', 'in-progress'].includes(r.status))) hold ??= day;
      cursor = { from: cursor.from, next: hold ?? nextDay(day) };
      const calls = [...TwilioSource.byCall(events)].map(([sid, list]) => ({ sid, list, print: JSON.stringify(list) }));
      await run.commit(calls.flatMap((c) => (this.delivered.get(c.sid) === c.print ? [] : c.list)), cursor);
      for (const c of calls) remembered.set(c.sid, c.print);
    }
    this.delivered = remembered;
  }
}
