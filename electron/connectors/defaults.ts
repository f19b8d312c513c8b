import type { ConnectorId } from '../contract/index.js';

/** The providers' own API bases, unless SALON_TWILIO_API_URL / SALON_RINGCENTRAL_API_URL / SALON_DIALPAD_API_URL say otherwise. */
export const DEFAULT_BASE_URLS = {
  twilio: 'https://api.twilio.com',
  ringcentral: 'https://platform.ringcentral.com',
  dialpad: 'https://dialpad.com',
} as const satisfies Partial<Record<ConnectorId, string>>;
export const DEFAULT_POLL_SECONDS = 60;
export const DEFAULT_BACKFILL_DAYS = 30;
