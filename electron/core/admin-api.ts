/**
 * The operations methods of the API (contract/admin.ts): backups, CSV import and export, and
 * the webhook listener. What depends on the process the core runs in (may the database be
 * replaced under it? who owns the listener?) comes in as hooks of ServerInfo; without a hook
 * the method answers 409 with what to do instead.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { AdminOutputs, ApiHandlers, BackupView, ImportReportView, ListenerView } from '../contract/index.js';
import { LISTENER_PORT_MAX, LISTENER_PORT_MIN, WEBHOOK_TOKEN_MAX, WEBHOOK_TOKEN_MIN } from '../contract/admin.js';
import { backupDirFor, backupPrefix, createBackup, listBackups, type BackupFile } from '../backup/backup.js';
import type { ImportProgress, ImportReport } from '../contract/index.js';
import { ImportFileError } from './csv/import.js';
import { importOnThread } from './csv/import-thread.js';
import { exportCsv } from './csv/export.js';
import { ConflictError, InputError, NotFoundError, RefusedError } from './errors.js';
import type { Salon } from './salon.js';
import type { ServerInfo } from './server-info.js';

export type AdminHandlers = Pick<ApiHandlers, keyof AdminOutputs>;

export const RETENTION_RULE = '7 daily, 4 weekly and 12 monthly backups are kept';
/** Rejections listed in an answer; the count says how many there were in all (as the HTTP route). */
const MAX_LISTED = 1000;
/** Progress pushes at most this often, except a phase's end and `done`. */
const PUSH_EVERY_MS = 200;

/** A path as one shell word: quoted when it holds anything but the plainest characters (double quotes work in sh, PowerShell and cmd). */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:\\@%+=,-]+$/.test(text) ? text : `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** The exact command that restores a backup of this database once the server is stopped. */
export function restoreCommand(backupPath: string, dbPath: string): string {
  return `npm run restore -- ${shellWord(backupPath)} --db ${shellWord(dbPath)}`;
}

export const HEADLESS_LISTENER_NOTE =
  'The headless server takes its port and webhook token from its command line and environment: set --port (or SALON_PORT) and SALON_WEBHOOK_TOKEN (or --token), then restart it.';

function view(file: BackupFile, bytes?: number): BackupView | null {
  let size = bytes;
  if (size === undefined) {
    try {
      size = statSync(file.path).size;
    } catch {
      return null; // pruned meanwhile
    }
  }
  return { file: basename(file.path), path: file.path, taken_at: new Date(file.takenAt).toISOString(), label: file.label, bytes: size };
}

/** Checks a listener change as the main process must before applying it. */
export function checkListenerChange(change: { port?: number | undefined; webhook_token?: string | undefined }): void {
  if (change.port === undefined && change.webhook_token === undefined) throw new InputError('body', 'give a port, a webhook_token, or both');
  if (change.port !== undefined && (!Number.isInteger(change.port) || change.port < LISTENER_PORT_MIN || change.port > LISTENER_PORT_MAX)) {
    throw new InputError('port', `must be a whole number from ${LISTENER_PORT_MIN} to ${LISTENER_PORT_MAX}`);
  }
  const token = change.webhook_token;
  if (token !== undefined && token !== '') {
    if (token.length < WEBHOOK_TOKEN_MIN) throw new InputError('webhook_token', `must be at least ${WEBHOOK_TOKEN_MIN} characters (or empty, to remove the token)`);
    if (token.length > WEBHOOK_TOKEN_MAX) throw new InputError('webhook_token', `must be at most ${WEBHOOK_TOKEN_MAX} characters`);
    if (!/^[\x21-\x7e]+$/.test(token)) throw new InputError('webhook_token', 'may hold only visible ASCII characters (no spaces): the phone system sends it in a header');
  }
}

/** The listener as the headless server shows it: what it listens on, not changeable here. */
function fixedListener(server: ServerInfo): ListenerView {
  const url = server.webhookUrl?.() ?? null;
  let port: number | null = null;
  if (url) {
    const u = new URL(url);
    port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  }
  return { editable: false, port, url, token_set: server.tokenRequired?.() ?? false, fixed: ['port', 'webhook_token'], note: HEADLESS_LISTENER_NOTE };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export function createAdminHandlers(salon: Salon, server: ServerInfo): AdminHandlers {
  const dir = () => server.backupDir ?? backupDirFor(salon.db.name);
  const prefix = () => backupPrefix(salon.db.name);
  const kept = () => listBackups(dir(), prefix()).flatMap((b) => view(b) ?? []);

  return {
    listBackups: () => {
      const backups = kept();
      return { folder: dir(), last: backups[0] ?? null, backups, retention: RETENTION_RULE, restore: server.restore ? 'app' : 'command' };
    },

    backupNow: async () => {
      const result = await createBackup(salon.db, { dir: dir(), now: Date.now() });
      return { backup: view(result, result.bytes)!, removed: result.deleted.map((p) => basename(p)) };
    },

    restoreBackup: async ({ file }) => {
      const backup = listBackups(dir(), prefix()).find((b) => basename(b.path) === file);
      if (!backup) throw new NotFoundError(`backup ${JSON.stringify(file)} (in ${dir()})`);
      if (!server.restore) {
        throw new ConflictError(
          'Restoring replaces the database under the running server, which is not safe while it runs. ' +
            `Stop the server first (Ctrl+C where npm run serve runs), then run: ${restoreCommand(backup.path, salon.db.name)}`,
        );
      }
      return server.restore(backup.path);
    },

    getListener: () => server.listener?.() ?? fixedListener(server),

    updateListener: async (change) => {
      checkListenerChange(change);
      if (!server.updateListener) throw new ConflictError(`Not changeable while the server runs. ${HEADLESS_LISTENER_NOTE}`);
      // Only what the contract names reaches the process's listener.
      const { port, webhook_token } = change;
      return server.updateListener({ ...(port !== undefined ? { port } : {}), ...(webhook_token !== undefined ? { webhook_token } : {}) });
    },

    importCsv: async ({ csv, source, kind, dry_run, skip_invalid, create_services, date_order, preview, import_id }) => {
      const importId = import_id ?? `imp_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      let lastPush = 0;
      const push = (p: ImportProgress) => {
        const now = Date.now();
        const end = p.phase === 'done' || (p.total !== null && p.done === p.total);
        if (!end && now - lastPush < PUSH_EVERY_MS) return;
        lastPush = now;
        salon.changes.publish('import.progress', { import_id: importId, ...p });
      };
      const body = Buffer.from(csv, 'utf8');
      let report: ImportReport;
      try {
        report = await importOnThread(salon, body, {
          source,
          kind,
          dryRun: dry_run ?? false,
          skipInvalid: skip_invalid ?? false,
          createServices: create_services ?? false,
          dateOrder: date_order,
          previewRows: preview,
          totalBytes: body.length,
          onProgress: push,
        });
      } catch (err) {
        if (err instanceof ImportFileError) {
          push({ phase: 'done', done: 0, total: 0 });
          throw new RefusedError(err.message, [{ field: 'csv', message: err.message }]);
        }
        throw err;
      }
      report.import_id = importId;
      if (report.refused && !report.dry_run) {
        throw new RefusedError(
          report.refused,
          report.rejections.slice(0, MAX_LISTED).map((p) => ({ field: `row ${p.row} ${p.field}`, message: p.reason })),
        );
      }
      const answer: ImportReportView = { ...report, rejections: report.rejections.slice(0, MAX_LISTED), rejections_listed: Math.min(MAX_LISTED, report.rejections.length) };
      return answer;
    },

    exportCsv: async ({ kind, from, to, include_test, weeks, until }) => {
      const stream = exportCsv(salon, kind, { from, to, includeTest: include_test ?? false, weeks, until });
      const day = new Date(salon.clock.now()).toISOString().slice(0, 10);
      return { kind, filename: `salon-${kind}-${day}.csv`, content_type: 'text/csv; charset=utf-8', body: await readAll(stream) };
    },
  };
}
