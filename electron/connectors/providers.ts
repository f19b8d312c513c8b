/**
 * The providers the salon can connect to: their names, how calls arrive, the credentials each
 * takes (checked before anything is saved), and how to build and test its connector.
 */
import type { ConnectorId, ConnectorMode } from '../contract/index.js';
import { InputError } from '../core/errors.js';
import { callsFound, PullConnector, type Connector, type ConnectorContext } from './connector.js';
import { threeCxConnector, tryThreeCx } from './threecx/connector.js';
import type { ThreeCxCursor } from './threecx/history.js';
import type { Credentials } from './credentials.js';
import { ProviderHttp } from './http.js';
import { TwilioSource, type TwilioCursor } from './twilio/source.js';
import { RingCentralAuth } from './ringcentral/auth.js';
import { ringCentralConnector, ringCentralHttp } from './ringcentral/connector.js';
import { RingCentralLogSource, type RingCentralCursor } from './ringcentral/log-source.js';
import { webhookDefinition } from './webhooks/index.js';
import { DIALPAD } from './dialpad/definition.js';
import { DEFAULT_AMI_PORT, DEFAULT_BASE_URLS, DEFAULT_INBOUND_CONTEXTS } from './defaults.js';
import { AmiConnector, tryAmiLogin } from './ami/connector.js';

export interface CredentialField {
  name: string;
  label: string;
  secret: boolean;
  /** What a valid value looks like, and what to say when it does not. */
  pattern: RegExp;
  hint: string;
  /** Taken when the field is left empty (a default port, say); without one the field is required. */
  fallback?: string;
}

export interface ProviderSettings {
  /** The provider's API base (SALON_TWILIO_API_URL, SALON_RINGCENTRAL_API_URL); none for a PBX, whose address is a credential. */
  baseUrl?: string;
}

export interface ProviderDefinition {
  id: ConnectorId;
  name: string;
  mode: ConnectorMode;
  fields: readonly CredentialField[];
  create(credentials: Credentials, settings: ProviderSettings, ctx: ConnectorContext<unknown>): Connector;
  /** Tries the credentials; answers what it found, in words. */
  test(credentials: Credentials, settings: ProviderSettings, ctx: Pick<ConnectorContext<unknown>, 'timer' | 'now' | 'backfillDays'>): Promise<string>;
}

const TOKEN = /^[\x21-\x7e]{8,4096}$/;

const twilioHttp = (ctx: Pick<ConnectorContext<unknown>, 'timer' | 'now'>) =>
  new ProviderHttp({ provider: 'Twilio', credentialsHint: 'check the Account SID and Auth Token', timer: ctx.timer, now: ctx.now });

const twilioSource = (credentials: Credentials, settings: ProviderSettings, ctx: Pick<ConnectorContext<unknown>, 'timer' | 'now' | 'backfillDays'>) =>
  new TwilioSource({ account_sid: credentials.account_sid!, auth_token: credentials.auth_token! }, twilioHttp(ctx), {
    baseUrl: settings.baseUrl ?? DEFAULT_BASE_URLS.twilio,
    backfillDays: ctx.backfillDays,
    now: ctx.now,
  });

export const TWILIO: ProviderDefinition = {
  id: 'twilio',
  name: 'Twilio',
  mode: 'pull',
  fields: [
    { name: 'account_sid', label: 'Account SID', secret: false, pattern: /^AC[0-9a-fA-F]{32}$/, hint: 'starts with AC followed by 32 letters and digits (Twilio Console → Account info)' },
    { name: 'auth_token', label: 'Auth Token', secret: true, pattern: TOKEN, hint: 'the Auth Token shown under Account info in the Twilio Console' },
  ],
  create: (credentials, settings, ctx) => new PullConnector(twilioSource(credentials, settings, ctx), ctx as ConnectorContext<TwilioCursor>),
  test: async (credentials, settings, ctx) => {
    const calls = await twilioSource(credentials, settings, ctx).count(ctx.backfillDays);
    return callsFound('Twilio', calls, ctx.backfillDays);
  },
};

const ringCentralCredentials = (credentials: Credentials) => ({ client_id: credentials.client_id!, client_secret: credentials.client_secret!, jwt: credentials.jwt! });

export const RINGCENTRAL: ProviderDefinition = {
  id: 'ringcentral',
  name: 'RingCentral',
  mode: 'live',
  fields: [
    { name: 'client_id', label: 'Client ID', secret: false, pattern: /^[A-Za-z0-9_-]{8,128}$/, hint: 'the app’s Client ID (RingCentral Developer Console → your app → Credentials)' },
    { name: 'client_secret', label: 'Client Secret', secret: true, pattern: TOKEN, hint: 'the app’s Client Secret, next to its Client ID' },
    { name: 'jwt', label: 'JWT credential', secret: true, pattern: /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, hint: 'a JWT credential made in the Developer Console (Credentials → JWT), three parts separated by dots' },
  ],
  create: (credentials, settings, ctx) => ringCentralConnector(ringCentralCredentials(credentials), settings.baseUrl ?? DEFAULT_BASE_URLS.ringcentral, ctx as ConnectorContext<RingCentralCursor>),
  test: async (credentials, settings, ctx) => {
    const auth = new RingCentralAuth(ringCentralCredentials(credentials), ringCentralHttp(ctx), { baseUrl: settings.baseUrl ?? DEFAULT_BASE_URLS.ringcentral, now: ctx.now });
    const calls = await new RingCentralLogSource(auth, { backfillDays: ctx.backfillDays, now: ctx.now }).count(ctx.backfillDays);
    return callsFound('RingCentral', calls, ctx.backfillDays);
  },
};

const amiSettings = (credentials: Credentials) => ({
  host: credentials.host!,
  port: Number(credentials.port),
  username: credentials.username!,
  secret: credentials.secret!,
  inboundContexts: credentials.inbound_contexts!.split(',').map((c) => c.trim()).filter(Boolean),
});

export const AMI: ProviderDefinition = {
  id: 'ami',
  name: 'Asterisk / FreePBX',
  mode: 'live',
  fields: [
    { name: 'host', label: 'PBX address', secret: false, pattern: /^[A-Za-z0-9.-]{1,253}$|^\[?[0-9A-Fa-f:.]+\]?$/, hint: 'the PBX’s name or IP address on the salon’s network, such as 192.168.1.10' },
    { name: 'port', label: 'AMI port', secret: false, pattern: /^(?:[1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$/, hint: `a port number (Asterisk’s manager listens on ${DEFAULT_AMI_PORT})`, fallback: String(DEFAULT_AMI_PORT) },
    { name: 'username', label: 'AMI user', secret: false, pattern: /^[A-Za-z0-9_.@-]{1,64}$/, hint: 'the [section] name of the user in manager.conf (FreePBX: Settings → Asterisk Manager Users)' },
    { name: 'secret', label: 'AMI secret', secret: true, pattern: /^[\x21-\x7e]{1,256}$/, hint: 'that user’s secret= in manager.conf' },
    { name: 'inbound_contexts', label: 'Inbound contexts', secret: false, pattern: /^[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*$/, hint: 'the dialplan contexts calls from outside come into, comma-separated', fallback: DEFAULT_INBOUND_CONTEXTS.join(',') },
  ],
  create: (credentials, _settings, ctx) => new AmiConnector(amiSettings(credentials), ctx),
  test: async (credentials) => tryAmiLogin(amiSettings(credentials)),
};

const threeCxCredentials = (credentials: Credentials) => ({ url: credentials.url!, client_id: credentials.client_id!, client_secret: credentials.client_secret! });

export const THREECX: ProviderDefinition = {
  id: 'threecx',
  name: '3CX',
  mode: 'live',
  fields: [
    { name: 'url', label: 'PBX address', secret: false, pattern: /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?\/?$/, hint: 'the address the 3CX web client opens, such as https://salon.3cx.us:5001' },
    { name: 'client_id', label: 'Client ID', secret: false, pattern: /^[A-Za-z0-9_.@-]{1,128}$/, hint: 'the API client’s Client ID (3CX Admin → Integrations → API)' },
    { name: 'client_secret', label: 'API key', secret: true, pattern: TOKEN, hint: 'the API key 3CX showed once when the API client was made' },
  ],
  create: (credentials, _settings, ctx) => threeCxConnector(threeCxCredentials(credentials), ctx as ConnectorContext<ThreeCxCursor>),
  test: async (credentials, _settings, ctx) => tryThreeCx(threeCxCredentials(credentials), ctx),
};


const BASE64_KEY = /^[A-Za-z0-9+/]{16,}={0,2}$/;

export const PROVIDERS: Readonly<Record<ConnectorId, ProviderDefinition>> = {
  twilio: TWILIO,
  ringcentral: RINGCENTRAL,
  ami: AMI,
  threecx: THREECX,
  dialpad: DIALPAD,
  aircall: webhookDefinition('aircall', 'Aircall', { name: 'webhook_token', label: 'Webhook token', secret: true, pattern: TOKEN, hint: 'the token shown with the webhook in Aircall (Integrations → Webhook)' }),
  quo: webhookDefinition('quo', 'OpenPhone (Quo)', { name: 'webhook_secret', label: 'Signing secret', secret: true, pattern: /^(whsec_)?[A-Za-z0-9+/]{16,}={0,2}$/, hint: 'the webhook’s signing secret (Settings → Webhooks → the webhook → Reveal signing secret), base64, maybe starting with whsec_' }),
  telnyx: webhookDefinition('telnyx', 'Telnyx', { name: 'public_key', label: 'Public key', secret: false, pattern: BASE64_KEY, hint: 'the account’s public key in base64 (Mission Control → Keys & Credentials → Public Key)' }),
  vonage: webhookDefinition('vonage', 'Vonage', { name: 'signature_secret', label: 'Signature secret', secret: true, pattern: TOKEN, hint: 'the signature secret (Dashboard → API Settings → Signed webhooks)' }),
};

/** Checks typed credentials against the provider's fields: each one present and well-formed, nothing else. */
export function checkCredentials(provider: ProviderDefinition, input: Credentials): Credentials {
  const known = new Set(provider.fields.map((f) => f.name));
  const unknown = Object.keys(input).find((k) => !known.has(k));
  if (unknown) throw new InputError(`credentials.${unknown}`, `is not a ${provider.name} credential (expected ${[...known].join(', ')})`);
  const checked: Record<string, string> = {};
  for (const field of provider.fields) {
    const value = input[field.name]?.trim() || field.fallback || '';
    if (!value) throw new InputError(`credentials.${field.name}`, `${field.label} is required`);
    if (!field.pattern.test(value)) throw new InputError(`credentials.${field.name}`, `${field.label} does not look right: ${field.hint}`);
    checked[field.name] = value;
  }
  return checked;
}
