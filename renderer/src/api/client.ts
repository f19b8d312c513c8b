/**
 * What the dashboard talks to: the typed API contract (`ApiClient`), the live feed, and the
 * state of the connection. Two transports implement it (IPC in the desktop app, HTTP and
 * WebSocket in a browser); no component knows which one it has.
 */
import type { ApiClient, ExportKind, FieldProblem, LiveMessage } from '../../../electron/contract/index.js';

/** `open`: live events arrive. `connecting`: the first connection. `reconnecting`: it dropped and is being retried. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

/** When the server asks for the webhook token: none stored yet (`missing`), or the stored one was refused (`wrong`). */
export type AuthRequest = { reason: 'missing' | 'wrong'; message: string } | null;

export interface SalonClient extends ApiClient {
  /** Every live message, as it arrives. */
  subscribe(listener: (message: LiveMessage) => void): () => void;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** The insights of a week, or null while the server has none to give (they come with the weekly close). */
  insights(week?: string): Promise<unknown | null>;
  /**
   * Where the weekly report of a week opens as a page or a file (same origin, no token needed),
   * or null when it cannot be opened by address (the desktop app, or a server that asks for
   * the token): then fetch it with the `getWeeklyReport` method.
   */
  reportUrl(week: string, format: 'html' | 'csv'): string | null;
  /** Where an export downloads by address (`/salon/export/KIND.csv`), or null when a link cannot get it (a token to send, or no server: IPC). */
  exportUrl(kind: ExportKind): string | null;
  /** The export as a file to save (fetched with the token over HTTP; through the `exportCsv` method over IPC). */
  exportFile(kind: ExportKind): Promise<{ filename: string; blob: Blob }>;
  /** Set while a request waits for the token; `provideToken` answers it. */
  authRequest(): AuthRequest;
  onAuthRequest(listener: (request: AuthRequest) => void): () => void;
  provideToken(token: string): void;
  close(): void;
}

/** A failed request, as the API reported it: `{"error", "details"}` and the HTTP status (0: the server could not be reached). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** Drops `undefined` members: they have no meaning on the wire, and the IPC schema check would see them. */
export function compact<T>(input: T): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}

/** A tiny listener set. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch (err) {
        console.error(err);
      }
    }
  }
}
