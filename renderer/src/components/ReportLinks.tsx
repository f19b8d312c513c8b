import { useState, type MouseEvent } from 'react';
import { addDays } from '../format.js';
import { useFormat, useShared } from '../state.js';
import { ErrorMessage } from './common.js';

/** Links to the weekly report of a complete week: the printable page and the CSV of its figures. */
export function ReportLinks({ week }: { week: string }) {
  const { client } = useShared();
  const fmt = useFormat();
  const [error, setError] = useState<unknown>(undefined);
  const open = (format: 'html' | 'csv') => async (event: MouseEvent<HTMLAnchorElement>) => {
    if (client.reportUrl(week, format)) return;
    // No address to open (the desktop app, or a server that asks for the token): fetch it, and save it as a file.
    event.preventDefault();
    setError(undefined);
    try {
      const doc = await client.call('getWeeklyReport', { week, format });
      const url = URL.createObjectURL(new Blob([doc.body], { type: doc.content_type }));
      const a = document.createElement('a');
      a.href = url;
      a.download = doc.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(err);
    }
  };
  const link = (format: 'html' | 'csv', label: string) => (
    <a
      className="report-link"
      data-format={format}
      href={client.reportUrl(week, format) ?? '#'}
      target="_blank"
      rel="noopener"
      {...(format === 'csv' ? { download: `weekly-report-${week}.csv` } : {})}
      onClick={(e) => void open(format)(e)}
    >
      {label}
    </a>
  );
  return (
    <div className="report-links" data-week={week}>
      <p>
        Weekly report, {fmt.weekRange(week, addDays(week, 6))}: {link('html', 'open the printable report')} · {link('csv', 'download the figures (CSV)')}
      </p>
      <ErrorMessage error={error} title="Could not get the report" />
    </div>
  );
}
