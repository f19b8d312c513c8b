/**
 * Where the credentials typed in Settings are kept. The core only knows this interface: the
 * desktop app passes a store encrypted with Electron's safeStorage; headless, a file next to
 * the database that only its owner may read (mode 0600).
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConnectorId } from '../contract/index.js';

export type Credentials = Readonly<Record<string, string>>;

export interface CredentialStore {
  read(id: ConnectorId): Credentials | null;
  /** `null` forgets them. */
  write(id: ConnectorId, credentials: Credentials | null): void;
}

export const CREDENTIALS_FILE = 'connector-credentials.json';

export function credentialsPathFor(dbPath: string): string {
  return join(dirname(dbPath), CREDENTIALS_FILE);
}

/** Credentials as a JSON file readable by its owner only, replaced whole at each write. */
export class FileCredentialStore implements CredentialStore {
  constructor(readonly path: string) {}

  private all(): Partial<Record<ConnectorId, Credentials>> {
    if (!existsSync(this.path)) return {};
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Partial<Record<ConnectorId, Credentials>>;
    } catch {
      // Unreadable (hand-edited?): as if nothing were saved; the next save replaces it.
      return {};
    }
  }

  read(id: ConnectorId): Credentials | null {
    return this.all()[id] ?? null;
  }

  write(id: ConnectorId, credentials: Credentials | null): void {
    const all = this.all();
    if (credentials) all[id] = credentials;
    else delete all[id];
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }
}
