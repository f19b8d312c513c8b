/**
 * The fallback spool: the original guide's `customer_interactions_backup.json`, done properly.
 *
 * When a webhook's event cannot be committed because the database is locked by another
 * program, full, or failing (SQLITE_BUSY, SQLITE_LOCKED, SQLITE_FULL, SQLITE_IOERR…), the event
 * is checked first (bad input is still a 400), then appended to a JSON-lines file next to the
 * database and fsync'd before it is acknowledged (202, `{"ok": true, "spooled": true}`). The
 * spool is replayed in order, each event once (idempotency keys make a repeat harmless), as
 * soon as the database is writable again: before the next event is stored, every second while
 * anything waits, and at start. Events that arrive while something waits go behind it, so the
 * order of arrival is kept.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, ftruncateSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppointmentEventBody, AppointmentResult, CallEventBody, CallResult } from '../contract/index.js';
import type { Salon } from './salon.js';
import { UnknownCallError } from './appointments.js';

export const SPOOL_FILE = 'customer_interactions_backup.jsonl';
export const REJECTED_FILE = 'customer_interactions_rejected.jsonl';
/** Spooled events replayed in one transaction. */
const REPLAY_GROUP = 50;
/** The longest a replay holds the event loop before it lets other work in (ms). */
const REPLAY_SLICE_MS = 20;

/** Where the spool of the database at `dbPath` is kept: `<db dir>/spool/customer_interactions_backup.jsonl`. */
export function spoolPathFor(dbPath: string): string {
  return join(dirname(dbPath), 'spool', SPOOL_FILE);
}

export interface SpoolEntry {
  /** The spool's own id of the entry (for logs); the event's idempotency comes from its body. */
  id: string;
  kind: 'call' | 'appointment';
  /** When the salon received the event (ms): a replayed event keeps it, as its default time and its receipt. */
  received_at: number;
  test?: boolean;
  body: CallEventBody | AppointmentEventBody;
}

export interface SpooledResult {
  ok: true;
  spooled: true;
  /** The event's subject: the call, or the appointment (an id is given to a booking that came without one). */
  call_sid?: string;
  appointment_id?: string;
  message: string;
}

/** Failures of storage, not of the input: the database is busy or locked, full, read-only or failing I/O. */
export function isStorageUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL|NOLFS)/.test(code);
}

/** What storage says when it is unavailable, in words for the answer. */
export function storageProblem(err: unknown): string {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'the database is locked by another program';
  if (code.startsWith('SQLITE_FULL')) return 'the disk (or the database) is full';
  if (code.startsWith('SQLITE_READONLY')) return 'the database cannot be written (read-only)';
  return `the database cannot be read or written (${code || (err as Error)?.message || 'unknown error'})`;
}

/** Neither the database nor the spool could take the event: nothing was stored, and the sender should retry. */
export class StorageUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(reason: string, spoolError?: unknown) {
    super(
      `${reason}, and the event could not be kept in the spool either${spoolError instanceof Error ? ` (${spoolError.message})` : ''}; nothing was stored: send it again later`,
    );
    this.name = 'StorageUnavailableError';
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot open a folder; the file's own fsync is what counts there.
  }
}

/** The spool file: JSON lines, appended and fsync'd one entry at a time. */
export class Spool {
  private checked = false;
  /** Entries waiting for the next write, each with its caller's answer. */
  private unwritten: { line: string; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private writing = false;

  constructor(readonly path: string) {}

  /**
   * Makes the file end with a whole line. A crash in the middle of an append leaves a torn last
   * line, which was never acknowledged (the answer waits for the fsync): it is cut off, so that
   * the next entry starts on a line of its own.
   */
  private repairTail(): void {
    if (this.checked) return;
    this.checked = true;
    if (!existsSync(this.path)) return;
    const text = readFileSync(this.path);
    if (text.length === 0 || text[text.length - 1] === 0x0a) return;
    const keep = text.lastIndexOf(0x0a) + 1;
    const fd = openSync(this.path, 'r+');
    try {
      ftruncateSync(fd, keep);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Appends one entry and resolves once it is on disk (file and, when it is new, its folder).
   * The writes and syncs run in the thread pool, in the order of the calls, and the entries that
   * arrive while one sync is under way share the next one: a sync can take tens of ms while an
   * import fills the disk's queue, and the event loop answers other webhooks meanwhile.
   */
  append(entry: SpoolEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.unwritten.push({ line: JSON.stringify(entry) + '\n', resolve, reject });
      if (!this.writing) void this.writeAll();
    });
  }

  /** True while an append is under way: the file must not be read for replay, nor rewritten, until it is done. */
  get appending(): boolean {
    return this.writing;
  }

  private async writeAll(): Promise<void> {
    this.writing = true;
    while (this.unwritten.length > 0) {
      const batch = this.unwritten;
      this.unwritten = [];
      try {
        await this.write(batch.map((b) => b.line).join(''));
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.writing = false;
  }

  private async write(lines: string): Promise<void> {
    this.repairTail();
    const dir = dirname(this.path);
    const fresh = !existsSync(this.path);
    if (fresh) mkdirSync(dir, { recursive: true });
    const file = await open(this.path, 'a');
    try {
      await file.write(lines);
      await file.sync();
    } finally {
      await file.close();
    }
    if (fresh) fsyncDir(dir);
  }

  /** Every whole entry, oldest first. */
  read(): SpoolEntry[] {
    this.repairTail();
    if (!existsSync(this.path)) return [];
    const entries: SpoolEntry[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as SpoolEntry);
      } catch {
        // Not an entry this app wrote whole; left out (and dropped at the next rewrite).
      }
    }
    return entries;
  }

  count(): number {
    return existsSync(this.path) && statSync(this.path).size > 0 ? this.read().length : 0;
  }

  /** Replaces the spool with what is still waiting (atomically: a crash leaves the old file or the new one). */
  keepOnly(entries: readonly SpoolEntry[]): void {
    if (!existsSync(this.path)) return;
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      if (entries.length) writeSync(fd, entries.map((e) => JSON.stringify(e) + '\n').join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    fsyncDir(dirname(this.path));
  }

  /** Keeps events that can never be stored (the input is refused on replay) for a person to look at. */
  reject(entries: readonly (SpoolEntry & { error: string })[]): void {
    if (entries.length === 0) return;
    const path = join(dirname(this.path), REJECTED_FILE);
    const fd = openSync(path, 'a');
    try {
      writeSync(fd, entries.map((e) => JSON.stringify(e) + '\n').join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

interface QueuedCall {
  body: CallEventBody;
  test: boolean;
  receivedAt: number;
  resolve: (result: CallResult | SpooledResult) => void;
  reject: (err: unknown) => void;
}

export interface SpooledIngestOptions {
  /** The spool file; none (an in-memory database): storage failures are answered 503 and nothing is kept. */
  spoolPath?: string | null;
  /** How often a waiting spool is retried (ms, default 1000). */
  retryEveryMs?: number;
  log?: (line: string) => void;
}

/**
 * Webhook events into the salon, with the spool as the fallback when the database cannot take
 * them. Answers the salon's own result, or a `SpooledResult` when the event was spooled.
 */
export class SpooledIngest {
  readonly spool: Spool | null;
  private waiting: number;
  /** Why the last replay stopped (the database's refusal), to tell the senders of events spooled behind it. */
  private lastRefusal: unknown;
  private timer: NodeJS.Timeout | undefined;
  private continuing = false;
  /** Call events waiting for the next group commit (at the end of this turn of the event loop). */
  private queued: QueuedCall[] = [];
  private readonly retryEveryMs: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly salon: Salon,
    options: SpooledIngestOptions = {},
  ) {
    this.spool = options.spoolPath ? new Spool(options.spoolPath) : null;
    this.waiting = this.spool?.count() ?? 0;
    this.retryEveryMs = options.retryEveryMs ?? 1000;
    this.log = options.log ?? ((line) => console.error(line));
  }

  /** Events in the spool, waiting for the database. */
  get pending(): number {
    return this.waiting;
  }

  /** Replays what a previous run left in the spool, and retries while anything waits. */
  start(): void {
    this.readyToStore();
    this.arm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Stores a call event and answers once it is on disk. Call events that arrive together (in
   * the same turn of the event loop) are written as one group: one transaction and one disk
   * sync for all of them, each acknowledged after that commit.
   */
  recordCall(body: CallEventBody, options: { test?: boolean } = {}): Promise<CallResult | SpooledResult> {
    return new Promise((resolve, reject) => {
      this.queued.push({ body, test: options.test ?? false, receivedAt: this.salon.clock.now(), resolve, reject });
      if (this.queued.length === 1) setImmediate(() => this.writeQueued());
    });
  }

  private writeQueued(): void {
    const calls = this.queued;
    this.queued = [];
    if (!this.readyToStore()) {
      for (const c of calls) this.spoolCall(c, undefined);
      return;
    }
    try {
      const settled = this.salon.together(calls.map((c) => () => this.salon.recordCallEvent(c.body, { test: c.test, receivedAt: c.receivedAt })));
      settled.forEach((s, i) => (s.ok ? calls[i]!.resolve(s.value) : calls[i]!.reject(s.error)));
    } catch (err) {
      if (isStorageUnavailable(err)) for (const c of calls) this.spoolCall(c, err);
      // One event failed in a way the group cannot isolate (a fault, not the sender's input):
      // each is written on its own, so that it fails alone and its neighbours are stored.
      else for (const c of calls) this.writeAlone(c);
    }
  }

  private writeAlone(call: QueuedCall): void {
    try {
      call.resolve(this.salon.recordCallEvent(call.body, { test: call.test, receivedAt: call.receivedAt }));
    } catch (err) {
      if (isStorageUnavailable(err)) this.spoolCall(call, err);
      else call.reject(err);
    }
  }

  private spoolCall(call: QueuedCall, failure: unknown): void {
    try {
      this.spoolEvent('call', call.body, call.test, call.receivedAt, failure).then(call.resolve, call.reject);
    } catch (err) {
      call.reject(err);
    }
  }

  /**
   * `via`: how the event is stored when the database can take it (the API's own handler, which
   * adds what the answer carries besides the appointment); the salon's ingest by default.
   */
  async recordAppointment(
    body: AppointmentEventBody,
    options: { test?: boolean; via?: (body: AppointmentEventBody) => AppointmentResult | Promise<AppointmentResult> } = {},
  ): Promise<AppointmentResult | SpooledResult> {
    const test = options.test ?? false;
    const receivedAt = this.salon.clock.now();
    let failure: unknown;
    if (this.readyToStore()) {
      try {
        return options.via ? await options.via(body) : this.salon.recordAppointmentEvent(body, { test, receivedAt });
      } catch (err) {
        if (!isStorageUnavailable(err)) throw err;
        failure = err;
      }
    }
    return this.spoolEvent('appointment', body, test, receivedAt, failure);
  }

  /** Replays what waits first (the order of arrival is kept); true when nothing waits any more. */
  private readyToStore(): boolean {
    // An import holds the write lock: what waits cannot be stored yet, and the spool is not read for nothing.
    if (this.waiting > 0 && (this.salon.isWritingAside || this.spool?.appending)) return false;
    if (this.waiting > 0) {
      try {
        this.replay();
      } catch (err) {
        // The spool file could not be rewritten: what was stored stays in it, and a later replay finds it a duplicate.
        this.log(`spool replay failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return this.waiting === 0;
  }

  private apply(entry: SpoolEntry): CallResult | AppointmentResult {
    const options = { test: entry.test ?? false, receivedAt: entry.received_at };
    return entry.kind === 'call'
      ? this.salon.recordCallEvent(entry.body as CallEventBody, options)
      : this.salon.recordAppointmentEvent(entry.body as AppointmentEventBody, options);
  }

  /** Checks the event (bad input throws at once, and is never spooled), then answers once it is in the spool. */
  private spoolEvent(kind: SpoolEntry['kind'], body: CallEventBody | AppointmentEventBody, test: boolean, receivedAt: number, failure: unknown): Promise<SpooledResult> {
    const refusal = failure ?? this.lastRefusal;
    const reason = refusal ? storageProblem(refusal) : 'earlier events are still waiting for the database';
    // Bad input is refused as it would be with a working database (an InputError, a 400), and never spooled.
    try {
      if (kind === 'call') this.salon.checkCallEvent(body as CallEventBody, { test });
      else this.salon.checkAppointmentEvent(body as AppointmentEventBody, { test });
    } catch (err) {
      // A database that cannot even be read cannot check a booking's service or customer, nor
      // can a booking that takes them from a call whose events wait here ahead of it: kept, and
      // checked on replay.
      if (!isStorageUnavailable(err) && !(err instanceof UnknownCallError && this.callWaits(err.callSid))) throw err;
    }
    if (!this.spool) throw new StorageUnavailableError(reason);
    let spooledBody = body;
    // A booking without its own id gets one now, so that a replay (even a repeated one) books it once.
    if (kind === 'appointment' && !(body as AppointmentEventBody).appointment_id) {
      spooledBody = { ...(body as AppointmentEventBody), appointment_id: `apt_${randomUUID()}` } satisfies AppointmentEventBody;
    }
    const entry: SpoolEntry = { id: randomUUID(), kind, received_at: receivedAt, ...(test ? { test } : {}), body: spooledBody };
    // Counted at once, so that the events after it go behind it (the order of arrival is kept).
    this.waiting++;
    const spool = this.spool;
    return spool.append(entry).then(
      () => {
        this.arm();
        this.log(`spooled ${kind} event ${entry.id} (${reason}); ${this.waiting} waiting in ${spool.path}`);
        return {
          ok: true,
          spooled: true,
          ...(kind === 'call' ? { call_sid: (body as CallEventBody).call_sid } : { appointment_id: (spooledBody as AppointmentEventBody).appointment_id! }),
          message: `accepted and kept in the spool: ${reason}; it will be stored as soon as the database can take it`,
        };
      },
      (err: unknown) => {
        this.waiting--;
        throw new StorageUnavailableError(reason, err);
      },
    );
  }

  private callWaits(callSid: string): boolean {
    return this.spool?.read().some((e) => e.kind === 'call' && (e.body as CallEventBody).call_sid === callSid) ?? false;
  }

  /**
   * Stores what waits in the spool, oldest first, until the database refuses again: in groups
   * (one transaction and one disk sync each, every event in a savepoint of its own, as webhooks
   * are written), for at most REPLAY_SLICE_MS per turn of the event loop; the rest follows on the
   * next turns, so that a spool filled during a long import does not hold the loop as it drains.
   * A busy database is not waited for here (the retry comes back): only the first write of an
   * event waits out a lock. Answers the number of events stored.
   */
  replay(): number {
    if (!this.spool || this.waiting === 0 || this.spool.appending) return 0;
    const entries = this.spool.read();
    const db = this.salon.db;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    const started = performance.now();
    let done = 0;
    let refused = false;
    const rejected: (SpoolEntry & { error: string })[] = [];
    db.pragma('busy_timeout = 0');
    try {
      while (done < entries.length && !refused && performance.now() - started < REPLAY_SLICE_MS) {
        const group = entries.slice(done, done + REPLAY_GROUP);
        const outcome = this.applyGroup(group);
        rejected.push(...outcome.rejected);
        done += outcome.done;
        refused = outcome.done < group.length;
      }
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
    if (done > 0) {
      this.spool.reject(rejected);
      this.spool.keepOnly(entries.slice(done));
      for (const r of rejected) this.log(`spooled ${r.kind} event ${r.id} refused on replay: ${r.error}; kept in ${REJECTED_FILE}`);
      this.log(`replayed ${done - rejected.length} spooled event(s); ${entries.length - done} still waiting`);
    }
    this.waiting = entries.length - done;
    if (this.waiting > 0 && !refused) this.continueSoon();
    return done - rejected.length;
  }

  /** One group of spooled events in one transaction; how many were done (stored or refused for good) before the database refused. */
  private applyGroup(group: readonly SpoolEntry[]): { done: number; rejected: (SpoolEntry & { error: string })[] } {
    try {
      const settled = this.salon.together(group.map((entry) => () => this.apply(entry)));
      const rejected = settled.flatMap((s, i) => (s.ok ? [] : [{ ...group[i]!, error: s.error.message }]));
      return { done: group.length, rejected };
    } catch (err) {
      if (isStorageUnavailable(err)) {
        this.lastRefusal = err;
        return { done: 0, rejected: [] };
      }
      // A fault the group cannot isolate: each event on its own, so that it fails alone.
      return this.applyEach(group);
    }
  }

  private applyEach(group: readonly SpoolEntry[]): { done: number; rejected: (SpoolEntry & { error: string })[] } {
    const rejected: (SpoolEntry & { error: string })[] = [];
    let done = 0;
    for (const entry of group) {
      try {
        this.apply(entry);
      } catch (err) {
        if (isStorageUnavailable(err)) {
          this.lastRefusal = err;
          break;
        }
        // Refused on replay (say, its service was deleted meanwhile): kept apart for a person, never lost.
        rejected.push({ ...entry, error: err instanceof Error ? err.message : String(err) });
      }
      done++;
    }
    return { done, rejected };
  }

  /** The rest of a replay that ran out of its slice, on the next turn of the event loop. */
  private continueSoon(): void {
    if (this.continuing) return;
    this.continuing = true;
    setImmediate(() => {
      this.continuing = false;
      this.replayLogged();
    });
  }

  /** A replay from a timer: a failure is logged (what was not stored stays in the spool for the next one). */
  private replayLogged(): void {
    if (!this.salon.db.open) return;
    try {
      this.replay();
    } catch (err) {
      this.log(`spool replay failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private arm(): void {
    if (this.timer || this.waiting === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.salon.db.open) return;
      this.replayLogged();
      this.arm();
    }, this.retryEveryMs);
    this.timer.unref();
  }
}
