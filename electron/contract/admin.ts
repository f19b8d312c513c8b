/**
 * The operations part of the API contract (Settings → Backups, Import & export, Webhook
 * listener): input schemas and answer types. api.ts puts them in the method table.
 */
import { Type } from 'typebox';
import { EXPORT_KINDS, KINDS, SOURCE_IDS, type ExportKind, type ImportReport } from './imports.js';

const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
const Empty = Type.Object({});

/** The CSV body a request may carry (the HTTP route's own limit). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** Ports a user may choose for the webhook listener (no privileged ports). */
export const LISTENER_PORT_MIN = 1024;
export const LISTENER_PORT_MAX = 65535;
/** A webhook token is at least this long (or empty, to clear it). */
export const WEBHOOK_TOKEN_MIN = 16;
export const WEBHOOK_TOKEN_MAX = 256;

export const ADMIN_INPUTS = {
  /** The backup folder, the last backup and every kept backup. */
  listBackups: Empty,
  /** An online backup now (the app keeps working meanwhile); the retention rule prunes afterwards. */
  backupNow: Empty,
  /** Puts a kept backup (by its file name in the backup folder) in place of the database. */
  restoreBackup: Type.Object({ file: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\]+$' }) }),
  /** How the webhook listener listens: port, whether a token is required, whether it may be changed here. */
  getListener: Empty,
  /** Listens again on a new port and/or with a new webhook token (`""` clears it); the desktop app only. */
  updateListener: Type.Object(
    {
      port: Type.Optional(Type.Integer({ minimum: LISTENER_PORT_MIN, maximum: LISTENER_PORT_MAX })),
      webhook_token: Type.Optional(Type.String({ maxLength: WEBHOOK_TOKEN_MAX })),
    },
    { minProperties: 1, additionalProperties: false },
  ),
  /**
   * A CSV import (SPEC: Square, Vagaro, Fresha or our own columns). Over HTTP the `csv` text is
   * the body of `POST /salon/import` (text/csv) and the rest goes in the query. Progress is
   * pushed as `import.progress` live messages carrying `import_id`.
   */
  importCsv: Type.Object({
    csv: Type.String({ minLength: 1, maxLength: IMPORT_MAX_BYTES }),
    source: Type.Optional(literals(SOURCE_IDS)),
    kind: Type.Optional(literals(KINDS)),
    dry_run: Type.Optional(Type.Boolean()),
    skip_invalid: Type.Optional(Type.Boolean()),
    create_services: Type.Optional(Type.Boolean()),
    date_order: Type.Optional(literals(['mdy', 'dmy'] as const)),
    preview: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    import_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })),
  }),
  /** One export as a document (the same as `GET /salon/export/KIND.csv`), for transports without a URL to open. */
  exportCsv: Type.Object({
    kind: literals(EXPORT_KINDS),
    from: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    to: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    include_test: Type.Optional(Type.Boolean()),
    weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 520 })),
    until: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  }),
};

/** One backup file. */
export interface BackupView {
  /** Its name in the backup folder: what `restoreBackup` takes. */
  file: string;
  path: string;
  /** When it was taken (ISO 8601 UTC). */
  taken_at: string;
  /** e.g. `before-migration-v1-to-v2`; null for a daily or manual backup. */
  label: string | null;
  bytes: number;
}

export interface BackupsView {
  folder: string;
  /** The newest backup, or null when there is none yet. */
  last: BackupView | null;
  /** Every kept backup, newest first. */
  backups: BackupView[];
  /** The retention rule, in words. */
  retention: string;
  /** `app`: restoreBackup restores here (the desktop app). `command`: the server must be stopped and `npm run restore` run (the answer is a 409 saying how). */
  restore: 'app' | 'command';
}

export interface BackupNowResult {
  backup: BackupView;
  /** File names the retention rule deleted afterwards. */
  removed: string[];
}

export interface RestoreResultView {
  ok: true;
  restored_from: string;
  /** Where the database that was replaced is kept. */
  set_aside: string | null;
  /** The app closes and opens again on the restored database. */
  relaunching: boolean;
}

export interface ListenerView {
  /** Whether `updateListener` applies here (the desktop app), or the server's flags and environment decide (headless). */
  editable: boolean;
  port: number | null;
  /** Where the phone system posts calls, or null when not listening. */
  url: string | null;
  token_set: boolean;
  /** Values fixed by the environment (SALON_PORT, SALON_WEBHOOK_TOKEN): they cannot be changed here. */
  fixed: ('port' | 'webhook_token')[];
  /** What to do instead (headless), or why the listener is down. */
  note: string | null;
  /** Where the token is kept less safely than it should be (unencrypted: no keyring on this computer). */
  warning?: string;
}

export type ImportReportView = ImportReport & { rejections_listed: number };

export interface ExportDocument {
  kind: ExportKind;
  filename: string;
  content_type: string;
  body: string;
}

export interface AdminOutputs {
  listBackups: BackupsView;
  backupNow: BackupNowResult;
  restoreBackup: RestoreResultView;
  getListener: ListenerView;
  updateListener: ListenerView;
  importCsv: ImportReportView;
  exportCsv: ExportDocument;
}
