/**
 * The desk's call-backs and what came of them. "Reached" and "left voicemail" mark the caller's
 * waiting missed calls called back, so they leave the list; "no answer" only counts the try.
 * Every outcome can be undone: the calls it marked are waiting again, and a try no longer counts.
 */
import { cached, type SalonDatabase } from './db.js';
import { NotFoundError } from './errors.js';
import { toIso } from './time.js';
import type { CallbackOutcome, CallbackOutcomeKind, CallbackTry } from '../contract/index.js';

interface OutcomeRow {
  id: number;
  phone: string;
  outcome: CallbackOutcomeKind;
  at: number;
  call_sids: string;
  undone_at: number | null;
}

function outcomeJson(row: OutcomeRow): CallbackOutcome {
  return {
    id: row.id,
    phone: row.phone,
    outcome: row.outcome,
    at: toIso(row.at),
    calls: (JSON.parse(row.call_sids) as string[]).length,
    undone_at: row.undone_at === null ? null : toIso(row.undone_at),
  };
}

/** Records a call-back to `phone`; a number with no missed call waiting is not found. */
export function recordCallbackOutcome(db: SalonDatabase, phone: string, outcome: CallbackOutcomeKind, now: number): CallbackOutcome {
  const waiting = cached(db, `SELECT call_sid FROM calls WHERE from_phone = ? AND outcome = 'missed' AND called_back_at IS NULL`)
    .all(phone) as { call_sid: string }[];
  if (waiting.length === 0) throw new NotFoundError(`missed call from ${phone}`);
  const marked = outcome === 'no_answer' ? [] : waiting.map((w) => w.call_sid);
  const mark = cached(db, `UPDATE calls SET called_back_at = ? WHERE call_sid = ?`);
  for (const sid of marked) mark.run(now, sid);
  const row = cached(db, `INSERT INTO callback_outcomes (phone, outcome, at, call_sids) VALUES (?, ?, ?, ?) RETURNING *`)
    .get(phone, outcome, now, JSON.stringify(marked)) as OutcomeRow;
  return outcomeJson(row);
}

/** Undoes an outcome (again is harmless): its calls wait again, unless something later marked them. */
export function undoCallbackOutcome(db: SalonDatabase, id: number, now: number): CallbackOutcome {
  const row = cached(db, `SELECT * FROM callback_outcomes WHERE id = ?`).get(id) as OutcomeRow | undefined;
  if (!row) throw new NotFoundError(`call-back ${id}`);
  if (row.undone_at !== null) return outcomeJson(row);
  const unmark = cached(db, `UPDATE calls SET called_back_at = NULL WHERE call_sid = ? AND called_back_at = ?`);
  for (const sid of JSON.parse(row.call_sids) as string[]) unmark.run(sid, row.at);
  const undone = cached(db, `UPDATE callback_outcomes SET undone_at = ? WHERE id = ? RETURNING *`).get(now, id) as OutcomeRow;
  return outcomeJson(undone);
}

/** Unanswered call-backs to each phone since `since` (its first waiting miss), oldest first. */
export function unansweredTries(db: SalonDatabase, phone: string, since: number): CallbackTry[] {
  const rows = cached(db,
      `SELECT id, at FROM callback_outcomes WHERE phone = ? AND outcome = 'no_answer' AND undone_at IS NULL AND at >= ? ORDER BY at`,
    )
    .all(phone, since) as { id: number; at: number }[];
  return rows.map((r) => ({ id: r.id, at: toIso(r.at) }));
}
