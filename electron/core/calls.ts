import { cached, type SalonDatabase } from './db.js';
import { InputError, NotFoundError } from './errors.js';
import { inCanonicalOrder, type EventLog, type LoggedEvent } from './event-log.js';
import type { CustomerSighting, CustomerStore } from './customers.js';
import { toE164 } from './phone.js';
import { isAfterHours, type SalonSettings } from './settings.js';
import { parseInstant, toIso } from './time.js';
import type { AfterHoursChanges, Call, CallEventBody, CallOutcome, Page } from '../contract/index.js';

/** A call event as accepted and logged: times resolved, the caller's number normalised. */
interface CallEventPayload {
  from_raw?: string;
  from_phone?: string;
  to_phone?: string;
  caller_name?: string;
  direction?: 'inbound' | 'outbound';
  status?: string;
  duration_sec?: number;
  intent?: string;
}

/** A call event as the log keeps it. */
export type CallEvent = LoggedEvent<CallEventPayload>;

const ANSWERED_STATUSES = new Set(['answered', 'completed']);
const TYPE_RANK: Record<string, number> = { started: 0, answered: 1, intent: 2, ended: 3 };
const rank = (type: string) => TYPE_RANK[type] ?? 9;

/** Checks a call event and turns it into the form that the log keeps. */
export function acceptCallEvent(
  body: CallEventBody,
  settings: SalonSettings,
  receivedAt: number,
  isTest: boolean,
): { callSid: string; event: CallEvent } {
  if (body.event === 'intent' && !body.intent) throw new InputError('intent', 'is required for an intent event');
  const occurredAt = body.timestamp ? parseInstant(body.timestamp, 'timestamp') : receivedAt;
  const payload: CallEventPayload = {};
  if (body.from) {
    payload.from_raw = body.from;
    // A withheld or malformed caller ID is still a call: it is kept, just not tied to a customer.
    const e164 = toE164(body.from, settings.default_region);
    if (e164) payload.from_phone = e164;
  }
  if (body.to) {
    const e164 = toE164(body.to, settings.default_region);
    if (e164) payload.to_phone = e164;
  }
  if (body.caller_name) payload.caller_name = body.caller_name.trim();
  if (body.direction) payload.direction = body.direction;
  if (body.status) payload.status = body.status;
  if (body.duration_sec !== undefined) payload.duration_sec = body.duration_sec;
  if (body.intent) payload.intent = body.intent.toUpperCase();
  // One started, one answered and one ended per call: a repeat is the same event. An intent is
  // identified by its code and, when the sender dated it, by its time: the agent may come back to
  // an intent it reported before, and that later report must not be taken for a repeat.
  const key =
    body.event === 'intent'
      ? `call:${body.call_sid}:intent:${payload.intent}${body.timestamp ? `@${occurredAt}` : ''}`
      : `call:${body.call_sid}:${body.event}`;
  return { callSid: body.call_sid, event: { key, type: body.event, occurredAt, isTest, payload } };
}

/** What a booking made during a call may take from it: the caller and what they asked for. */
export interface CallFacts {
  phone: string | null;
  name: string | null;
  intent: string | null;
}

interface CallState {
  call_sid: string;
  direction: 'inbound' | 'outbound';
  from_raw: string | null;
  from_phone: string | null;
  to_phone: string | null;
  caller_name: string | null;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  outcome: CallOutcome;
  end_status: string | null;
  duration_sec: number | null;
  intent: string | null;
  is_test: boolean;
}

/** The call that a set of events describes; the same set in any order gives the same call. */
function foldCall(callSid: string, events: LoggedEvent<CallEventPayload>[]): CallState {
  const first = <K extends keyof CallEventPayload>(k: K) => events.find((e) => e.payload[k] !== undefined)?.payload[k];
  const ofType = (t: string) => events.find((e) => e.type === t);
  const started = ofType('started');
  const answered = ofType('answered');
  const ended = ofType('ended');
  const intents = events.filter((e) => e.payload.intent !== undefined);

  const endStatus = ended?.payload.status ?? null;
  let duration = ended?.payload.duration_sec ?? null;
  if (ended && duration === null && answered) duration = Math.max(0, Math.round((ended.occurredAt - answered.occurredAt) / 1000));
  // Without a `started` event, the call started at its earliest known moment.
  let startedAt = started?.occurredAt ?? events[0]!.occurredAt;
  if (!started && ended && duration !== null && !answered) startedAt = Math.min(startedAt, ended.occurredAt - duration * 1000);

  let outcome: CallOutcome = 'live';
  if (ended) {
    const pickedUp = answered !== undefined || ((endStatus === null || ANSWERED_STATUSES.has(endStatus)) && (duration ?? 0) > 0);
    outcome = pickedUp ? 'answered' : 'missed';
  }
  return {
    call_sid: callSid,
    direction: first('direction') ?? 'inbound',
    from_raw: first('from_raw') ?? null,
    from_phone: first('from_phone') ?? null,
    to_phone: first('to_phone') ?? null,
    caller_name: first('caller_name') ?? null,
    started_at: startedAt,
    answered_at: answered?.occurredAt ?? null,
    ended_at: ended?.occurredAt ?? null,
    outcome,
    end_status: endStatus,
    duration_sec: duration,
    intent: intents.length ? intents[intents.length - 1]!.payload.intent! : null,
    is_test: events.some((e) => e.isTest),
  };
}

const byCanonicalOrder = inCanonicalOrder(rank);

/** Whom a call sights as a customer: the caller of an inbound call, the one called on an outbound call; null: no number. */
function sightingOf(state: CallState): CustomerSighting | null {
  const inbound = state.direction === 'inbound';
  const phone = inbound ? state.from_phone : state.to_phone;
  return phone ? { phone, name: inbound ? (state.caller_name ?? undefined) : undefined, seenAt: state.started_at, isTest: state.is_test } : null;
}

interface CallRow extends Omit<CallState, 'is_test'> {
  customer_id: number | null;
  customer_name: string | null;
  after_hours: number;
  is_test: number;
  called_back_at: number | null;
}

/**
 * The row that stores a call's state with its customer. Field by field rather than `...state`:
 * V8 copied the spread through its slow path, about 7 µs a call (measured), a tenth of a batch
 * ingest's time.
 */
function rowOf(state: CallState, customer: { id: number; name: string | null } | null, settings: SalonSettings): CallRow {
  return {
    call_sid: state.call_sid,
    direction: state.direction,
    from_raw: state.from_raw,
    from_phone: state.from_phone,
    to_phone: state.to_phone,
    caller_name: state.caller_name,
    started_at: state.started_at,
    answered_at: state.answered_at,
    ended_at: state.ended_at,
    outcome: state.outcome,
    end_status: state.end_status,
    duration_sec: state.duration_sec,
    intent: state.intent,
    customer_id: customer?.id ?? null,
    customer_name: customer?.name ?? null,
    after_hours: isAfterHours(state.started_at, settings) ? 1 : 0,
    is_test: state.is_test ? 1 : 0,
    called_back_at: null,
  };
}

const CALL_COLUMNS = [
  'call_sid', 'direction', 'from_raw', 'from_phone', 'to_phone', 'caller_name', 'customer_id', 'started_at', 'answered_at',
  'ended_at', 'outcome', 'end_status', 'duration_sec', 'intent', 'after_hours', 'is_test',
] as const;
/** A stored call takes its events' state; the desk's own mark (called back) is not the events' to set, and is kept. */
const ON_CALL_CONFLICT = `ON CONFLICT(call_sid) DO UPDATE SET ${CALL_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`;
/** Stores one call row (named parameters). */
const UPSERT_CALL = `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) VALUES (${CALL_COLUMNS.map((c) => `@${c}`).join(', ')}) ${ON_CALL_CONFLICT}`;
/** Stores many call rows, given as one JSON array of arrays of the columns' values: one statement, not one per call. */
const UPSERT_CALLS = `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) SELECT ${CALL_COLUMNS.map((_, i) => `value ->> ${i}`).join(', ')}
  FROM json_each(?) WHERE true ${ON_CALL_CONFLICT}`;

/** A real caller who rang while the salon was open and nobody picked up: worth a desktop notification. */
export function isMissedDuringHours(call: Call): boolean {
  return call.status === 'missed' && call.direction === 'inbound' && !call.after_hours && !call.is_test;
}

const isoOrNull = (ms: number | null) => (ms === null ? null : toIso(ms));

/** CallRail's threshold: a missed caller who hung up sooner gave up rather than went unanswered (SALON_ABANDON_SECONDS). */
export const DEFAULT_ABANDON_SECONDS = 15;

/** A missed call that rang for less than `abandonMs`: the caller hung up. Read from the stored times, so a new threshold applies to every call at once. */
export function isAbandoned(call: { outcome: string; started_at: number; ended_at: number | null }, abandonMs: number): boolean {
  return call.outcome === 'missed' && call.ended_at !== null && call.ended_at - call.started_at < abandonMs;
}

export function callJson(r: CallRow, abandonMs: number): Call {
  return {
    call_sid: r.call_sid,
    direction: r.direction,
    from: r.from_phone ?? r.from_raw,
    to: r.to_phone,
    caller_name: r.caller_name,
    customer_id: r.customer_id,
    customer_name: r.customer_name ?? null,
    started_at: toIso(r.started_at),
    answered_at: isoOrNull(r.answered_at),
    ended_at: isoOrNull(r.ended_at),
    status: r.outcome,
    abandoned: isAbandoned(r, abandonMs),
    end_status: r.end_status,
    duration_sec: r.duration_sec,
    intent: r.intent,
    after_hours: r.after_hours === 1,
    is_test: r.is_test === 1,
    called_back_at: isoOrNull(r.called_back_at),
  };
}

export const CALL_SELECT = `SELECT c.*, cu.name AS customer_name FROM calls c LEFT JOIN customers cu ON cu.id = c.customer_id`;

export class CallStore {
  constructor(
    private readonly db: SalonDatabase,
    private readonly log: EventLog,
    private readonly customers: CustomerStore,
    private readonly abandonMs: number,
  ) {}

  private json = (row: CallRow): Call => callJson(row, this.abandonMs);

  /**
   * Projects a call event just appended to the log. The first event of a call makes the call
   * from itself alone, with no read of the log; any later one rebuilds the call from all its
   * events, which gives one call whatever the order of arrival and whatever came twice.
   */
  applyEvent(callSid: string, event: CallEvent, settings: SalonSettings): { call: Call; created: boolean } {
    if (!this.log.isFirst('call', callSid)) return this.project(callSid, settings);
    return { call: this.write(foldCall(callSid, [event]), settings, 'new'), created: true };
  }

  /** Rebuilds one call from its logged events; answers the call and whether it is new (its first event). */
  project(callSid: string, settings: SalonSettings): { call: Call; created: boolean } {
    const events = this.log.forSubject<CallEventPayload>('call', callSid, rank);
    // Every call row is made from its events, so the call is new exactly when this is its first.
    return { call: this.write(foldCall(callSid, events), settings), created: events.length === 1 };
  }

  /**
   * Stores the calls that these events describe (each call with every one of its events: those
   * logged before and the new ones, in any order), each caller sighted once however many calls
   * they made: `project` for many calls at once (a batch's chunk), with no call read back.
   */
  projectAll(eventsByCall: ReadonlyMap<string, CallEvent[]>, settings: SalonSettings): void {
    const states = [...eventsByCall].map(([callSid, events]) => foldCall(callSid, events.sort(byCanonicalOrder)));
    const customers = this.customers.sightedAll(states.map(sightingOf).filter((s) => s !== null));
    const rows = states.map((state) => {
      const sighting = sightingOf(state);
      const row = rowOf(state, sighting && customers.get(sighting.phone)!, settings);
      return CALL_COLUMNS.map((column) => row[column]);
    });
    // Nothing read back: a batch answers no calls.
    cached(this.db, UPSERT_CALLS).run(JSON.stringify(rows));
  }

  /** Stores a call's state, its caller sighted as a customer; answers the call as stored. */
  private write(state: CallState, settings: SalonSettings, call: 'new' | 'known' = 'known'): Call {
    const sighting = sightingOf(state);
    const row = rowOf(state, sighting && this.customers.sighted(sighting), settings);
    // The desk's own mark (called back) is not the events' to set: a known call's is kept, and read
    // back; a new call has none (reading it back would double the statement's cost).
    if (call === 'new') cached(this.db, UPSERT_CALL).run(row);
    else row.called_back_at = (cached(this.db, `${UPSERT_CALL} RETURNING called_back_at`).get(row) as { called_back_at: number | null }).called_back_at;
    return this.json(row);
  }

  get(callSid: string): Call {
    const row = cached(this.db, `${CALL_SELECT} WHERE c.call_sid = ?`).get(callSid) as CallRow | undefined;
    if (!row) throw new NotFoundError(`call ${callSid}`);
    return this.json(row);
  }

  /** Who called (their customer's number, and the name the phone system gave) and what they asked for; null: no such call. */
  facts(callSid: string): CallFacts | null {
    const row = cached(this.db,
        `SELECT cu.phone AS phone, CASE WHEN c.direction = 'inbound' THEN c.caller_name END AS name, c.intent AS intent
         FROM calls c LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.call_sid = ?`,
      )
      .get(callSid) as CallFacts | undefined;
    return row ?? null;
  }

  find(callSid: string): Call | null {
    const row = cached(this.db, `${CALL_SELECT} WHERE c.call_sid = ?`).get(callSid) as CallRow | undefined;
    return row ? this.json(row) : null;
  }

  list(range: { from?: number; to?: number; status?: CallOutcome; limit: number; offset: number }): Page<Call> {
    const where = [
      range.from !== undefined ? 'c.started_at >= @from' : null,
      range.to !== undefined ? 'c.started_at < @to' : null,
      range.status ? 'c.outcome = @status' : null,
    ].filter(Boolean);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const items = cached(this.db, `${CALL_SELECT} ${clause} ORDER BY c.started_at DESC, c.call_sid LIMIT @limit OFFSET @offset`)
      .all(range) as CallRow[];
    const { total } = cached(this.db, `SELECT count(*) AS total FROM calls c ${clause}`).get(range) as { total: number };
    return { items: items.map(this.json), total };
  }

  forCustomer(customerId: number): Call[] {
    return (cached(this.db, `${CALL_SELECT} WHERE c.customer_id = ? ORDER BY c.started_at DESC`).all(customerId) as CallRow[]).map(this.json);
  }

  /** Calls still ringing or in progress that started in the last `withinMs` (older ones lost their end event). */
  live(now: number, withinMs: number): Call[] {
    return (cached(this.db, `${CALL_SELECT} WHERE c.outcome = 'live' AND c.started_at >= ? ORDER BY c.started_at DESC`).all(now - withinMs) as CallRow[]).map(this.json);
  }

  recent(limit: number): Call[] {
    return (cached(this.db, `${CALL_SELECT} ORDER BY c.started_at DESC LIMIT ?`).all(limit) as CallRow[]).map(this.json);
  }

  /** After the business hours or time zone change, every call's after-hours mark is recomputed. */
  /** How many calls (test calls aside) these settings would move across the after-hours line. */
  afterHoursChanges(settings: SalonSettings): AfterHoursChanges {
    const rows = cached(this.db, 'SELECT started_at, after_hours FROM calls WHERE is_test = 0').all() as { started_at: number; after_hours: 0 | 1 }[];
    const changes: AfterHoursChanges = { became_after_hours: 0, became_in_hours: 0 };
    for (const { started_at, after_hours } of rows) {
      const after = isAfterHours(started_at, settings);
      if (after && !after_hours) changes.became_after_hours++;
      else if (!after && after_hours) changes.became_in_hours++;
    }
    return changes;
  }

  remarkAfterHours(settings: SalonSettings): void {
    const update = cached(this.db, 'UPDATE calls SET after_hours = ? WHERE call_sid = ?');
    const rows = cached(this.db, 'SELECT call_sid, started_at FROM calls').all() as { call_sid: string; started_at: number }[];
    for (const { call_sid, started_at } of rows) {
      update.run(isAfterHours(started_at, settings) ? 1 : 0, call_sid);
    }
  }
}
