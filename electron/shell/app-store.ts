import Store from 'electron-store';

/** What the desktop app keeps outside the salon's database: its window, and how it listens. */
export interface AppStore {
  window?: { x?: number; y?: number; width: number; height: number; maximized: boolean };
  port?: number;
  webhook_token?: string;
  open_at_login?: boolean;
}

export function openAppStore(): Store<AppStore> {
  return new Store<AppStore>({ name: 'app-settings' });
}
