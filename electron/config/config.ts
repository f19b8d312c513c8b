import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseDotenv } from 'dotenv';
import { InputError } from '../core/errors.js';
import { defaultBusinessHours, validateSetting, type SalonSettings } from '../core/settings.js';
import { DEFAULT_SERVICES, dollarsToCents } from '../core/services.js';
import { WEBHOOK_TOKEN_MIN } from '../contract/admin.js';
import type { ConnectorsConfig } from '../connectors/hub.js';
import { DEFAULT_AMI_PORT, DEFAULT_BACKFILL_DAYS, DEFAULT_BASE_URLS, DEFAULT_INBOUND_CONTEXTS, DEFAULT_POLL_SECONDS } from '../connectors/defaults.js';

/** Where a configuration value came from, in order of precedence. */
export type Source = 'flag' | 'env' | '.env' | 'default';

export interface ServeConfig {
  host: string;
  port: number;
  dbPath: string;
  token: string | undefined;
  /** `SALON_ALLOWED_HOSTS`: more Host names served, with a token and a --host off loopback. */
  allowedHosts?: string[];
  /** Settings given by flags or the environment; they win over the ones saved in the app. */
  overrides: Partial<SalonSettings>;
  /** `*_PRICE` variables, for the catalogue. */
  priceEnv: Record<string, string>;
  twilio?: { authToken?: string; publicUrl?: string; forwardTo?: string };
  /** `SALON_3CX_REPORT_USER` / `SALON_3CX_REPORT_PASSWORD`: the Basic auth of `POST /3cx/report`; the route is off without them. */
  threeCxReport?: { user: string; password: string };
  /** Where logs/salon_analytics.log goes; no file logs when absent. */
  logDir?: string;
  /** Where backups go (`--backup-dir`, `SALON_BACKUP_DIR`); unset: `backups/` next to the database. */
  backupDir?: string;
  /** The phone connectors: credentials from the environment, API bases, poll and backfill. */
  connectors?: ConnectorsConfig;
  /** `SALON_ABANDON_SECONDS`: a missed call that rang for less is flagged `abandoned` (the core's default, 15, when unset). */
  abandonSeconds?: number;
}

export interface ResolvedConfig {
  config: ServeConfig;
  sources: Record<string, { value: string; source: Source }>;
}

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`configuration ${key}: ${message}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_PORT = 5002;
export const DEFAULT_HOST = '127.0.0.1';

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  db: { type: 'string' },
  token: { type: 'string' },
  timezone: { type: 'string' },
  'backup-dir': { type: 'string' },
} as const;

/** Defaults that depend on where the program runs. */
export interface ConfigDefaults {
  /** The database when neither `--db` nor `SALON_DB_PATH` names one: the app's per-user data folder; `data/salon.db` in the working directory otherwise. */
  dbPath?: string;
}

/**
 * Flags, then the environment, then a `.env` file in the working directory, then defaults
 * (the settings saved in the app sit between the environment and the defaults: the core
 * merges `overrides` over them). Every value is checked here, and a bad one names its key.
 * Logs, reports, backups and the spool default to folders next to the database, wherever it is:
 * never to the working directory.
 */
export function resolveConfig(argv: string[], env: NodeJS.ProcessEnv, cwd: string, defaults: ConfigDefaults = {}): ResolvedConfig {
  const { values: flags } = parseArgs({ args: argv, options: FLAGS, allowPositionals: false, strict: true });
  const dotenvPath = join(cwd, '.env');
  const fileEnv = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  const sources: ResolvedConfig['sources'] = {};

  const pick = (key: string, flag: string | undefined, envName: string | undefined, fallback?: string): string | undefined => {
    const candidates: [string | undefined, Source][] = [
      [flag, 'flag'],
      [envName ? env[envName] : undefined, 'env'],
      [envName ? fileEnv[envName] : undefined, '.env'],
      [fallback, 'default'],
    ];
    for (const [value, source] of candidates) {
      if (value !== undefined && value !== '') {
        sources[key] = { value, source };
        return value;
      }
    }
    return undefined;
  };

  const serviceUrl = pick('SALON_SERVICE_URL', undefined, 'SALON_SERVICE_URL');
  const url = serviceUrl ? parseUrl('SALON_SERVICE_URL', serviceUrl) : undefined;
  const host = pick('host', flags.host, 'SALON_HOST', url?.hostname ?? DEFAULT_HOST)!;
  const port = parsePort(pick('port', flags.port, 'SALON_PORT', url?.port || String(DEFAULT_PORT))!);
  const dbPath = resolve(cwd, pick('db', flags.db, 'SALON_DB_PATH', defaults.dbPath ?? join('data', 'salon.db'))!);
  const token = pick('token', flags.token, 'SALON_WEBHOOK_TOKEN');
  if (token) {
    checkTokenLength(token);
    sources.token = { value: mask(token), source: sources.token!.source };
  }
  const allowedHostList = pick('SALON_ALLOWED_HOSTS', undefined, 'SALON_ALLOWED_HOSTS');
  const allowedHosts = allowedHostList ? parseHosts(allowedHostList) : undefined;

  const overrides: { -readonly [K in keyof SalonSettings]?: SalonSettings[K] } = {};
  const timezone = pick('timezone', flags.timezone, 'SALON_TIMEZONE');
  if (timezone) overrides.timezone = checked('SALON_TIMEZONE', () => validateSetting('timezone', timezone));
  const region = pick('default_region', undefined, 'SALON_DEFAULT_REGION');
  if (region) overrides.default_region = checked('SALON_DEFAULT_REGION', () => validateSetting('default_region', region.toUpperCase()));

  const start = pick('BUSINESS_START_HOUR', undefined, 'BUSINESS_START_HOUR');
  const end = pick('BUSINESS_END_HOUR', undefined, 'BUSINESS_END_HOUR');
  const days = pick('BUSINESS_DAYS', undefined, 'BUSINESS_DAYS');
  if (start || end || days) {
    const startHour = parseHour('BUSINESS_START_HOUR', start ?? '9');
    const endHour = parseHour('BUSINESS_END_HOUR', end ?? '18');
    if (startHour >= endHour) throw new ConfigError('BUSINESS_END_HOUR', `${endHour} must be after BUSINESS_START_HOUR ${startHour}`);
    overrides.business_hours = defaultBusinessHours(startHour, endHour, parseDays(days ?? '0,1,2,3,4,5'));
  }

  const priceEnv: Record<string, string> = {};
  for (const { priceEnv: name } of DEFAULT_SERVICES) {
    const value = name ? pick(name, undefined, name) : undefined;
    if (name && value) {
      checked(name, () => dollarsToCents(Number(value), name));
      priceEnv[name] = value;
    }
  }
  const twilio: NonNullable<ServeConfig['twilio']> = {};
  const twilioToken = pick('TWILIO_AUTH_TOKEN', undefined, 'TWILIO_AUTH_TOKEN');
  if (twilioToken) twilio.authToken = twilioToken;
  const publicUrl = pick('TWILIO_PUBLIC_URL', undefined, 'TWILIO_PUBLIC_URL');
  if (publicUrl) twilio.publicUrl = parseUrl('TWILIO_PUBLIC_URL', publicUrl).toString().replace(/\/$/, '');
  const forwardTo = pick('SALON_FORWARD_NUMBER', undefined, 'SALON_FORWARD_NUMBER');
  if (forwardTo) twilio.forwardTo = forwardTo;
  const connectors = connectorsConfig(pick, sources);
  const threeCxReport = threeCxReportConfig(pick, sources);
  const abandon = pick('SALON_ABANDON_SECONDS', undefined, 'SALON_ABANDON_SECONDS');
  if (abandon !== undefined && (!/^\d+$/.test(abandon) || Number(abandon) < 1 || Number(abandon) > 600)) {
    throw new ConfigError('SALON_ABANDON_SECONDS', `"${abandon}" must be a whole number of seconds from 1 to 600`);
  }
  const logDir = resolve(cwd, pick('logs', undefined, 'SALON_LOG_DIR', join(dirname(dbPath), 'logs'))!);
  const backupDir = pick('backup_dir', flags['backup-dir'], 'SALON_BACKUP_DIR');
  return { config: { host, port, dbPath, token, ...(allowedHosts ? { allowedHosts } : {}), overrides, priceEnv, twilio, connectors, ...(threeCxReport ? { threeCxReport } : {}), logDir, ...(abandon !== undefined ? { abandonSeconds: Number(abandon) } : {}), ...(backupDir ? { backupDir: resolve(cwd, backupDir) } : {}) }, sources };
}

/** A webhook token long enough not to be guessed (the one Settings takes is held to the same length). */
export function checkTokenLength(token: string): void {
  if (token.length < WEBHOOK_TOKEN_MIN) {
    throw new ConfigError(
      'token',
      `the webhook token (SALON_WEBHOOK_TOKEN, --token or Settings) must be at least ${WEBHOOK_TOKEN_MIN} characters; this one has ${token.length}. Make one with: openssl rand -hex 16`,
    );
  }
}

/** `SALON_ALLOWED_HOSTS`: host names or IP addresses, comma-separated, without scheme or port. */
function parseHosts(text: string): string[] {
  const hosts = text.split(',').map((h) => h.trim()).filter((h) => h !== '');
  for (const h of hosts) {
    if (!/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/.test(h)) {
      throw new ConfigError('SALON_ALLOWED_HOSTS', `"${h}" is not a host name or address (list names such as salon.local or 192.168.1.20, comma-separated, without scheme or port)`);
    }
  }
  return hosts;
}

type Pick = (key: string, flag: string | undefined, envName: string | undefined, fallback?: string) => string | undefined;

/** The connectors' environment (SPEC §3, "Phone connectors"): a provider is on when all its credentials are set. */
function connectorsConfig(pick: Pick, sources: ResolvedConfig['sources']): ConnectorsConfig {
  const secret = (name: string) => {
    const value = pick(name, undefined, name);
    if (value) sources[name] = { value: mask(value), source: sources[name]!.source };
    return value;
  };
  const both = <T extends Record<string, string | undefined>>(values: T) =>
    Object.values(values).every((v) => v) ? (values as { [K in keyof T]: string }) : undefined;
  const twilio = both({ account_sid: pick('TWILIO_ACCOUNT_SID', undefined, 'TWILIO_ACCOUNT_SID'), auth_token: secret('TWILIO_AUTH_TOKEN') });
  const ringcentral = both({
    client_id: pick('RINGCENTRAL_CLIENT_ID', undefined, 'RINGCENTRAL_CLIENT_ID'),
    client_secret: secret('RINGCENTRAL_CLIENT_SECRET'),
    jwt: secret('RINGCENTRAL_JWT'),
  });
  const dialpad = both({ api_key: secret('DIALPAD_API_KEY') });
  // The push-only providers: the one secret each signs its webhooks with.
  const aircall = both({ webhook_token: secret('AIRCALL_WEBHOOK_TOKEN') });
  const quo = both({ webhook_secret: secret('QUO_WEBHOOK_SECRET') });
  const telnyx = both({ public_key: pick('TELNYX_PUBLIC_KEY', undefined, 'TELNYX_PUBLIC_KEY') });
  const vonage = both({ signature_secret: secret('VONAGE_SIGNATURE_SECRET') });
  const ami = both({
    host: pick('SALON_AMI_HOST', undefined, 'SALON_AMI_HOST'),
    port: String(parsePort(pick('SALON_AMI_PORT', undefined, 'SALON_AMI_PORT', String(DEFAULT_AMI_PORT))!, 'SALON_AMI_PORT')),
    username: pick('SALON_AMI_USERNAME', undefined, 'SALON_AMI_USERNAME'),
    secret: secret('SALON_AMI_SECRET'),
    inbound_contexts: pick('SALON_AMI_INBOUND_CONTEXTS', undefined, 'SALON_AMI_INBOUND_CONTEXTS', DEFAULT_INBOUND_CONTEXTS.join(',')),
  });
  const threecx = both({
    url: pick('SALON_3CX_URL', undefined, 'SALON_3CX_URL'),
    client_id: pick('SALON_3CX_CLIENT_ID', undefined, 'SALON_3CX_CLIENT_ID'),
    client_secret: secret('SALON_3CX_CLIENT_SECRET'),
  });
  if (threecx) threecx.url = parseUrl('SALON_3CX_URL', threecx.url).origin;
  const baseUrl = (name: string, fallback: string) => parseUrl(name, pick(name, undefined, name, fallback)!).toString().replace(/\/$/, '');
  const poll = pick('SALON_PHONE_POLL_SECONDS', undefined, 'SALON_PHONE_POLL_SECONDS', String(DEFAULT_POLL_SECONDS))!;
  const days = pick('SALON_PHONE_BACKFILL_DAYS', undefined, 'SALON_PHONE_BACKFILL_DAYS', String(DEFAULT_BACKFILL_DAYS))!;
  if (!/^\d+$/.test(poll) || Number(poll) < 1 || Number(poll) > 86_400) throw new ConfigError('SALON_PHONE_POLL_SECONDS', `"${poll}" must be a whole number of seconds from 1 to 86400`);
  if (!/^\d+$/.test(days) || Number(days) > 3650) throw new ConfigError('SALON_PHONE_BACKFILL_DAYS', `"${days}" must be a whole number of days from 0 to 3650`);
  return {
    env: { ...(twilio ? { twilio } : {}), ...(ringcentral ? { ringcentral } : {}), ...(ami ? { ami } : {}), ...(threecx ? { threecx } : {}), ...(dialpad ? { dialpad } : {}), ...(aircall ? { aircall } : {}), ...(quo ? { quo } : {}), ...(telnyx ? { telnyx } : {}), ...(vonage ? { vonage } : {}) },
    baseUrls: {
      twilio: baseUrl('SALON_TWILIO_API_URL', DEFAULT_BASE_URLS.twilio),
      ringcentral: baseUrl('SALON_RINGCENTRAL_API_URL', DEFAULT_BASE_URLS.ringcentral),
      dialpad: baseUrl('SALON_DIALPAD_API_URL', DEFAULT_BASE_URLS.dialpad),
    },
    pollSeconds: Number(poll),
    backfillDays: Number(days),
  };
}

/** The Basic auth older 3CX versions post their call journal with: a password as long as a webhook token, and a user (`3cx` unless set). */
function threeCxReportConfig(pick: Pick, sources: ResolvedConfig['sources']): ServeConfig['threeCxReport'] {
  const password = pick('SALON_3CX_REPORT_PASSWORD', undefined, 'SALON_3CX_REPORT_PASSWORD');
  if (!password) return undefined;
  sources.SALON_3CX_REPORT_PASSWORD = { value: mask(password), source: sources.SALON_3CX_REPORT_PASSWORD!.source };
  if (password.length < WEBHOOK_TOKEN_MIN) throw new ConfigError('SALON_3CX_REPORT_PASSWORD', `must be at least ${WEBHOOK_TOKEN_MIN} characters; this one has ${password.length}. Make one with: openssl rand -hex 16`);
  const user = pick('SALON_3CX_REPORT_USER', undefined, 'SALON_3CX_REPORT_USER', '3cx')!;
  if (!/^[^:\s]{1,64}$/.test(user)) throw new ConfigError('SALON_3CX_REPORT_USER', 'must be 1 to 64 characters, without a colon or a space');
  return { user, password };
}

function checked<T>(key: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError) throw new ConfigError(key, err.message.replace(/^[^:]+: /, ''));
    throw err;
  }
}

function parseUrl(key: string, text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new ConfigError(key, `"${text}" is not a URL (for example http://127.0.0.1:5002)`);
  }
}

function parsePort(text: string, key = 'port'): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError(key, `"${text}" is not a port number (0 to 65535)`);
  return port;
}

function parseHour(key: string, text: string): number {
  const hour = Number(text);
  if (!/^\d+$/.test(text) || hour > 24) throw new ConfigError(key, `"${text}" is not an hour (0 to 24)`);
  return hour;
}

function parseDays(text: string): number[] {
  const days = text.split(',').map((d) => d.trim());
  if (days.some((d) => !/^[0-6]$/.test(d))) {
    throw new ConfigError('BUSINESS_DAYS', `"${text}" must list weekdays 0 (Monday) to 6 (Sunday), comma-separated`);
  }
  return days.map(Number);
}

export function mask(secret: string): string {
  return secret.length <= 4 ? '****' : `${secret.slice(0, 2)}…${secret.slice(-2)} (${secret.length} characters)`;
}
