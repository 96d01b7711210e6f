import { describe, expect, it } from 'vitest';
import {
  formatPhone,
  normalizePhone,
  type PhoneRejection,
} from '../../../shared/identifiers/index.js';

// Only fictional numbers: Ofcom's drama ranges 07700 900000–900999 and 020 7946 0000–0999.
const E = '+447700900123';
const L = '+442079460123';

const accepted: ReadonlyArray<readonly [string, string]> = [
  ['07700 900123', E],
  ['07700900123', E],
  ['07700 900 123', E],
  ['0770 0900 123', E],
  ['07700-900-123', E],
  ['07700.900.123', E],
  ['07700/900123', E],
  ['(07700) 900123', E],
  ['+44 7700 900123', E],
  ['+447700900123', E],
  ['+44 (0)7700 900123', E],
  ['+44(0)7700-900-123', E],
  ['+44 07700 900123', E],
  ['0044 7700 900123', E],
  ['0044 (0) 7700 900123', E],
  ['447700900123', E],
  ['44 7700 900123', E],
  ['7700 900123', E],
  ['tel:+447700900123', E],
  ['tel:07700900123', E],
  ['https://wa.me/447700900123', E],
  ['wa.me/447700900123', E],
  ['https://api.whatsapp.com/send?phone=447700900123&text=hi', E],
  ['  07700 900123  ', E],
  ['07700 900123 ext 12', E],
  // Unicode digit scripts and look-alike characters
  ['０７７００ ９００１２３', E],
  ['＋４４ ７７００ ９００１２３', E],
  ['٠٧٧٠٠ ٩٠٠١٢٣', E],
  ['۰۷۷۰۰ ۹۰۰۱۲۳', E],
  ['๐๗๗๐๐ ๙๐๐๑๒๓', E],
  ['०७७०० ९००१२३', E],
  ['০৭৭০০ ৯০০১২৩', E],
  ['𝟎𝟕𝟕𝟎𝟎 𝟗𝟎𝟎𝟏𝟐𝟑', E],
  ['𝟬𝟳𝟳𝟬𝟬 𝟵𝟬𝟬𝟭𝟮𝟯', E],
  ['⓪⑦⑦⓪⓪ ⑨⓪⓪①②③', E],
  ['⓿❼❼⓿⓿ ❾⓿⓿❶❷❸', E],
  ['0️⃣7️⃣7️⃣0️⃣0️⃣ 9️⃣0️⃣0️⃣1️⃣2️⃣3️⃣', E],
  ['07700\u200b900\u200b123', E],
  ['\u202a07700 900123\u202c', E],
  ['\u200f07700\u200e900123', E],
  ['\ufeff07700 900123', E],
  ['07700\u2009900\u2009123', E],
  ['07700\u2007900\u00a0123', E],
  ['07700\u202f900123', E],
  ['077\u00ad00 900\u00ad123', E],
  ['07700\u2013900\u2013123', E],
  ['07700\u2212900\u2212123', E],
  ['07700\n900123', E],
  ['07700\r\n900 123', E],
  // letters for digits, spelled digits, glued words
  ['O77OO 9OO l23', E],
  ['o7700 9oo123', E],
  ['07700 9OOI23', E],
  ['oh seven seven double oh nine oh oh one two three', E],
  ['zero seven seven zero zero nine zero zero one two three', E],
  ['07700 nine oh oh one two three', E],
  ['Seven Seven Double Oh, Nine Double Oh, One Two Three', E],
  ['call07700900123now', E],
  ['ace07700900123', E],
  ['Call me on 07700 900123 after six', E],
  // London drama range
  ['020 7946 0123', L],
  ['(020) 7946 0123', L],
  ['+44 20 7946 0123', L],
  ['02079460123', L],
  ['+44 (0)20 7946 0123', L],
];

const rejected: ReadonlyArray<readonly [string, PhoneRejection]> = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['\u200b\u200e', 'empty'],
  ['12', 'too-short'],
  ['0770090', 'too-short'],
  ['+44 7700', 'too-short'],
  ['999', 'short-code'],
  ['112', 'short-code'],
  ['118 118', 'short-code'],
  ['61016', 'short-code'],
  ['077009001234567890', 'too-long'],
  ['0770090012345', 'too-long'],
  ['12/03/2024', 'date'],
  ['12.03.2024', 'date'],
  ['2024-03-12', 'date'],
  ['12-03-24', 'date'],
  ['20240312', 'date'],
  ['14:30', 'time'],
  ['14:30:15', 'time'],
  ['10.30pm', 'time'],
  ['£1,250.00', 'price'],
  ['£150', 'price'],
  ['€ 2500', 'price'],
  ['1,250,000', 'price'],
  ['150 GBP', 'price'],
  ['1234.50', 'price'],
  ['SW1A 1AA', 'postcode'],
  ['M1 1AE', 'postcode'],
  ['00-950', 'postcode'],
  ['01310-100', 'postcode'],
  ['192.168.1.1', 'ip-address'],
  ['10.0.0.254:8080', 'ip-address'],
  ['Order #123456789', 'reference'],
  ['Ref: 77009001234', 'reference'],
  ['invoice no. 07700900123', 'reference'],
  ['#07700900123', 'reference'],
  ['5f3a9c2e1b7d', 'hex-id'],
  ['0x7700900123', 'hex-id'],
  ['d41d8cd98f00b204e9800998ecf8427e', 'hex-id'],
  ['hello', 'not-a-number'],
  ['call me maybe', 'not-a-number'],
  ['07700 900123 or 07700 900124', 'not-a-number'],
];

describe('normalizePhone', () => {
  it.each(accepted)('reads %j as %s', (raw, e164) => {
    const reading = normalizePhone(raw);
    expect(reading).toEqual({ ok: true, e164, country: 'GB' });
  });

  it.each(rejected)('rejects %j as %s', (raw, reason) => {
    expect(normalizePhone(raw)).toEqual({ ok: false, reason });
  });

  it('never returns any digits of a rejected value', () => {
    for (const [raw] of rejected) {
      expect(JSON.stringify(normalizePhone(raw))).not.toMatch(/\d{2}/);
    }
  });

  it('reads a national number of the configured region', () => {
    expect(normalizePhone('7700 900123', { defaultRegion: 'GB' })).toMatchObject({ e164: E });
    expect(normalizePhone('+44 7700 900123', { defaultRegion: 'RO' })).toMatchObject({ e164: E });
  });

  it('throws on an unknown region (misuse)', () => {
    expect(() => normalizePhone('07700 900123', { defaultRegion: 'XX' as 'GB' })).toThrow(
      TypeError,
    );
  });
});

describe('formatPhone', () => {
  it.each([
    [E, '+44 7700 900123'],
    [L, '+44 20 7946 0123'],
  ])('formats %s as %s', (e164, display) => {
    expect(formatPhone(e164)).toBe(display);
  });

  it('throws on a value that is not E.164', () => {
    expect(() => formatPhone('07700 900123')).toThrow(TypeError);
  });
});
