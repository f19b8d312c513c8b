/**
 * The names of CSV (and xlsx) import and export that the API, the command line and the
 * dashboard share: sources, kinds, the report. The core's importer produces these; the
 * contract owns them, so that nothing here imports the core.
 */
import type { AppointmentStatus } from './types.js';

export const SOURCE_IDS = ['square', 'acuity', 'vagaro', 'fresha', 'generic'] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

/** Every source by the name a salon knows it by. */
export const SOURCE_NAMES: Record<SourceId, string> = {
  square: 'Square Appointments',
  acuity: 'Acuity Scheduling',
  vagaro: 'Vagaro',
  fresha: 'Fresha',
  generic: 'Salon Front Desk (our own column names)',
};

export const KINDS = ['appointments', 'customers'] as const;
export type ImportKind = (typeof KINDS)[number];

export const EXPORT_KINDS = ['customers', 'appointments', 'calls', 'weekly'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type DateOrder = 'mdy' | 'dmy';

/** Our fields; a source maps each to the columns that may hold it, best first. */
export type Field =
  | 'appointment_id'
  | 'start' // a date and time in one cell (ISO with offset, or local)
  | 'end' // a date and time in one cell; gives the duration when there is no duration column
  | 'date' // a local date
  | 'time' // a local time of day
  | 'end_time' // a local time of day; gives the duration when there is no duration column
  | 'duration'
  | 'customer_name'
  | 'first_name'
  | 'last_name'
  | 'phone'
  | 'email'
  | 'service'
  | 'price' // dollars (or the file's currency), any common format
  | 'price_cents'
  | 'status'
  | 'cancelled' // a yes/no column that marks a cancelled appointment (Acuity's "Canceled")
  | 'booked_at' // when the booking was made (date, or date and time)
  | 'status_at' // when it was completed, cancelled or marked no-show
  | 'staff'
  | 'notes'
  | 'call_sid'
  | 'is_test'
  | 'first_seen_at' // customers: "customer since"
  // customers: what the previous booking system knew of their visits
  | 'first_visit_at'
  | 'last_visit_at'
  | 'days_since_last_visit'
  | 'visit_count'
  | 'lifetime_spend';

/**
 * How far an import is. `reading`: rows read so far (`total` is unknown until the end: null;
 * bytes tell how far through the file); `checking` and `applying`: rows done of `total`;
 * `done` once, at the end. Counts only increase within a phase.
 */
export interface ImportProgress {
  phase: 'reading' | 'checking' | 'applying' | 'done';
  done: number;
  total: number | null;
  bytes?: number;
  total_bytes?: number;
}

export interface RowProblem {
  /** Data row number: 1 is the first row below the header. */
  row: number;
  /** The file's line number (differs from the row when cells span lines or title lines precede the header). */
  line: number;
  /** Our field (for example `phone`, `start`, `price`). */
  field: string;
  /** The file's column that held it, when there is one. */
  column: string | null;
  value: string | null;
  reason: string;
}

export interface PreviewRow {
  row: number;
  appointment_id?: string;
  start?: string;
  start_local?: string;
  duration_min?: number | null;
  service?: string;
  price_cents?: number | null;
  status?: AppointmentStatus;
  booked_at?: string;
  status_at?: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_email: string | null;
  notes: string | null;
  first_seen_at?: string | null;
  /** Customers: the previous booking system's record of their visits. */
  imported_first_visit_at?: string | null;
  imported_last_visit_at?: string | null;
  imported_visits?: number | null;
  imported_spend_cents?: number | null;
}

/** How the source and kind were decided, and whether the importer is sure enough to import. */
export interface DetectionView {
  /** `false`: the file fits several readings (or none well) and nothing is imported until the source and kind are given. */
  confident: boolean;
  /** What to ask the user, in words, when not confident. */
  question: string | null;
  /** `position`: the header was matched by the place of its columns (an export in another language). */
  matched_by: 'name' | 'position';
  /** Whether the column names this source's map uses are confirmed from real exports or are our best guess. */
  columns: 'confirmed' | 'guessed';
  candidates: { source: SourceId; kind: ImportKind; score: number }[];
}

export interface ImportReport {
  import_id: string;
  source: SourceId;
  source_name: string;
  source_detected: boolean;
  kind: ImportKind;
  kind_detected: boolean;
  detection: DetectionView;
  /** Which of the file's columns feeds which field. */
  mapping: { field: Field; columns: string[] }[];
  ignored_columns: string[];
  header_line: number;
  date_order: { order: DateOrder; why: string };
  timezone: string;
  default_region: string;
  rows: number;
  accepted: number;
  rejected_rows: number;
  rejections: RowProblem[];
  /** Accepted rows with something dropped or shortened (an invalid email, long notes). */
  warnings: RowProblem[];
  skipped_lines: { line: number; reason: string }[];
  preview: PreviewRow[];
  counts: {
    appointments?: { new: number; already_imported: number; by_status: Record<AppointmentStatus, number> };
    customers: { new: number; existing: number };
    services_to_create: string[];
  };
  dry_run: boolean;
  applied: boolean;
  /** Why nothing was imported, when it was not. */
  refused: string | null;
  elapsed_ms: number;
}
