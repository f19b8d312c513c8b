import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * E.164 form of a phone number, or null when it cannot be one. "Possible" (the right length
 * for its country) rather than "valid": phone systems and tests use fictional 555 numbers,
 * and refusing a real caller because the metadata is a release behind would lose a customer.
 */
export function toE164(raw: string, defaultRegion: string): string | null {
  // Most numbers come from the phone system already in E.164, North American ones most of all: kept as they are, unparsed.
  if (NANP_E164.test(raw)) return raw;
  const key = `${defaultRegion}|${raw}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultRegion as CountryCode);
  const e164 = parsed && parsed.isPossible() ? parsed.number : null;
  // Callers call again: parsing is a third of an ingested call's own work, so recent answers are kept.
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(key, e164);
  return e164;
}

/** A North American number in E.164: +1, an area code and an exchange that each start with 2 to 9, and 4 digits. */
const NANP_E164 = /^\+1[2-9]\d\d[2-9]\d{6}$/;

const RECENT_LIMIT = 10_000;
const recent = new Map<string, string | null>();

/** The digits of a search text, for matching phone numbers whatever their punctuation. */
export function phoneDigits(text: string): string {
  return text.replace(/\D/g, '');
}
