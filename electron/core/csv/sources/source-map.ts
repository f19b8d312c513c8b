import type { Field, ImportKind, SourceId } from '../../../contract/index.js';

export type ColumnMap = Partial<Record<Field, readonly string[]>>;

/**
 * Which column of one booking system's export holds which of our fields. Headers are compared
 * after normalisation (lower case, letters and digits only: "Customer Phone #" = "customerphone").
 * The first alias found in a file wins, so the best one comes first.
 */
export interface SourceMap {
  id: SourceId;
  /** Column names that only this source uses: they decide detection when several sources fit. */
  signature: readonly string[];
  appointments: ColumnMap;
  customers: ColumnMap;
  /**
   * `confirmed`: the column names come from the vendor's real export (its header as exported, or
   * its help pages); `guessed`: what such exports typically hold, as far as we know them.
   */
  evidence: Record<ImportKind, 'confirmed' | 'guessed'>;
  /**
   * The export's columns in their order, for a file whose header is in another language (the
   * vendor exports in the account's language, columns in the same places): matched by position
   * when the column count is the same and the names match no source.
   */
  positional?: { kind: ImportKind; columns: readonly string[] };
  /** An appointment without a status in the file: past ones were kept (the vendor exports no status column). */
  pastIsCompleted?: boolean;
}
