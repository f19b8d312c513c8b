import { useState } from 'react';
import type { BackupView, RestoreResultView } from '../../../electron/contract/index.js';
import { useAction, useFormat, useQuery } from '../state.js';
import { ErrorMessage, Loading } from './common.js';
import { DataTable } from './DataTable.js';

/** 1234567 → "1.2 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function describe(label: string | null): string {
  if (!label) return 'daily or manual';
  const m = /^before-migration-v(\d+)-to-v(\d+)$/.exec(label);
  return m ? `before the upgrade from schema ${m[1]} to ${m[2]}` : label;
}

/** Settings → Backups: the last backup, every kept one, "Back up now", and "Restore…" with a confirmation. */
export function Backups() {
  const fmt = useFormat();
  const list = useQuery((c) => c.call('listBackups', {}), [], ['settings']);
  const [made, setMade] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<BackupView | null>(null);
  const [restored, setRestored] = useState<RestoreResultView | null>(null);
  const backupNow = useAction((client) => client.call('backupNow', {}), ['settings']);
  const restore = useAction((client, file: string) => client.call('restoreBackup', { file }), []);

  if (list.loading) return <Loading what="the backups" />;
  if (!list.data) return <ErrorMessage error={list.error} title="Could not list the backups" />;
  const { last, backups, folder, retention } = list.data;

  return (
    <div className="backups" data-restore={list.data.restore}>
      <dl className="facts">
        <dt>Last backup</dt>
        <dd data-testid="last-backup">
          {last ? (
            <>
              {fmt.dateTime(last.taken_at)}, {fileSize(last.bytes)}
            </>
          ) : (
            'none yet'
          )}
        </dd>
        <dt>Folder</dt>
        <dd>
          <code>{folder}</code>
        </dd>
        <dt>Kept</dt>
        <dd>
          {backups.length} backup{backups.length === 1 ? '' : 's'}; {retention}. A backup is made every day and before every upgrade.
        </dd>
      </dl>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={backupNow.pending}
          onClick={async () => {
            setMade(null);
            const result = await backupNow.run();
            if (!result) return;
            const removed = result.removed.length;
            setMade(
              `Backed up to ${result.backup.file} (${fileSize(result.backup.bytes)}).` +
                (removed ? ` The retention rule removed ${removed} older backup${removed === 1 ? '' : 's'} (${removed === 1 ? 'it' : 'they'} kept one a day).` : ''),
            );
          }}
        >
          {backupNow.pending ? 'Backing up…' : 'Back up now'}
        </button>
        {made && (
          <span className="success" role="status">
            {made}
          </span>
        )}
      </div>
      <ErrorMessage error={backupNow.error} title="The backup failed" />
      {backups.length > 0 && (
        <div className="table-wrap scroll">
          <DataTable className="backup-list" caption="Kept backups, newest first" headers={['Taken', 'Size', 'Kind', 'File']} actions="Restore">
            {backups.map((b) => (
              <tr key={b.file} data-backup={b.file}>
                <td>{fmt.dateTime(b.taken_at)}</td>
                <td>{fileSize(b.bytes)}</td>
                <td>{describe(b.label)}</td>
                <td>
                  <code className="sub">{b.file}</code>
                </td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={() => {
                      restore.clearError();
                      setConfirming(b);
                    }}
                  >
                    Restore…
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
      <ErrorMessage error={restore.error} title="Not restored" />
      {restored && (
        <p className="success" role="status">
          Restored {restored.restored_from}; the database it replaced is kept as {restored.set_aside ?? '(none)'}. The app is restarting…
        </p>
      )}
      {confirming && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" aria-labelledby="restore-title">
            <h3 id="restore-title">Restore this backup?</h3>
            <p>
              The database goes back to how it was on <strong>{fmt.dateTime(confirming.taken_at)}</strong>: calls, appointments and customers recorded since then
              are no longer shown. The current database is kept beside it, so this can be undone.
            </p>
            <p className="sub">{confirming.file}</p>
            <div className="row">
              <button
                type="button"
                className="primary"
                disabled={restore.pending}
                onClick={async () => {
                  const file = confirming.file;
                  setConfirming(null);
                  const result = await restore.run(file);
                  if (result) setRestored(result);
                }}
              >
                Restore
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
