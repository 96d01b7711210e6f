import { describe, expect, it } from 'vitest';
import { getExampleNumber, type CountryCode } from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/min/metadata';
import { findPhoneNumbers, normalizePhone } from '../../../shared/identifiers/index.js';

// Those countries publish no drama range, so no foreign number is written in this file: each is
// the libphonenumber-js metadata's own example mobile number (placeholder digits such as
// 12345678), read at test time and then written the ways people there write it.
const COUNTRIES: readonly CountryCode[] = ['RO', 'PL', 'BR', 'TH', 'NG', 'ES', 'HU', 'BG', 'CN'];

function example(country: CountryCode) {
  const number = getExampleNumber(country, examples, metadata);
  if (!number) throw new Error('metadata has no example for this country');
  return number;
}

const THAI = '๐๑๒๓๔๕๖๗๘๙';
const ARABIC = '٠١٢٣٤٥٦٧٨٩';
const toScript = (text: string, digits: string) =>
  text.replace(/\d/g, (d) => digits[Number(d)] as string);

describe.each(COUNTRIES)('numbers of %s', (country) => {
  const number = example(country);

  it('reads the national format with the region set', () => {
    expect(normalizePhone(number.formatNational(), { defaultRegion: country })).toMatchObject({
      ok: true,
      e164: number.number,
    });
  });

  it('reads the international format with the default region (GB)', () => {
    expect(normalizePhone(number.formatInternational())).toMatchObject({ e164: number.number });
  });

  it('reads 00-prefixed digits and bare digits after the calling code', () => {
    const digits = number.number.slice(1);
    expect(normalizePhone(`00${digits}`)).toMatchObject({ e164: number.number });
    expect(normalizePhone(`wa.me/${digits}`)).toMatchObject({ e164: number.number });
    // Pasted without "+" into a GB check box: too long for a GB number, so read as international.
    expect(normalizePhone(digits)).toMatchObject({ ok: true, e164: number.number });
  });

  it('reads Thai and Arabic-Indic digits', () => {
    const national = number.formatNational();
    expect(normalizePhone(toScript(national, THAI), { defaultRegion: country })).toMatchObject({
      e164: number.number,
    });
    expect(
      normalizePhone(toScript(number.formatInternational(), ARABIC), { defaultRegion: country }),
    ).toMatchObject({ e164: number.number });
  });

  it('finds the number in a sentence in its own format', () => {
    const text = `Contact: ${number.formatNational()} (evenings)`;
    const found = findPhoneNumbers(text, { defaultRegion: country });
    expect(found.map((f) => f.e164)).toEqual([number.number]);
    const [hit] = found;
    expect(text.slice(hit?.start, hit?.end).replace(/\D/g, '')).toBe(
      number.formatNational().replace(/\D/g, ''),
    );
  });
});
