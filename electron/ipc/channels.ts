/** IPC channel names, shared by the main process and the preload. */
export const IPC_INVOKE = 'salon:invoke';
export const IPC_LIVE = 'salon:live';
