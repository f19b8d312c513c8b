import type { ReactNode, TableHTMLAttributes } from 'react';

interface DataTableProps extends TableHTMLAttributes<HTMLTableElement> {
  caption: string;
  /** The caption is for screen readers only unless shown. */
  showCaption?: boolean;
  headers: string[];
  /** A last column of buttons: its header, read by screen readers only. */
  actions?: string;
  children: ReactNode;
}

/** A list table: a caption, a row of column headers, and the caller's body rows as children. */
export function DataTable({ caption, showCaption, headers, actions, children, ...table }: DataTableProps) {
  return (
    <table {...table}>
      <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
          {actions && (
            <th scope="col">
              <span className="visually-hidden">{actions}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
