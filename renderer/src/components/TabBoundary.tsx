/**
 * No blank window: a tab whose code or data fails to load, or that fails to draw, shows what
 * went wrong with "Try again" in its place, and tries again by itself when the connection to
 * the server comes back.
 */
import { Component, lazy, useEffect, useRef, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { useShared } from '../state.js';
import { ErrorMessage } from './common.js';

/** Past this, a tab's code that has not arrived counts as failed (with the server gone, its request can hang). */
const LOAD_TIMEOUT_MS = 6_000;

function withinTimeout<T>(loading: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`its code did not arrive within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
  });
  return Promise.race([loading, late]).finally(() => clearTimeout(timer));
}

/** Tabs whose code failed to load, each with how to start it over. */
const failedTabs = new Set<() => void>();

/**
 * `React.lazy` keeps a failed import for good; this one starts over when asked after a failure
 * (not before: React renders once more after an error, and a new import then would hang in
 * "Loading" instead of showing the error).
 */
export function retryableLazy<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  const make = () =>
    lazy(() =>
      withinTimeout(load()).catch((error: unknown) => {
        failedTabs.add(startOver);
        throw error;
      }),
    );
  const startOver = () => {
    current = make();
  };
  let current = make();
  return function RetryableTab(props: P) {
    const Tab = current;
    return <Tab {...props} />;
  };
}

function reloadFailedTabs(): void {
  for (const startOver of failedTabs) startOver();
  failedTabs.clear();
}

interface State {
  error: unknown;
  attempt: number;
}

export class TabBoundary extends Component<{ what: string; children: ReactNode }, State> {
  override state: State = { error: undefined, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error ?? new Error('unknown error') };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.warn(`${this.props.what} failed`, error, info.componentStack);
  }

  retry = () => {
    reloadFailedTabs();
    this.setState((s) => ({ error: undefined, attempt: s.attempt + 1 }));
  };

  override render() {
    if (this.state.error !== undefined) return <TabFailed what={this.props.what} error={this.state.error} onRetry={this.retry} />;
    return <TabAttempt key={this.state.attempt}>{this.props.children}</TabAttempt>;
  }
}

/** A fresh subtree per attempt, so a retry mounts the tab again. */
function TabAttempt({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

function TabFailed({ what, error, onRetry }: { what: string; error: unknown; onRetry(): void }) {
  const { connection } = useShared();
  const seen = useRef(connection);
  useEffect(() => {
    // Back after a drop: whatever could not be fetched may load now.
    if (connection === 'open' && seen.current !== 'open') onRetry();
    seen.current = connection;
  }, [connection, onRetry]);
  const offline = connection !== 'open';
  return (
    <div className="panel tab-failed" data-testid="tab-failed">
      <ErrorMessage
        error={offline ? new Error('the salon server cannot be reached; this tries again by itself once the connection is back') : error}
        title={`${what} could not be shown`}
      />
      <button type="button" className="primary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
