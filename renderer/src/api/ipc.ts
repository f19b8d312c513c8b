/** The desktop app's transport: `window.salonBridge`, exposed by the preload over Electron IPC. */
import type { ApiInput, ApiMethod, ApiOutput, FieldProblem, LiveMessage } from '../../../electron/contract/index.js';
import { ApiFailure, compact, type SalonClient } from './client.js';

export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: { message: string; status: number; details?: FieldProblem[] } };

export interface SalonBridge {
  invoke(method: string, input: unknown): Promise<BridgeResult>;
  onLive(listener: (message: LiveMessage) => void): () => void;
}

declare global {
  interface Window {
    salonBridge?: SalonBridge;
  }
}

export function createIpcClient(bridge: SalonBridge): SalonClient {
  const invoke = async (method: string, input: unknown): Promise<unknown> => {
    const result = await bridge.invoke(method, compact(input ?? {}));
    if (result.ok) return result.value;
    throw new ApiFailure(result.error.status, result.error.message, result.error.details ?? []);
  };
  return {
    call: <M extends ApiMethod>(method: M, input: ApiInput<M>) => invoke(method, input) as Promise<ApiOutput<M>>,
    subscribe: (listener) => bridge.onLive(listener),
    // The main process is always there: IPC does not drop.
    connection: () => 'open',
    onConnection: () => () => {},
    async insights(week) {
      try {
        return await invoke('getInsights', week ? { week } : {});
      } catch (err) {
        if (err instanceof ApiFailure && err.status === 404) return null;
        throw err;
      }
    },
    // No server to open it from: the page fetches the report over IPC.
    reportUrl: () => null,
    exportUrl: () => null,
    async exportFile(kind) {
      const doc = (await invoke('exportCsv', { kind })) as ApiOutput<'exportCsv'>;
      return { filename: doc.filename, blob: new Blob([doc.body], { type: doc.content_type }) };
    },
    authRequest: () => null,
    onAuthRequest: () => () => {},
    provideToken: () => {},
    close: () => {},
  };
}
