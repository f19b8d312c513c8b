import { useId, type ReactNode } from 'react';
import { ApiFailure } from '../api/client.js';

/** A problem's field told in words, not notation: `business_hours/4/open` is "business hours, open". */
const fieldInWords = (field: string) =>
  field
    .split(/[/.[\]]/)
    .filter((part) => part && !/^\d+$/.test(part))
    .map((part) => part.replace(/_/g, ' '))
    .join(', ') || 'the request';

/** The server's error as it said it: its message, the fields at fault (in words), and the status. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const failure = error instanceof ApiFailure ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert" data-status={failure?.status ?? ''}>
      <strong>{title ?? (failure && failure.status >= 500 ? 'The server failed' : failure?.status === 0 ? 'No connection' : 'Not saved')}:</strong>{' '}
      <span className="error-message">{message}</span>
      {failure && failure.details.length > 1 && (
        <ul>
          {failure.details.map((d, i) => (
            <li key={i}>
              {fieldInWords(d.field)}: {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" role="status" aria-busy="true">
      Loading {what}…
    </div>
  );
}

/** An empty list, with what to do next. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-next">{children}</div>}
    </div>
  );
}

/**
 * A box whose meaning shows on hover and on keyboard focus: the tooltip is a real element,
 * linked by aria-describedby, so screen readers read it too.
 */
export function Explained({
  tip,
  children,
  className,
  as = 'div',
  focusable = true,
  ...rest
}: {
  tip: ReactNode;
  children: ReactNode;
  className?: string;
  as?: 'div' | 'section';
  /** False for boxes that do nothing when pressed (statistic cards): not Tab stops, though a click or a screen reader still focuses them. */
  focusable?: boolean;
} & Record<`data-${string}`, string | number | undefined>) {
  const id = useId();
  const Tag = as;
  return (
    <Tag className={`explained ${className ?? ''}`} tabIndex={focusable ? 0 : -1} aria-describedby={id} {...rest}>
      {children}
      <div role="tooltip" id={id} className="tip">
        {tip}
      </div>
    </Tag>
  );
}

export function Section({ title, actions, children, id }: { title: string; actions?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <section className="panel" aria-labelledby={id ? `${id}-title` : undefined} data-section={id}>
      <header className="panel-head">
        <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
