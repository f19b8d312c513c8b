import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { ExportKind, ImportKind, ImportProgressEvent, ImportReportView, SourceId } from '../../../electron/contract/index.js';
import { useAction, useFormat, useShared } from '../state.js';
import { ErrorMessage } from './common.js';
import { DataTable } from './DataTable.js';

const SOURCES: Record<SourceId, string> = {
  square: 'Square Appointments',
  acuity: 'Acuity Scheduling',
  vagaro: 'Vagaro',
  fresha: 'Fresha',
  generic: 'Generic (our own column names)',
};
const KINDS: Record<ImportKind, string> = { customers: 'Customers', appointments: 'Appointments' };
const EXPORTS: Record<ExportKind, string> = {
  customers: 'Customers',
  appointments: 'Appointments',
  calls: 'Calls',
  weekly: 'Weekly figures',
};
/** Each phase's share of the bar: reading the file, checking every row, applying (one transaction). */
const PHASES: Record<Exclude<ImportProgressEvent['phase'], 'done'>, [number, number]> = {
  reading: [0, 30],
  checking: [30, 70],
  applying: [70, 100],
};

export function importPercent(p: Pick<ImportProgressEvent, 'phase' | 'done' | 'total' | 'bytes' | 'total_bytes'>): number {
  if (p.phase === 'done') return 100;
  const fraction = p.phase === 'reading' ? (p.total_bytes ? (p.bytes ?? 0) / p.total_bytes : 0) : p.total ? p.done / p.total : 0;
  const [from, to] = PHASES[p.phase];
  return Math.round(from + (to - from) * Math.min(1, Math.max(0, fraction)));
}

const newImportId = () => `ui_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

interface Options {
  source: SourceId | '';
  kind: ImportKind | '';
  skipInvalid: boolean;
  createServices: boolean;
}

/** Settings → Import & export: a CSV file from a booking system, previewed (a dry run), then imported with a progress bar; and the exports. */
export function ImportExport() {
  return (
    <div className="import-export">
      <CsvImport />
      <Exports />
    </div>
  );
}

function CsvImport() {
  const { client } = useShared();
  const fmt = useFormat();
  const [file, setFile] = useState<{ name: string; text: string; bytes: number } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [options, setOptions] = useState<Options>({ source: '', kind: '', skipInvalid: false, createServices: false });
  const [preview, setPreview] = useState<ImportReportView | null>(null);
  const [result, setResult] = useState<ImportReportView | null>(null);
  const [progress, setProgress] = useState<{ id: string; percent: number; phase: string; messages: number } | null>(null);
  const importId = useRef<string | null>(null);

  // The live feed's import.progress messages for the import this page started.
  useEffect(
    () =>
      client.subscribe((message) => {
        if (message.type !== 'import.progress' || message.data.import_id !== importId.current) return;
        const p = message.data;
        setProgress((prev) =>
          prev && prev.id === p.import_id ? { ...prev, percent: Math.max(prev.percent, importPercent(p)), phase: p.phase, messages: prev.messages + 1 } : prev,
        );
      }),
    [client],
  );

  const body = (dryRun: boolean) => ({
    csv: file!.text,
    ...(options.source ? { source: options.source } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    dry_run: dryRun,
    skip_invalid: options.skipInvalid,
    create_services: options.createServices,
    preview: 10,
  });
  const check = useAction((c) => c.call('importCsv', body(true)), []);
  const run = useAction(
    (c, id: string) => c.call('importCsv', { ...body(false), import_id: id }),
    ['customers', 'appointments', 'calls', 'metrics', 'settings'],
  );

  const change = (next: Partial<Options>) => {
    setOptions((o) => ({ ...o, ...next }));
    // The preview was of other options: preview again before importing.
    setPreview(null);
    setResult(null);
  };

  const chooseFile = async (chosen: File | undefined) => {
    setPreview(null);
    setResult(null);
    setProgress(null);
    setReadError(null);
    check.clearError();
    run.clearError();
    if (!chosen) return setFile(null);
    if (chosen.size > 50 * 1024 * 1024) {
      setFile(null);
      return setReadError('The file is larger than 50 MB: split it, or import it with npm run import on the computer that runs the server.');
    }
    try {
      setFile({ name: chosen.name, text: await chosen.text(), bytes: chosen.size });
    } catch (err) {
      setFile(null);
      setReadError(`Could not read the file: ${(err as Error).message}`);
    }
  };

  const doPreview = async () => {
    setResult(null);
    setProgress(null);
    run.clearError();
    const report = await check.run();
    setPreview(report ?? null);
  };

  const doImport = async () => {
    const id = newImportId();
    importId.current = id;
    setProgress({ id, percent: 0, phase: 'reading', messages: 0 });
    const report = await run.run(id);
    if (report) {
      setProgress((p) => (p && p.id === id ? { ...p, percent: 100, phase: 'done' } : p));
      setResult(report);
      setPreview(null);
    } else {
      setProgress(null);
    }
  };

  const busy = check.pending || run.pending;
  return (
    <section className="csv-import" aria-labelledby="import-title">
      <h3 id="import-title">Import customers or appointments from a CSV file</h3>
      <p className="hint">
        Exports of Square Appointments, Vagaro and Fresha are read as they are; the columns are recognised by their names. Preview first: nothing is stored until you
        import, and a file is never imported halfway.
      </p>
      <div className="row">
        <label>
          CSV file
          <input type="file" accept=".csv,text/csv" aria-label="CSV file" disabled={busy} onChange={(e) => void chooseFile(e.target.files?.[0])} />
        </label>
        <label>
          From
          <select aria-label="Source" value={options.source} disabled={busy} onChange={(e) => change({ source: e.target.value as SourceId | '' })}>
            <option value="">Detect from the columns</option>
            {(Object.keys(SOURCES) as SourceId[]).map((s) => (
              <option key={s} value={s}>
                {SOURCES[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          What
          <select aria-label="Kind" value={options.kind} disabled={busy} onChange={(e) => change({ kind: e.target.value as ImportKind | '' })}>
            <option value="">Detect from the columns</option>
            {(Object.keys(KINDS) as ImportKind[]).map((k) => (
              <option key={k} value={k}>
                {KINDS[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label>
          <input type="checkbox" checked={options.skipInvalid} disabled={busy} onChange={(e) => setOptions((o) => ({ ...o, skipInvalid: e.target.checked }))} /> Skip rejected rows (import the
          others)
        </label>
        <label>
          <input type="checkbox" checked={options.createServices} disabled={busy} onChange={(e) => change({ createServices: e.target.checked })} /> Add services missing
          from the catalogue
        </label>
      </div>
      {readError && (
        <p className="error" role="alert">
          {readError}
        </p>
      )}
      <div className="row">
        <button type="button" disabled={!file || busy} onClick={() => void doPreview()}>
          {check.pending ? 'Checking…' : 'Preview'}
        </button>
        <button type="button" className="primary" disabled={!file || !preview || busy} onClick={() => void doImport()}>
          {run.pending ? 'Importing…' : 'Import'}
        </button>
        {file && (
          <span className="sub">
            {file.name}, {file.bytes.toLocaleString()} bytes
          </span>
        )}
      </div>
      <ErrorMessage error={check.error} title="Could not read the file" />
      <ErrorMessage error={run.error} title="Nothing was imported" />
      {progress && (
        <div className="import-progress" data-phase={progress.phase} data-messages={progress.messages}>
          <div
            className="bar"
            role="progressbar"
            aria-label="Import progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress.percent}
            data-testid="import-progress"
          >
            <div className="bar-fill" style={{ width: `${progress.percent}%` }} />
          </div>
          <span className="sub">
            {progress.percent}% · {progress.phase === 'done' ? 'done' : `${progress.phase}…`}
          </span>
        </div>
      )}
      {preview && <ImportPreview report={preview} fmt={fmt} />}
      {result && <ImportResult report={result} />}
    </section>
  );
}

function Counts({ report }: { report: ImportReportView }) {
  const c = report.counts;
  return (
    <dl className="facts" data-testid="import-counts">
      <dt>File</dt>
      <dd>
        {report.source_name} {report.source_detected ? '(detected)' : ''} · {KINDS[report.kind].toLowerCase()} {report.kind_detected ? '(detected)' : ''}
      </dd>
      <dt>Rows</dt>
      <dd>
        <span data-count="rows">{report.rows}</span>: <span data-count="accepted">{report.accepted}</span> accepted,{' '}
        <span data-count="rejected">{report.rejected_rows}</span> rejected
        {report.warnings.length > 0 ? `, ${report.warnings.length} with something dropped` : ''}
      </dd>
      <dt>Customers</dt>
      <dd>
        {c.customers.new} new, {c.customers.existing} already known
      </dd>
      {c.appointments && (
        <>
          <dt>Appointments</dt>
          <dd>
            {c.appointments.new} new, {c.appointments.already_imported} already imported
          </dd>
        </>
      )}
      {c.services_to_create.length > 0 && (
        <>
          <dt>New services</dt>
          <dd>{c.services_to_create.join(', ')}</dd>
        </>
      )}
    </dl>
  );
}

function ImportPreview({ report, fmt }: { report: ImportReportView; fmt: ReturnType<typeof useFormat> }) {
  const appointments = report.kind === 'appointments';
  return (
    <div className="import-preview" data-testid="import-preview">
      <h4>Preview: nothing is stored yet</h4>
      <Counts report={report} />
      {report.detection.question && (
        <p className="warn" data-testid="import-question">
          This file could be read more than one way: {report.detection.question}. Choose the booking system and what the file holds above, then preview again.
        </p>
      )}
      {report.refused && !report.dry_run ? null : report.rejected_rows > 0 ? (
        <p className="warn">
          {report.rejected_rows} row{report.rejected_rows === 1 ? '' : 's'} cannot be imported (below). Fix the file, or tick “Skip rejected rows” to import the others.
        </p>
      ) : null}
      {report.preview.length > 0 && (
        <div className="table-wrap scroll">
          <table className="preview-rows">
            <caption>The first rows, as they will be imported</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                {appointments && (
                  <>
                    <th scope="col">Start</th>
                    <th scope="col">Service</th>
                    <th scope="col">Price</th>
                    <th scope="col">Status</th>
                  </>
                )}
                <th scope="col">Name</th>
                <th scope="col">Phone</th>
                <th scope="col">Email</th>
              </tr>
            </thead>
            <tbody>
              {report.preview.map((r) => (
                <tr key={r.row} data-row={r.row}>
                  <td>{r.row}</td>
                  {appointments && (
                    <>
                      <td>{r.start ? fmt.dateTime(r.start) : ''}</td>
                      <td>{r.service}</td>
                      <td>{r.price_cents == null ? '' : fmt.money(r.price_cents)}</td>
                      <td>{r.status}</td>
                    </>
                  )}
                  <td>{r.customer_name}</td>
                  <td>{fmt.phone(r.customer_phone)}</td>
                  <td>{r.customer_email}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.rejections.length > 0 && (
        <div className="table-wrap scroll">
          <DataTable
            className="rejections"
            caption={`Rejected rows and why${report.rejections_listed < report.rejected_rows ? ` (the first ${report.rejections_listed})` : ''}`}
            showCaption
            headers={['Row', 'Line', 'Column', 'Value', 'Reason']}
          >
            {report.rejections.map((p, i) => (
              <tr key={`${p.row}-${p.field}-${i}`} data-rejected-row={p.row}>
                <td>{p.row}</td>
                <td>{p.line}</td>
                <td>{p.column ?? p.field}</td>
                <td>
                  <code>{p.value ?? ''}</code>
                </td>
                <td className="reason">{p.reason}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
      {report.ignored_columns.length > 0 && <p className="hint">Columns not imported: {report.ignored_columns.join(', ')}.</p>}
    </div>
  );
}

function ImportResult({ report }: { report: ImportReportView }) {
  const c = report.counts;
  return (
    <div className="import-result" data-testid="import-result">
      <p className="success" role="status">
        Imported {report.accepted} row{report.accepted === 1 ? '' : 's'}: {c.customers.new} new customer{c.customers.new === 1 ? '' : 's'}
        {c.appointments ? `, ${c.appointments.new} new appointment${c.appointments.new === 1 ? '' : 's'}` : ''}
        {report.rejected_rows > 0 ? `; ${report.rejected_rows} rejected row${report.rejected_rows === 1 ? '' : 's'} skipped` : ''}.
      </p>
    </div>
  );
}

function Exports() {
  const { client } = useShared();
  const [error, setError] = useState<unknown>(undefined);
  const save = (kind: ExportKind) => async (event: MouseEvent<HTMLAnchorElement>) => {
    if (client.exportUrl(kind)) return;
    // No address a link can open (a token to send, or the desktop app): fetch it, and save it from a Blob.
    event.preventDefault();
    setError(undefined);
    try {
      const { filename, blob } = await client.exportFile(kind);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="csv-export" aria-labelledby="export-title">
      <h3 id="export-title">Export to CSV</h3>
      <p className="exports">
        {(Object.keys(EXPORTS) as ExportKind[]).map((kind, i) => (
          <span key={kind}>
            {i > 0 && ' · '}
            <a className="export-link" data-export={kind} href={client.exportUrl(kind) ?? '#'} download={`salon-${kind}.csv`} onClick={(e) => void save(kind)(e)}>
              {EXPORTS[kind]}
            </a>
          </span>
        ))}
      </p>
      <p className="hint">Appointments and calls: all of them, test records left out. Weekly figures: the last 12 weeks. The appointments file imports back as it is.</p>
      <ErrorMessage error={error} title="Could not export" />
    </section>
  );
}
