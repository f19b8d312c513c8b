/**
 * The providers the salon can connect to: their names, how calls arrive, the credentials each
 * takes (checked before anything is saved), and how to build and test its connector.
 */
import type { ConnectorId, ConnectorMode } from '../contract/index.js';
import { InputError } from '../core/errors.js';
import { PullConnector, type Connector, type ConnectorContext } from './connector.js';
import type { Credentials } from './credentials.js';
import { ProviderHttp } from './http.js';
import { TwilioSource, type TwilioCursor } from './twilio/source.js';
import { RingCentralAuth } from './ringcentral/auth.js';
import { RingCentralConnector, ringCentralHttp } from './ringcentral/connector.js';
import { RingCentralLogSource, type RingCentralCursor } from './ringcentral/log-source.js';
import { webhookDefinition } from './webhooks/index.js';
import { DIALPAD } from './dialpad/definition.js';

export interface CredentialField {
  name: string;
  label: string;
  secret: boolean;
  /** What a valid value looks like, and what to say when it does not. */
  pattern: RegExp;
  hint: string;
}

export interface ProviderSettings {
  /** The provider's API base (SALON_TWILIO_API_URL, SALON_RINGCENTRAL_API_URL). */
  baseUrl: string;
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
    baseUrl: settings.baseUrl,
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
    return `Twilio: ${calls.toLocaleString('en-US')} call${calls === 1 ? '' : 's'} in the last ${ctx.backfillDays} days`;
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
  create: (credentials, settings, ctx) => new RingCentralConnector(ringCentralCredentials(credentials), settings.baseUrl, ctx as ConnectorContext<RingCentralCursor>),
  test: async (credentials, settings, ctx) => {
    const auth = new RingCentralAuth(ringCentralCredentials(credentials), ringCentralHttp(ctx), { baseUrl: settings.baseUrl, now: ctx.now });
    const calls = await new RingCentralLogSource(auth, { backfillDays: ctx.backfillDays, now: ctx.now }).count(ctx.backfillDays);
    return `RingCentral: ${calls.toLocaleString('en-US')} call${calls === 1 ? '' : 's'} in the last ${ctx.backfillDays} days`;
  },
};

const BASE64_KEY = /^[A-Za-z0-9+/]{16,}={0,2}$/;

export const PROVIDERS: Readonly<Record<ConnectorId, ProviderDefinition>> = {
  twilio: TWILIO,
  ringcentral: RINGCENTRAL,
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
    const value = input[field.name]?.trim() ?? '';
    if (!value) throw new InputError(`credentials.${field.name}`, `${field.label} is required`);
    if (!field.pattern.test(value)) throw new InputError(`credentials.${field.name}`, `${field.label} does not look right: ${field.hint}`);
    checked[field.name] = value;
  }
  return checked;
}
