import fc from 'fast-check';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { describe, expect, it } from 'vitest';
import { fastE164 } from '../../../shared/identifiers/phone-fast-path.js';
import { regionPlan } from '../../../shared/identifiers/phone-library.js';

// The page scan's shortcut must never disagree with libphonenumber-js: whenever it answers, the
// library must read the same digits as a possible number with the same E.164. These are random
// digit strings (not anyone's number), never written out.
const REGIONS: readonly CountryCode[] = [
  'GB',
  'RO',
  'PL',
  'BR',
  'TH',
  'NG',
  'ES',
  'HU',
  'BG',
  'CN',
  'US',
  'IT',
  'FR',
  'DE',
  'RU',
  'IN',
];

describe('fastE164', () => {
  it.each(REGIONS)('agrees with the library in %s', (region) => {
    const idd = regionPlan(region).plainInternationalPrefix;
    let answered = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('+', '00', '0', '', '06', '1', '8', '011', '810'),
        fc.stringMatching(/^\d{6,16}$/),
        (prefix, digits) => {
          const cleaned = prefix + digits;
          const fast = fastE164(cleaned, region, idd);
          if (fast === undefined) return;
          answered++;
          const parsed = parsePhoneNumberFromString(cleaned, region, metadata);
          expect(parsed?.isPossible()).toBe(true);
          expect(parsed?.number).toBe(fast);
        },
      ),
      { numRuns: 3000 },
    );
    // It must also be useful: it answers a good share of the plain cases.
    expect(answered).toBeGreaterThan(30);
  });

  it('leaves a short number to the library where another country shares the calling code', () => {
    // Found by the property above: with "0" and 7624 (an Isle of Man range, also +44) the library
    // keeps the trunk zero and calls the 7 digits impossible; GB alone would allow them.
    expect(fastE164('07624000', 'GB', '00')).toBeUndefined();
    expect(parsePhoneNumberFromString('07624000', 'GB', metadata)?.isPossible()).toBe(false);
    expect(fastE164('07624123456', 'GB', '00')).toBe('+447624123456');
  });

  it('answers the common written forms of a drama number', () => {
    for (const cleaned of ['07700900123', '+447700900123', '00447700900123']) {
      expect(fastE164(cleaned, 'GB', '00')).toBe('+447700900123');
    }
  });
});
