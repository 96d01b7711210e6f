import { describe, expect, it } from 'vitest';
import type { IdentifierKind } from '../../../shared/domain/codes.js';
import { readIdentifier, readIdentifierAs } from '../../../shared/identifiers/index.js';

/** [typed text, kind, value, readAs] */
const guessed: ReadonlyArray<readonly [string, IdentifierKind, string, string]> = [
  ['07700 900123', 'phone', '+447700900123', '+44 7700 900123'],
  ['+44 20 7946 0123', 'phone', '+442079460123', '+44 20 7946 0123'],
  [
    'oh seven seven double oh nine oh oh one two three',
    'phone',
    '+447700900123',
    '+44 7700 900123',
  ],
  ['wa.me/447700900123', 'phone', '+447700900123', '+44 7700 900123'],
  ['sam at example dot com', 'email', 'sam@example.com', 'sam@example.com'],
  ['Sam@Example.org', 'email', 'sam@example.org', 'sam@example.org'],
  ['https://t.me/Example_Client', 'handle', 'telegram:example_client', 'telegram:example_client'],
  ['@SomeName', 'handle', 'somename', 'somename'],
  ['tg @Example_Client', 'handle', 'telegram:example_client', 'telegram:example_client'],
  ['bigdave_69', 'handle', 'bigdave_69', 'bigdave_69'],
  ['LX21 FKE', 'plate', 'LX21FKE', 'LX21FKE'],
  ['lx21fke', 'plate', 'LX21FKE', 'LX21FKE'],
  ['A123 BCD', 'plate', 'A123BCD', 'A123BCD'],
  ['BOB 69', 'plate', 'BOB69', 'BOB69'],
  ['bob69', 'handle', 'bob69', 'bob69'],
  ['LX2I FKE', 'plate', 'LX21FKE', 'LX21FKE'],
  ['ends in 513', 'partial-phone', '*513', 'ends in 513'],
  ['Ends with 900 513', 'partial-phone', '*900513', 'ends in 900513'],
  ['last digits 0513', 'partial-phone', '*0513', 'ends in 0513'],
  ['...513', 'partial-phone', '*513', 'ends in 513'],
  ['…513', 'partial-phone', '*513', 'ends in 513'],
  ['07700 9001??', 'partial-phone', '+4477009001??', '+44 7700 9001??'],
  ['07700 9001xx', 'partial-phone', '+4477009001??', '+44 7700 9001??'],
  ['+44 7700 9?0123', 'partial-phone', '+4477009?0123', '+44 7700 9?0123'],
  ['starts 07700 9', 'partial-phone', '+4477009*', 'starts +44 7700 9'],
  ['starts LX', 'partial-plate', 'LX*', 'starts LX'],
  ['begins with lx21', 'partial-plate', 'LX21*', 'starts LX21'],
  ['ends FKE', 'partial-plate', '*FKE', 'ends in FKE'],
  ['LX21 ?KE', 'partial-plate', 'LX21?KE', 'LX21?KE'],
  // Digits or characters from the middle.
  ['contains 7946 05', 'partial-phone', '*794605*', 'contains 794605'],
  ['middle digits 79460', 'partial-phone', '*79460*', 'contains 79460'],
  ['*7946 05*', 'partial-phone', '*794605*', 'contains 794605'],
  ['…7946 05…', 'partial-phone', '*794605*', 'contains 794605'],
  ['zawiera 794605', 'partial-phone', '*794605*', 'contains 794605'],
  ['contains 07946', 'partial-phone', '+447946*', 'starts +44 7946'],
  ['contains 21F', 'partial-plate', '*21F*', 'contains 21F'],
  ['*21 FK*', 'partial-plate', '*21FK*', 'contains 21FK'],
  // A plate's own X is not taken for an unknown digit when only a plate fits.
  ['starts XX12', 'partial-plate', 'XX12*', 'starts XX12'],
  ['se termină cu 0123', 'partial-phone', '*0123', 'ends in 0123'],
  ['يبدأ بـ 07700', 'partial-phone', '+447700*', 'starts +44 7700'],
  ['يحتوي على 794605', 'partial-phone', '*794605*', 'contains 794605'],
  ['07700-zal kezdődik', 'partial-phone', '+447700*', 'starts +44 7700'],
  ['vége: 0512', 'partial-phone', '*0512', 'ends in 0512'],
];

const refused: ReadonlyArray<readonly [string, string]> = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['12/03/2024', 'date'],
  ['999', 'short-code'],
  ['ends in 5', 'too-vague'],
  ['starts L', 'too-vague'],
  ['07700 ?????????', 'too-vague'],
  ['contains 7946', 'too-vague'],
  ['contains 19', 'too-vague'],
  ['£150', 'price'],
  ['!!!', 'unrecognised'],
  ['07700 900123, 07700 900124', 'several-numbers'],
  ['https://example.com/profile/123', 'unknown-site'],
  ['x'.repeat(2000), 'too-long'],
];

describe('readIdentifier', () => {
  it.each(guessed)('reads %j as %s %s', (raw, kind, value, readAs) => {
    // A start or end also carries its part, saying what `readAs` says in English.
    const [, words, shown] = /^(ends in|starts|contains) (.+)$/.exec(readAs) ?? [];
    const at = { starts: 'start', 'ends in': 'end', contains: 'middle' }[words!];
    const part = shown ? { part: { at, shown } } : {};
    expect(readIdentifier(raw)).toEqual({ ok: true, identifier: { kind, value }, readAs, ...part });
  });

  it.each(refused)('refuses %j with %s', (raw, reason) => {
    expect(readIdentifier(raw)).toEqual({ ok: false, reason });
  });

  it.each(['ends in', 'ends with', 'starts with', 'last digits are', 'contains', 'middle digits'])(
    'does not read the unfinished phrase %j as a partial of its own last word',
    (raw) => {
      const reading = readIdentifier(raw);
      expect(reading.ok && reading.identifier.kind.startsWith('partial')).toBe(false);
    },
  );

  it('never turns a partial into a full number', () => {
    for (const raw of ['07700 9001??', 'ends in 900123', 'starts 07700 900']) {
      const reading = readIdentifier(raw);
      expect(reading.ok && reading.identifier.kind).toBe('partial-phone');
    }
  });
});

describe('readIdentifierAs', () => {
  it.each([
    ['phone', '07700 900123', '+447700900123'],
    ['email', 'sam at example dot com', 'sam@example.com'],
    ['handle', 'https://www.instagram.com/some.name', 'instagram:some.name'],
    ['plate', 'lx21 fke', 'LX21FKE'],
    ['partial-phone', 'ends in 123', '*123'],
    // Bare digits said to be part of a number: its start when they carry its prefix, else a part
    // from anywhere in it, or its end when too short for that.
    ['partial-phone', '900789', '*900789*'],
    ['partial-phone', '0512', '*0512'],
    ['partial-phone', '07700 9', '+447700 9*'.replace(' ', '')],
    ['partial-plate', 'starts LX', 'LX*'],
  ] as const)('reads a %s field', (kind, raw, value) => {
    expect(readIdentifierAs(kind, raw)).toMatchObject({ ok: true, identifier: { kind, value } });
  });

  it.each([
    ['phone', 'hello', 'not-a-number'],
    ['email', '07700 900123', 'not-an-email'],
    ['handle', 'two words', 'not-a-handle'],
    ['plate', '07700 900123', 'not-a-plate'],
    ['partial-phone', '07700 900123', 'not-partial'],
    ['partial-plate', 'LX21FKE', 'not-partial'],
    ['phone', '', 'empty'],
  ] as const)('refuses a %s field holding %j', (kind, raw, reason) => {
    expect(readIdentifierAs(kind, raw)).toEqual({ ok: false, reason });
  });

  it('throws on an unknown kind (misuse)', () => {
    expect(() => readIdentifierAs('fax' as IdentifierKind, '1')).toThrow(TypeError);
  });

  it('never echoes the input in a failure', () => {
    for (const raw of ['sam@nowhere', '07700 9', 'ends in 5', 'LX21FKEEEEE']) {
      const reading = readIdentifier(raw);
      if (!reading.ok) expect(reading.reason).toMatch(/^[a-z-]+$/);
    }
  });
});

describe('partial phrases in the languages schemes serve', () => {
  it.each([
    ['se termină în 513', '*513'],
    ['se termina in 513', '*513'],
    ['kończy się na 513', '*513'],
    ['termina en 513', '*513'],
    ['termina em 513', '*513'],
    ['finisce con 513', '*513'],
    ['se termine par 513', '*513'],
    ['заканчивается на 513', '*513'],
    ['завършва на 513', '*513'],
    ['mbaron me 513', '*513'],
    ['ลงท้ายด้วย 513', '*513'],
    ['ลงท้ายด้วย ๕๑๓', '*513'],
    ['尾号513', '*513'],
    ['începe cu 07700 9', '+4477009*'],
    ['zaczyna się od 07700 9', '+4477009*'],
    ['empieza por 07700 9', '+4477009*'],
    ['começa com 07700 9', '+4477009*'],
    ['commence par 07700 9', '+4477009*'],
    ['начинается с 07700 9', '+4477009*'],
  ])('reads %j as a partial phone %s', (raw, value) => {
    expect(readIdentifier(raw)).toMatchObject({
      ok: true,
      identifier: { kind: 'partial-phone', value },
    });
  });

  it.each([
    ['începe cu LX', 'LX*'],
    ['termina en FKE', '*FKE'],
    ['завършва на FKE', '*FKE'],
  ])('reads %j as a partial plate %s', (raw, value) => {
    expect(readIdentifier(raw)).toMatchObject({
      ok: true,
      identifier: { kind: 'partial-plate', value },
    });
  });
});
