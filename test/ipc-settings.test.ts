/**
 * The operations methods of Settings (backups, the webhook listener, CSV import and export)
 * through the IPC transport's dispatcher: inputs checked in the main process, the hooks the
 * desktop app provides called only with valid input, and 409s that say what to do where a
 * process does not provide them (the headless server).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ListenerView, LiveMessage } from '../electron/contract/index.js';
import { createHandlers } from '../electron/core/handlers.js';
import type { ServerInfo } from '../electron/core/server-info.js';
import { restoreCommand } from '../electron/core/admin-api.js';
import { Salon } from '../electron/core/salon.js';
import { createDispatcher, type IpcResult } from '../electron/ipc/dispatch.js';

const SQUARE_CUSTOMERS = [
  'Reference ID,First Name,Last Name,Email Address,Phone Number,Nickname,Memo,Square Customer ID,Creation Source,First Visit,Creation Date',
  ',Ana,Ruiz,ana@example.com,(312) 555-0101,,Prefers Maria,SQC1,Appointments,2025-01-04,2025-01-02',
  ',Bad,Number,,call me maybe,,,SQC9,Directory,,2025-06-30',
  ',Iris,Jones,,312 555 0190,,,SQC2,Directory,,2025-06-30',
].join('\n');

const errorOf = (result: IpcResult) => {
  expect(result.ok).toBe(false);
  return (result as Extract<IpcResult, { ok: false }>).error;
};
const valueOf = <T = any>(result: IpcResult): T => {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.status} ${result.error.message}`);
  return result.value as T;
};

describe('Settings operations over IPC', () => {
  let dir: string;
  let salon: Salon;
  let backupDir: string;
  /** Headless: no restore or listener hooks. */
  let headless: (method: unknown, input: unknown) => Promise<IpcResult>;
  /** The desktop app: hooks that record what they were asked. */
  let desktop: (method: unknown, input: unknown) => Promise<IpcResult>;
  const restore = vi.fn(async (path: string) => ({ ok: true as const, restored_from: path, set_aside: null, relaunching: true }));
  const view: ListenerView = { editable: true, port: 5002, url: 'http://127.0.0.1:5002/salon/call', token_set: false, fixed: [], note: null };
  const updateListener = vi.fn(async (change: { port?: number; webhook_token?: string }) => ({ ...view, port: change.port ?? view.port, token_set: !!change.webhook_token }));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'salon-ipc-settings-'));
    backupDir = join(dir, 'my-backups');
    salon = new Salon(join(dir, 'salon.db'), { overrides: { timezone: 'America/Chicago' } });
    headless = createDispatcher(createHandlers(salon, 'test', Date.now(), { backupDir, webhookUrl: () => 'http://127.0.0.1:5002/salon/call' }));
    const info: ServerInfo = { backupDir, restore, listener: () => view, updateListener };
    desktop = createDispatcher(createHandlers(salon, 'test', Date.now(), info));
  });
  afterAll(() => {
    salon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('backups', () => {
    it('lists an empty folder, backs up now, and lists the backup as the last one', async () => {
      const empty = valueOf(await headless('listBackups', {}));
      expect(empty).toMatchObject({ folder: backupDir, last: null, backups: [], restore: 'command' });
      expect(valueOf(await desktop('listBackups', {})).restore).toBe('app');

      const made = valueOf(await headless('backupNow', {}));
      expect(made.backup.file).toMatch(/^salon-\d{4}-\d{2}-\d{2}T[\d-]+Z\.db$/);
      expect(made.backup.bytes).toBeGreaterThan(0);
      expect(existsSync(join(backupDir, made.backup.file))).toBe(true);

      const list = valueOf(await headless('listBackups', {}));
      expect(list.backups).toHaveLength(1);
      expect(list.last).toEqual(made.backup);
      expect(list.retention).toMatch(/7 daily, 4 weekly and 12 monthly/);
    });

    it('refuses input that is not a file name in the folder', async () => {
      for (const file of ['../salon.db', '/etc/passwd', 'a\\b.db', '']) {
        const error = errorOf(await desktop('restoreBackup', { file }));
        expect(error.status, file).toBe(400);
        expect(error.details?.[0]?.field).toBe('file');
      }
      expect(errorOf(await desktop('restoreBackup', {})).status).toBe(400);
      const unknown = errorOf(await desktop('restoreBackup', { file: 'salon-2020-01-01T00-00-00-000Z.db' }));
      expect(unknown.status).toBe(404);
      expect(restore).not.toHaveBeenCalled();
    });

    it('headless: answers 409 with the exact command to run after stopping the server', async () => {
      const { backups } = valueOf(await headless('listBackups', {}));
      const error = errorOf(await headless('restoreBackup', { file: backups[0].file }));
      expect(error.status).toBe(409);
      expect(error.message).toContain('Stop the server');
      expect(error.message).toContain(restoreCommand(backups[0].path, join(dir, 'salon.db')));
      expect(error.message).toContain(`npm run restore -- ${backups[0].path}`);
    });

    it('desktop: hands the checked path of the backup to the restore hook', async () => {
      const { backups } = valueOf(await desktop('listBackups', {}));
      const answer = valueOf(await desktop('restoreBackup', { file: backups[0].file }));
      expect(restore).toHaveBeenCalledWith(backups[0].path);
      expect(answer).toMatchObject({ ok: true, relaunching: true, restored_from: backups[0].path });
    });

    it('quotes a path with spaces as one word', () => {
      expect(restoreCommand('/data/my backups/salon-1.db', '/data/salon.db')).toBe('npm run restore -- "/data/my backups/salon-1.db" --db /data/salon.db');
    });
  });

  describe('the webhook listener', () => {
    it('headless: shows the listener as fixed, and a change answers 409 saying how to change it', async () => {
      expect(valueOf(await headless('getListener', {}))).toMatchObject({ editable: false, port: 5002, url: 'http://127.0.0.1:5002/salon/call' });
      const error = errorOf(await headless('updateListener', { port: 5003 }));
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/--port.*SALON_WEBHOOK_TOKEN.*restart/);
    });

    it('checks the port and the token before anything is applied', async () => {
      const bad: [unknown, string][] = [
        [{}, 'body'],
        [{ port: 80 }, 'port'],
        [{ port: 1023 }, 'port'],
        [{ port: 65536 }, 'port'],
        [{ port: 5002.5 }, 'port'],
        [{ port: '5003' }, 'port'],
        [{ webhook_token: 'too-short' }, 'webhook_token'],
        [{ webhook_token: 'has spaces in it but is long enough' }, 'webhook_token'],
        [{ webhook_token: 'x'.repeat(257) }, 'webhook_token'],
        [{ webhook_token: 42 }, 'webhook_token'],
        [{ port: 5003, extra: true }, 'extra'],
      ];
      for (const [input, field] of bad) {
        const error = errorOf(await desktop('updateListener', input));
        expect(error.status, JSON.stringify(input)).toBe(400);
        if (field !== 'extra') expect(error.message, JSON.stringify(input)).toContain(field === 'body' ? '' : field);
      }
      // The same refusals in headless mode come before its 409: bad input is a 400 everywhere.
      expect(errorOf(await headless('updateListener', { webhook_token: 'short' })).status).toBe(400);
      expect(updateListener).not.toHaveBeenCalled();
    });

    it('desktop: applies a valid port, a 16-character token, and an empty token (clears it)', async () => {
      expect(valueOf(await desktop('getListener', {}))).toEqual(view);
      expect(valueOf(await desktop('updateListener', { port: 1024 }))).toMatchObject({ port: 1024 });
      expect(valueOf(await desktop('updateListener', { webhook_token: 'abcdefghijklmnop' }))).toMatchObject({ token_set: true });
      expect(valueOf(await desktop('updateListener', { webhook_token: '' }))).toMatchObject({ token_set: false });
      expect(valueOf(await desktop('updateListener', { port: 65535, webhook_token: 'A'.repeat(32) }))).toMatchObject({ port: 65535, token_set: true });
      expect(updateListener.mock.calls.map((c) => c[0])).toEqual([{ port: 1024 }, { webhook_token: 'abcdefghijklmnop' }, { webhook_token: '' }, { port: 65535, webhook_token: 'A'.repeat(32) }]);
    });
  });

  describe('CSV import and export', () => {
    it('previews (a dry run) with the rejected row and its reason, storing nothing', async () => {
      const report = valueOf(await desktop('importCsv', { csv: SQUARE_CUSTOMERS, dry_run: true }));
      expect(report).toMatchObject({ source: 'square', kind: 'customers', rows: 3, accepted: 2, rejected_rows: 1, dry_run: true, applied: false });
      expect(report.preview.map((r: any) => r.customer_name)).toEqual(['Ana Ruiz', 'Iris Jones']);
      expect(report.rejections).toEqual([expect.objectContaining({ row: 2, field: 'phone', value: 'call me maybe' })]);
      expect(report.rejections[0].reason).toBeTruthy();
      expect(valueOf(await desktop('listCustomers', {})).total).toBe(0);
    });

    it('refuses the file as a whole without skip_invalid (400 listing the row), and imports the rest with it, pushing progress', async () => {
      const refused = errorOf(await desktop('importCsv', { csv: SQUARE_CUSTOMERS }));
      expect(refused.status).toBe(400);
      expect(refused.details).toEqual([expect.objectContaining({ field: 'row 2 phone' })]);
      expect(valueOf(await desktop('listCustomers', {})).total).toBe(0);

      const seen: LiveMessage[] = [];
      const off = salon.changes.subscribe((m) => seen.push(m));
      const report = valueOf(await desktop('importCsv', { csv: SQUARE_CUSTOMERS, source: 'square', kind: 'customers', skip_invalid: true, import_id: 'ipc-1' }));
      off();
      expect(report).toMatchObject({ import_id: 'ipc-1', applied: true, accepted: 2, rejected_rows: 1 });
      const progress = seen.filter((m) => m.type === 'import.progress').map((m) => m.data as { import_id: string; phase: string });
      expect(progress.every((p) => p.import_id === 'ipc-1')).toBe(true);
      expect(progress.at(-1)?.phase).toBe('done');
      const customers = valueOf(await desktop('listCustomers', { query: 'Ruiz' }));
      expect(customers.items[0]).toMatchObject({ name: 'Ana Ruiz', phone: '+13125550101' });
    });

    it('checks the import options', async () => {
      expect(errorOf(await desktop('importCsv', { csv: '' })).status).toBe(400);
      expect(errorOf(await desktop('importCsv', { csv: 'a,b\n1,2', source: 'booksy' })).details?.[0]?.field).toBe('source');
      expect(errorOf(await desktop('importCsv', { csv: 'a,b\n1,2', dry_run: 'yes' })).details?.[0]?.field).toBe('dry_run');
      // A file whose header names nothing we know: refused, saying so.
      const unknown = errorOf(await desktop('importCsv', { csv: 'colour,size\nred,9\n', dry_run: true }));
      expect(unknown.status).toBe(400);
    });

    it('exports a document with the customers', async () => {
      const doc = valueOf(await desktop('exportCsv', { kind: 'customers' }));
      expect(doc).toMatchObject({ kind: 'customers', content_type: 'text/csv; charset=utf-8', filename: expect.stringMatching(/^salon-customers-\d{4}-\d{2}-\d{2}\.csv$/) });
      expect(doc.body.split('\n')[0]).toMatch(/^customer_id,name,phone/);
      expect(doc.body).toContain('Ana Ruiz');
      expect(errorOf(await desktop('exportCsv', { kind: 'secrets' })).status).toBe(400);
    });
  });
});
