import type { ConnectorId } from '../contract/index.js';

/** The providers' own API bases, unless SALON_TWILIO_API_URL / SALON_RINGCENTRAL_API_URL say otherwise. */
export const DEFAULT_BASE_URLS: Readonly<Record<ConnectorId, string>> = {
  twilio: 'https://api.twilio.com',
  ringcentral: 'https://platform.ringcentral.com',
};
export const DEFAULT_POLL_SECONDS = 60;
export const DEFAULT_BACKFILL_DAYS = 30;
