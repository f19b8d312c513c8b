import type { ListenerView, RestoreResultView } from '../contract/index.js';
import type { ConnectorHub } from '../connectors/hub.js';

/** What the core cannot know about the process it runs in: where the webhook listens, and whether it asks for a token. */
export interface ServerInfo {
  webhookUrl?: () => string | null;
  tokenRequired?: () => boolean;
  /** The backup folder of this database (the configured one; default: `backups/` beside the database). */
  backupDir?: string;
  /**
   * Puts a backup (a checked path in the backup folder) in place of the database. Only a process
   * that can close and reopen its own database provides it (the desktop app: close, restore,
   * relaunch); without it `restoreBackup` answers 409 with the command to run instead.
   */
  restore?: (path: string) => Promise<RestoreResultView>;
  /** The webhook listener as its owner sees it (the desktop app); default: fixed by the command line. */
  listener?: () => ListenerView;
  /** Listens again with a new port and/or token (input already checked); without it `updateListener` answers 409. */
  updateListener?: (change: { port?: number; webhook_token?: string }) => Promise<ListenerView>;
  /** The phone connectors this process runs; without them the connector methods answer 409. */
  connectors?: ConnectorHub;
}
