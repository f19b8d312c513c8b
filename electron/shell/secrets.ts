import { safeStorage } from 'electron';
import type Store from 'electron-store';
import type { AppStore, StoredSecret } from './app-store.js';
import type { CredentialStore, Credentials } from '../connectors/credentials.js';
import type { ConnectorId } from '../contract/index.js';

/**
 * Secrets the app keeps between runs (the webhook token; the phone providers' credentials),
 * by name. The rest of the app sees only this interface: the encryption is the shell's.
 */
export interface SecretStore {
  /** False where the system offers no keychain (Linux with no keyring): secrets are then kept as plain text. */
  readonly encrypted: boolean;
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
}

/** What Settings says when secrets cannot be encrypted on this computer. */
export const UNENCRYPTED_WARNING =
  'This computer has no keyring (a desktop login keyring such as GNOME Keyring or KWallet), so the webhook token and the phone system’s credentials are stored unencrypted in the app’s settings file. Anyone who can read your files can read them.';

/**
 * Secrets sealed with Electron's `safeStorage` (the macOS Keychain, Windows DPAPI, the Linux
 * keyring) inside the app's settings file. Call after `ready`: before it, Linux reports no
 * encryption. Linux's `basic_text` backend encrypts with a fixed, public key, so it counts as
 * none. A plain secret from an earlier run (or from before a keyring was set up) is sealed on open.
 */
export function openSecretStore(store: Store<AppStore>, log: (line: string) => void): SecretStore {
  const encrypted = safeStorage.isEncryptionAvailable() && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  const seal = (value: string): StoredSecret => (encrypted ? { sealed: safeStorage.encryptString(value).toString('base64') } : { plain: value });
  const all = (): Record<string, StoredSecret> => store.get('secrets') ?? {};
  const save = (name: string, secret: StoredSecret | undefined) => {
    const next = { ...all() };
    if (secret) next[name] = secret;
    else delete next[name];
    store.set('secrets', next);
  };
  const get = (name: string): string | undefined => {
    const secret = all()[name];
    if (!secret) return undefined;
    if ('plain' in secret) return secret.plain;
    try {
      return safeStorage.decryptString(Buffer.from(secret.sealed, 'base64'));
    } catch (err) {
      // Sealed by another user account or keyring: it cannot come back, and must be set again.
      log(`the stored secret "${name}" cannot be decrypted (${(err as Error).message}); set it again in Settings`);
      return undefined;
    }
  };

  // The token kept in plain JSON by earlier versions.
  const legacy = store.get('webhook_token');
  if (legacy !== undefined) {
    if (!all().webhook_token) save('webhook_token', seal(legacy));
    store.delete('webhook_token');
  }
  if (encrypted) {
    for (const [name, secret] of Object.entries(all())) if ('plain' in secret) save(name, seal(secret.plain));
  }
  return {
    encrypted,
    get,
    set: (name, value) => save(name, seal(value)),
    delete: (name) => save(name, undefined),
  };
}

/** The phone connectors' credentials, kept as one sealed secret per provider (`connector:<id>`). */
export function connectorCredentials(secrets: SecretStore): CredentialStore {
  const name = (id: ConnectorId) => `connector:${id}`;
  return {
    read: (id) => {
      const text = secrets.get(name(id));
      return text ? (JSON.parse(text) as Credentials) : null;
    },
    write: (id, credentials) => (credentials ? secrets.set(name(id), JSON.stringify(credentials)) : secrets.delete(name(id))),
  };
}
