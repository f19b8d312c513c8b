import { app } from 'electron';
import Store from 'electron-store';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** A secret as kept in the file: sealed by the system's keychain (base64), or plain where there is none. */
export type StoredSecret = { sealed: string } | { plain: string };

/** What the desktop app keeps outside the salon's database: its window, how it listens, and its secrets (see secrets.ts). */
export interface AppStore {
  window?: { x?: number; y?: number; width: number; height: number; maximized: boolean };
  port?: number;
  /** Earlier versions kept the token here in plain text; it moves into `secrets` on start. */
  webhook_token?: string;
  secrets?: Record<string, StoredSecret>;
  open_at_login?: boolean;
}

const NAME = 'app-settings';

/**
 * The app's own settings. A file that is not JSON (a crash mid-write, a hand edit) is kept aside
 * as `app-settings.json.corrupt-<time>` and the defaults start afresh: `setAside` names the copy,
 * for the notice the owner is shown.
 */
export function openAppStore(): { store: Store<AppStore>; setAside: string | null } {
  try {
    return { store: new Store<AppStore>({ name: NAME }), setAside: null };
  } catch (err) {
    const file = join(app.getPath('userData'), `${NAME}.json`);
    if (!(err instanceof SyntaxError) || !existsSync(file)) throw err;
    const setAside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, setAside);
    return { store: new Store<AppStore>({ name: NAME }), setAside };
  }
}
