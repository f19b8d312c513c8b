import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature (twilio.com/docs/usage/security): HMAC-SHA1, keyed with the auth
 * token, of the full URL Twilio requested followed by every POST parameter, sorted by name,
 * as name and value with no separators; base64.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string | string[]>>): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    for (const v of Array.isArray(value) ? [...value].sort() : [value]) data += name + v;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Readonly<Record<string, string | string[]>>,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
