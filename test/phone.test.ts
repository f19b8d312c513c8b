/**
 * Phone numbers to E.164: the shortcut for North American numbers already in E.164 answers what
 * libphonenumber answers, whatever the default region.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { toE164 } from '../electron/core/phone.js';

describe('toE164', () => {
  it('keeps a North American number in E.164 as libphonenumber would, for 20,000 numbers and three default regions', () => {
    let seed = 5;
    const digit = (from: number) => from + ((seed = (seed * 1103515245 + 12345) % 2147483648) % (10 - from));
    for (let i = 0; i < 20_000; i++) {
      const raw = `+1${digit(2)}${digit(0)}${digit(0)}${digit(2)}${Array.from({ length: 6 }, () => digit(0)).join('')}`;
      for (const region of ['US', 'GB', 'CA']) {
        const parsed = parsePhoneNumberFromString(raw, region as CountryCode);
        expect(toE164(raw, region), raw).toBe(parsed && parsed.isPossible() ? parsed.number : null);
      }
    }
  });

  it('parses everything else', () => {
    expect(toE164('(312) 555-0101', 'US')).toBe('+13125550101');
    expect(toE164('+44 20 7946 0958', 'US')).toBe('+442079460958');
    expect(toE164('+1 312 555 0101', 'US')).toBe('+13125550101');
    expect(toE164('12', 'US')).toBeNull();
  });
});
