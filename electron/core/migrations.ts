import type { Database } from 'better-sqlite3';
import { EARLIEST_INSTANT_MS, LATEST_INSTANT_MS } from './time.js';

/**
 * Forward-only schema migrations, listed explicitly (a folder scan breaks inside bundles).
 * Migration N brings the database to `PRAGMA user_version = N`. Never edit a shipped one:
 * add the next.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

// Instants are INTEGER milliseconds since the Unix epoch (UTC); money is INTEGER cents.
const initialSchema = `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE services (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
  duration_min INTEGER NOT NULL CHECK (duration_min > 0)
);

CREATE TABLE intent_map (
  intent     TEXT PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id)
);

CREATE TABLE customers (
  id             INTEGER PRIMARY KEY,
  phone          TEXT UNIQUE,
  name           TEXT,
  email          TEXT,
  notes          TEXT NOT NULL DEFAULT '',
  first_seen_at  INTEGER NOT NULL,
  first_visit_at INTEGER,
  is_test        INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1))
);
CREATE INDEX customers_first_visit ON customers(first_visit_at) WHERE first_visit_at IS NOT NULL;

-- The append-only record of every accepted inbound event. Calls and appointments are
-- projections of it, rebuilt per subject, so repeated or reordered events give one state.
CREATE TABLE events (
  seq             INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  subject_kind    TEXT NOT NULL CHECK (subject_kind IN ('call', 'appointment', 'customer')),
  subject_id      TEXT NOT NULL,
  type            TEXT NOT NULL,
  occurred_at     INTEGER NOT NULL,
  received_at     INTEGER NOT NULL,
  is_test         INTEGER NOT NULL CHECK (is_test IN (0, 1)),
  payload         TEXT NOT NULL
);
CREATE INDEX events_subject ON events(subject_kind, subject_id);

CREATE TABLE calls (
  call_sid       TEXT PRIMARY KEY,
  direction      TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  from_raw       TEXT,
  from_phone     TEXT,
  to_phone       TEXT,
  caller_name    TEXT,
  customer_id    INTEGER REFERENCES customers(id),
  started_at     INTEGER NOT NULL,
  answered_at    INTEGER,
  ended_at       INTEGER,
  outcome        TEXT NOT NULL CHECK (outcome IN ('live', 'answered', 'missed')),
  end_status     TEXT,
  duration_sec   INTEGER,
  intent         TEXT,
  after_hours    INTEGER NOT NULL CHECK (after_hours IN (0, 1)),
  is_test        INTEGER NOT NULL CHECK (is_test IN (0, 1)),
  called_back_at INTEGER
);
-- Covering index for the weekly call figures: a week is a range scan, whatever the history.
CREATE INDEX calls_figures ON calls(started_at, outcome, after_hours, duration_sec)
  WHERE is_test = 0 AND direction = 'inbound';
CREATE INDEX calls_started ON calls(started_at);
CREATE INDEX calls_customer ON calls(customer_id, started_at);
CREATE INDEX calls_from ON calls(from_phone, started_at);
CREATE INDEX calls_live ON calls(started_at) WHERE outcome = 'live';

CREATE TABLE appointments (
  appointment_id TEXT PRIMARY KEY,
  customer_id    INTEGER NOT NULL REFERENCES customers(id),
  service_id     INTEGER NOT NULL REFERENCES services(id),
  call_sid       TEXT,
  start_at       INTEGER NOT NULL,
  duration_min   INTEGER NOT NULL CHECK (duration_min > 0),
  price_cents    INTEGER NOT NULL CHECK (price_cents >= 0),
  status         TEXT NOT NULL CHECK (status IN ('scheduled', 'completed', 'no_show', 'cancelled')),
  notes          TEXT,
  booked_at      INTEGER NOT NULL,
  status_at      INTEGER,
  is_test        INTEGER NOT NULL CHECK (is_test IN (0, 1))
);
CREATE INDEX appointments_figures ON appointments(start_at, status, price_cents, customer_id)
  WHERE is_test = 0;
CREATE INDEX appointments_booked ON appointments(booked_at) WHERE is_test = 0;
CREATE INDEX appointments_start ON appointments(start_at);
CREATE INDEX appointments_call ON appointments(call_sid) WHERE call_sid IS NOT NULL;
CREATE INDEX appointments_customer ON appointments(customer_id, start_at);

-- Figures of closed weeks, as they were when the week was closed.
CREATE TABLE weekly_figures (
  week_start TEXT PRIMARY KEY,
  timezone   TEXT NOT NULL,
  figures    TEXT NOT NULL,
  closed_at  INTEGER NOT NULL
);
`;

// The weekly figures of many weeks at once (ten years: 520) read only covering indexes: the
// calls' index now carries the call's id, so "converted" (a call with an appointment linked to
// it) is answered from the two indexes below without reading a table row. It replaces
// calls_figures, whose columns it starts with: one index less to keep up on every call.
const weeklyFigureIndexes = `
CREATE INDEX calls_week ON calls(started_at, outcome, after_hours, duration_sec, call_sid)
  WHERE is_test = 0 AND direction = 'inbound';
DROP INDEX calls_figures;
CREATE INDEX appointments_linked ON appointments(call_sid) WHERE call_sid IS NOT NULL AND is_test = 0;
`;

/** The instant columns of each table whose rows are moved out whole when one is out of range. */
const INSTANT_COLUMNS = {
  calls: { key: 'call_sid', subject: 'call', columns: ['started_at', 'answered_at', 'ended_at', 'called_back_at'] },
  appointments: { key: 'appointment_id', subject: 'appointment', columns: ['start_at', 'booked_at', 'status_at'] },
} as const;

const outOfRange = (column: string) => `(${column} IS NOT NULL AND (${column} < ${EARLIEST_INSTANT_MS} OR ${column} > ${LATEST_INSTANT_MS}))`;

/**
 * Before instants were checked, a call or an appointment could be stored in year 0001 or 275760,
 * which broke the exports and the customers' first dates. Such rows (and the events they were
 * projected from, so that no later event brings them back) move to `quarantine`, kept whole as
 * JSON for a person to look at (`npm run check` lists them); a customer's first dates outside
 * the range are worked out again from what remains.
 */
function quarantineImpossibleInstants(db: Database): void {
  db.exec(`CREATE TABLE quarantine (
    id      INTEGER PRIMARY KEY,
    source  TEXT NOT NULL,
    row_key TEXT NOT NULL,
    reason  TEXT NOT NULL,
    row     TEXT NOT NULL
  );`);
  const keep = db.prepare('INSERT INTO quarantine (source, row_key, reason, row) VALUES (?, ?, ?, ?)');
  const move = (source: string, where: string, key: (row: Record<string, unknown>) => string, reason: (row: Record<string, unknown>) => string) => {
    for (const row of db.prepare(`SELECT * FROM ${source} WHERE ${where}`).all() as Record<string, unknown>[]) {
      keep.run(source, key(row), reason(row), JSON.stringify(row));
    }
    db.exec(`DELETE FROM ${source} WHERE ${where}`);
  };
  const beyond = (row: Record<string, unknown>, columns: readonly string[]) =>
    columns.filter((c) => typeof row[c] === 'number' && ((row[c] as number) < EARLIEST_INSTANT_MS || (row[c] as number) > LATEST_INSTANT_MS));
  for (const [table, { key, subject, columns }] of Object.entries(INSTANT_COLUMNS)) {
    const where = columns.map(outOfRange).join(' OR ');
    const subjects = `subject_kind = '${subject}' AND subject_id IN (SELECT ${key} FROM ${table} WHERE ${where})`;
    move('events', subjects, (e) => String(e.seq), (e) => `an event of ${subject} ${String(e.subject_id)}, whose ${subject} is quarantined`);
    move(table, where, (r) => String(r[key]), (r) => `${beyond(r, columns).join(', ')} not between 2000-01-01 and 2100-01-01`);
  }
  move('events', outOfRange('occurred_at'), (e) => String(e.seq), () => 'occurred_at not between 2000-01-01 and 2100-01-01');
  for (const c of db.prepare(`SELECT * FROM customers WHERE ${outOfRange('first_seen_at')} OR ${outOfRange('first_visit_at')}`).all() as Record<string, unknown>[]) {
    keep.run('customers', String(c.id), `${beyond(c, ['first_seen_at', 'first_visit_at']).join(', ')} not between 2000-01-01 and 2100-01-01 (worked out again)`, JSON.stringify(c));
  }
  db.exec(`
    UPDATE customers SET first_visit_at = (SELECT min(start_at) FROM appointments a WHERE a.customer_id = customers.id AND a.status = 'completed')
      WHERE ${outOfRange('first_visit_at')};
    UPDATE customers SET first_seen_at = coalesce(
        (SELECT min(started_at) FROM calls WHERE customer_id = customers.id),
        (SELECT min(booked_at) FROM appointments WHERE customer_id = customers.id),
        CAST(unixepoch() AS INTEGER) * 1000)
      WHERE ${outOfRange('first_seen_at')};
  `);
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: (db) => db.exec(initialSchema) },
  { version: 2, name: 'covering indexes for weekly figures', up: (db) => db.exec(weeklyFigureIndexes) },
  // The call-back list asks, for each missed caller, whether they booked since: one seek, not a
  // walk through every booking of a regular of ten years.
  { version: 3, name: 'bookings by customer and time booked', up: (db) => db.exec(`CREATE INDEX appointments_customer_booked ON appointments(customer_id, booked_at) WHERE is_test = 0;`) },
  { version: 4, name: 'impossible instants into quarantine', up: quarantineImpossibleInstants },
  // Each phone connector's place in its provider's call log, so a restart neither misses nor repeats a call.
  {
    version: 5,
    name: 'phone connector cursors',
    up: (db) =>
      db.exec(`CREATE TABLE connector_state (
  id             TEXT PRIMARY KEY,
  cursor         TEXT,
  calls_imported INTEGER NOT NULL DEFAULT 0,
  last_sync_at   INTEGER,
  last_event_at  INTEGER
);`),
  },
  // What the previous booking system's export knew of each customer (SPEC §2: its first visit
  // counts as their first visit). Plain columns, so that lists and segments can sort and filter on them.
  {
    version: 6,
    name: 'customer history imported from the previous booking system',
    up: (db) =>
      db.exec(`ALTER TABLE customers ADD COLUMN imported_first_visit_at INTEGER;
ALTER TABLE customers ADD COLUMN imported_last_visit_at INTEGER;
ALTER TABLE customers ADD COLUMN imported_visits INTEGER NOT NULL DEFAULT 0 CHECK (imported_visits >= 0);
ALTER TABLE customers ADD COLUMN imported_spend_cents INTEGER NOT NULL DEFAULT 0;`),
  },
  // What came of each call-back the desk made; `call_sids` are the missed calls a "reached" or
  // "left voicemail" marked called back, so that an undo clears exactly those.
  {
    version: 7,
    name: 'call-back outcomes',
    up: (db) =>
      db.exec(`CREATE TABLE callback_outcomes (
  id        INTEGER PRIMARY KEY,
  phone     TEXT NOT NULL,
  outcome   TEXT NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'left_voicemail')),
  at        INTEGER NOT NULL,
  call_sids TEXT NOT NULL DEFAULT '[]',
  undone_at INTEGER
);
CREATE INDEX callback_outcomes_phone ON callback_outcomes(phone, at) WHERE undone_at IS NULL;`),
  },
];
