import { ipcMain, type WebContents } from 'electron';
import type { ApiHandlers } from '../contract/index.js';
import type { ChangeFeed } from '../core/changes.js';
import { createDispatcher } from './dispatch.js';
import { IPC_INVOKE, IPC_LIVE } from './channels.js';

/**
 * Serves the API contract over IPC to the app's own window only, and forwards every live
 * change to it. Returns a function that undoes both.
 */
export function registerIpc(api: ApiHandlers, changes: ChangeFeed, window: () => WebContents | undefined, origin: string, log: (err: unknown) => void): () => void {
  const dispatch = createDispatcher(api, log);
  ipcMain.handle(IPC_INVOKE, (event, method: unknown, input: unknown) => {
    // Only our own page may call in; a frame that navigated elsewhere may not.
    if (event.sender !== window() || !event.senderFrame?.url.startsWith(`${origin}/`)) {
      return { ok: false, error: { status: 403, message: 'not allowed from this page' } };
    }
    return dispatch(method, input);
  });
  const unsubscribe = changes.subscribe((message) => {
    const contents = window();
    if (contents && !contents.isDestroyed()) contents.send(IPC_LIVE, message);
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unsubscribe();
  };
}
