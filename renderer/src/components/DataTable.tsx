import type { ReactNode } from 'react';

/** A list table: a caption (for screen readers only unless `showCaption`), a row of column headers, and the caller's body rows as children. */
export function DataTable({ className, caption, showCaption, headers, children }: { className?: string; caption: string; showCaption?: boolean; headers: string[]; children: ReactNode }) {
  return (
    <table className={className}>
      <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
