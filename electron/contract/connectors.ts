/**
 * The phone connectors in the API contract (Settings → Phone system): input schemas and answer
 * types. api.ts puts them in the method table.
 */
import { Type } from 'typebox';

export const CONNECTOR_IDS = ['twilio', 'ringcentral', 'ami', 'threecx', 'dialpad', 'aircall', 'quo', 'telnyx', 'vonage'] as const;
export type ConnectorId = (typeof CONNECTOR_IDS)[number];
/** The push-only providers: they post signed webhooks to `/<id>/webhook`. */
export const WEBHOOK_CONNECTOR_IDS = ['aircall', 'quo', 'telnyx', 'vonage'] as const satisfies readonly ConnectorId[];
export type WebhookConnectorId = (typeof WEBHOOK_CONNECTOR_IDS)[number];
export type ConnectorState = 'off' | 'connecting' | 'syncing' | 'ok' | 'error';
export type ConnectorMode = 'pull' | 'live' | 'webhook';

const ConnectorIdInput = Type.Unsafe<ConnectorId>({ type: 'string', enum: [...CONNECTOR_IDS] });
/** Credentials as typed in Settings, by field name (each provider checks its own fields). */
const CredentialsInput = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 4096 }), { maxProperties: 8 });

const TestFields = { credentials: Type.Optional(CredentialsInput) };
const SaveFields = { credentials: Type.Union([CredentialsInput, Type.Null()]) };
/** Over HTTP the id is in the path, the rest in the body. */
export const ConnectorParams = Type.Object({ id: ConnectorIdInput });
export const TestConnectorBody = Type.Object(TestFields);
export const SaveConnectorBody = Type.Object(SaveFields);

export const CONNECTOR_INPUTS = {
  /** Every connector, its state and its progress. */
  listConnectors: Type.Object({}),
  /** Tries credentials (the ones given, or else the saved ones) and says what it found. Saves nothing. */
  testConnector: Type.Object({ id: ConnectorIdInput, ...TestFields }),
  /** Saves a connector's credentials (checked first) and (re)starts it; `null` forgets them and turns it off. */
  saveConnector: Type.Object({ id: ConnectorIdInput, ...SaveFields }),
};

/** One credential field as the dashboard may see it: never its value, only a mask. */
export interface CredentialFieldView {
  name: string;
  label: string;
  /** e.g. `AC…9f (34 characters)`; null when not set. */
  masked: string | null;
  secret: boolean;
}

export interface ConnectorView {
  id: ConnectorId;
  name: string;
  mode: ConnectorMode;
  state: ConnectorState;
  last_sync_at: string | null;
  last_event_at: string | null;
  /** Why the connector is in `error`, in words for the owner. */
  last_error: string | null;
  calls_imported: number;
  /** The first connect's backfill while it runs (in days of history); null otherwise. */
  backfill: { done: number; total: number | null } | null;
  /** Where the credentials come from: the environment (not changeable in Settings), Settings, or nowhere yet. */
  credentials: { source: 'env' | 'settings' | null; fields: CredentialFieldView[] };
}

export interface ConnectorTestResult {
  id: ConnectorId;
  ok: boolean;
  /** e.g. "Twilio: 1,204 calls in the last 30 days", or why it failed. */
  message: string;
}

export interface ConnectorOutputs {
  listConnectors: { items: ConnectorView[]; total: number };
  testConnector: ConnectorTestResult;
  saveConnector: ConnectorView;
}
