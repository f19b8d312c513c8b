import type { ConnectorId } from '../contract/index.js';

/**
 * The cloud providers' own API bases, unless SALON_TWILIO_API_URL / SALON_RINGCENTRAL_API_URL /
 * SALON_DIALPAD_API_URL say otherwise. A PBX on the salon's network has no such address: its own is among its
 * credentials (SALON_AMI_HOST and SALON_AMI_PORT, SALON_3CX_URL).
 */
export const DEFAULT_BASE_URLS = {
  twilio: 'https://api.twilio.com',
  ringcentral: 'https://platform.ringcentral.com',
  dialpad: 'https://dialpad.com',
} as const satisfies Partial<Record<ConnectorId, string>>;
/** Asterisk's manager port (manager.conf `port =`). */
export const DEFAULT_AMI_PORT = 5038;
/** FreePBX's contexts for calls coming in from a trunk (SALON_AMI_INBOUND_CONTEXTS). */
export const DEFAULT_INBOUND_CONTEXTS = ['from-trunk', 'from-pstn', 'from-did-direct'] as const;
export const DEFAULT_POLL_SECONDS = 60;
export const DEFAULT_BACKFILL_DAYS = 30;
