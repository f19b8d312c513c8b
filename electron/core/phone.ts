import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * E.164 form of a phone number, or null when it cannot be one. "Possible" (the right length
 * for its country) rather than "valid": phone systems and tests use fictional 555 numbers,
 * and refusing a real caller because the metadata is a release behind would lose a customer.
 */
export function toE164(raw: string, defaultRegion: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultRegion as CountryCode);
  return parsed && parsed.isPossible() ? parsed.number : null;
}

/** The digits of a search text, for matching phone numbers whatever their punctuation. */
export function phoneDigits(text: string): string {
  return text.replace(/\D/g, '');
}
