/**
 * The only bridge between the sandboxed renderer and the main process: `invoke` one contract
 * method, and listen to live events. Nothing else of Node or Electron reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { LiveMessage } from './contract/index.js';
import { IPC_INVOKE, IPC_LIVE } from './ipc/channels.js';

contextBridge.exposeInMainWorld('salonBridge', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(IPC_INVOKE, method, input),
  onLive: (listener: (message: LiveMessage) => void) => {
    const forward = (_event: IpcRendererEvent, message: LiveMessage) => listener(message);
    ipcRenderer.on(IPC_LIVE, forward);
    return () => ipcRenderer.removeListener(IPC_LIVE, forward);
  },
});
