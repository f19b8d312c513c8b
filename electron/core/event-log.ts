import type { SalonDatabase } from './db.js';

export type SubjectKind = 'call' | 'appointment' | 'customer';

/** One accepted inbound event, as kept in the append-only log. */
export interface LoggedEvent<P> {
  readonly key: string;
  readonly type: string;
  readonly occurredAt: number;
  readonly isTest: boolean;
  readonly payload: P;
}

/** An event as a row of the log. */
interface StoredEvent {
  key: string;
  type: string;
  occurredAt: number;
  isTest: number;
  payload: string;
}

const loggedEvent = <P>(r: StoredEvent): LoggedEvent<P> => ({ key: r.key, type: r.type, occurredAt: r.occurredAt, isTest: r.isTest === 1, payload: JSON.parse(r.payload) as P });

/** The append-only record of accepted events, keyed by idempotency key. */
export class EventLog {
  private readonly insert;
  private readonly bySubject;
  private readonly upToTwo;
  private readonly insertAll;
  private readonly bySubjects;

  constructor(db: SalonDatabase) {
    this.insert = db.prepare(
      `INSERT INTO events (idempotency_key, subject_kind, subject_id, type, occurred_at, received_at, is_test, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(idempotency_key) DO NOTHING`,
    );
    this.bySubject = db.prepare(
      `SELECT idempotency_key AS key, type, occurred_at AS occurredAt, is_test AS isTest, payload
       FROM events WHERE subject_kind = ? AND subject_id = ?`,
    );
    this.upToTwo = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE subject_kind = ? AND subject_id = ? LIMIT 2)');
    // The batch's statements take their rows as one JSON array: one statement, not one per event.
    this.insertAll = db.prepare(
      `INSERT INTO events (idempotency_key, subject_kind, subject_id, type, occurred_at, received_at, is_test, payload)
       SELECT e.value ->> 0, ?, e.value ->> 1, e.value ->> 2, e.value ->> 3, ?, e.value ->> 4, e.value ->> 5 FROM json_each(?) e WHERE true
       ON CONFLICT(idempotency_key) DO NOTHING RETURNING idempotency_key AS key`,
    );
    this.bySubjects = db.prepare(
      `SELECT subject_id AS subjectId, idempotency_key AS key, type, occurred_at AS occurredAt, is_test AS isTest, payload
       FROM events WHERE subject_kind = ? AND subject_id IN (SELECT value FROM json_each(?))`,
    );
  }

  /** Whether the subject has one event logged and no other (its projection can then be made from that event alone). */
  isFirst(kind: SubjectKind, subjectId: string): boolean {
    return (this.upToTwo.get(kind, subjectId) as { n: number }).n === 1;
  }

  /** Appends the event; false when an event with the same key was accepted before. */
  append(kind: SubjectKind, subjectId: string, event: LoggedEvent<unknown>, receivedAt: number): boolean {
    const { key, type, occurredAt, isTest, payload } = event;
    const info = this.insert.run(key, kind, subjectId, type, occurredAt, receivedAt, isTest ? 1 : 0, JSON.stringify(payload));
    return info.changes === 1;
  }

  /**
   * Appends many events in one statement, in order; answers the keys of those appended (an
   * event whose key was accepted before, or earlier in the same list, is not).
   */
  appendAll(kind: SubjectKind, events: readonly { subjectId: string; event: LoggedEvent<unknown> }[], receivedAt: number): Set<string> {
    const rows = events.map(({ subjectId, event: e }) => [e.key, subjectId, e.type, e.occurredAt, e.isTest ? 1 : 0, JSON.stringify(e.payload)]);
    const appended = this.insertAll.all(kind, receivedAt, JSON.stringify(rows)) as { key: string }[];
    return new Set(appended.map((r) => r.key));
  }

  /** Every event of each of these subjects, in the order stored (a subject with none has an empty list). */
  ofSubjects<P>(kind: SubjectKind, subjectIds: Iterable<string>): Map<string, LoggedEvent<P>[]> {
    const bySubject = new Map<string, LoggedEvent<P>[]>();
    for (const id of subjectIds) bySubject.set(id, []);
    const rows = this.bySubjects.all(kind, JSON.stringify([...bySubject.keys()])) as ({ subjectId: string } & StoredEvent)[];
    for (const r of rows) bySubject.get(r.subjectId)!.push(loggedEvent<P>(r));
    return bySubject;
  }

  /** Every event of one subject, in the order stored. */
  ofSubject<P>(kind: SubjectKind, subjectId: string): LoggedEvent<P>[] {
    return (this.bySubject.all(kind, subjectId) as StoredEvent[]).map((r) => loggedEvent<P>(r));
  }

  /** Every event of one subject, in the canonical order (`inCanonicalOrder`). */
  forSubject<P>(kind: SubjectKind, subjectId: string, rank: (type: string) => number): LoggedEvent<P>[] {
    return this.ofSubject<P>(kind, subjectId).sort(inCanonicalOrder(rank));
  }
}

/**
 * An order of a subject's events that does not depend on their arrival: by time, then by the
 * given rank of the type, then by key.
 */
export function inCanonicalOrder(rank: (type: string) => number): (a: LoggedEvent<unknown>, b: LoggedEvent<unknown>) => number {
  return (a, b) => a.occurredAt - b.occurredAt || rank(a.type) - rank(b.type) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
