import { describe, expect, it } from 'vitest';
import { findPhoneNumbers } from '../../../shared/identifiers/index.js';

/** [text, the substrings that must be found, in order, each with its E.164]. */
const cases: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  ['Call 07700 900123 after 6', [['07700 900123', '+447700900123']]],
  ['Tel: +44 (0)7700 900124.', [['+44 (0)7700 900124', '+447700900124']]],
  [
    'landline (020) 7946 0123 or mobile 07700-900-125',
    [
      ['(020) 7946 0123', '+442079460123'],
      ['07700-900-125', '+447700900125'],
    ],
  ],
  ['call07700900126now', [['07700900126', '+447700900126']]],
  ['<a href="tel:+447700900127">ring</a>', [['+447700900127', '+447700900127']]],
  ['https://wa.me/447700900128?text=hi', [['447700900128', '+447700900128']]],
  ['0044 7700 900129 (whatsapp)', [['0044 7700 900129', '+447700900129']]],
  [
    'numbers: 07700 900130 / 07700 900131',
    [
      ['07700 900130', '+447700900130'],
      ['07700 900131', '+447700900131'],
    ],
  ],
  [
    '07700900132 07700900133',
    [
      ['07700900132', '+447700900132'],
      ['07700900133', '+447700900133'],
    ],
  ],
  ['text me on\n07700\n900134 ok', [['07700\n900134', '+447700900134']]],
  ['０７７００ ９００１３５', [['０７７００ ９００１３５', '+447700900135']]],
  ['Ring ٠٧٧٠٠٩٠٠١٣٦ now', [['٠٧٧٠٠٩٠٠١٣٦', '+447700900136']]],
  ['📞 0️⃣7️⃣7️⃣0️⃣0️⃣9️⃣0️⃣0️⃣1️⃣3️⃣7️⃣', [['0️⃣7️⃣7️⃣0️⃣0️⃣9️⃣0️⃣0️⃣1️⃣3️⃣7', '+447700900137']]],
  ['07700\u200b900\u200b138', [['07700\u200b900\u200b138', '+447700900138']]],
  ['O77OO 9OO139', [['O77OO 9OO139', '+447700900139']]],
  [
    'my number is oh seven seven double oh nine oh oh one four oh thanks',
    [['oh seven seven double oh nine oh oh one four oh', '+447700900140']],
  ],
  ['Booked 12/03/2024 at 14:30, call 07700 900141', [['07700 900141', '+447700900141']]],
  ['£150 07700 900142', [['07700 900142', '+447700900142']]],
  ['+40 7xx then +44 7700 900143', [['+44 7700 900143', '+447700900143']]],
  ['id 9e666caffe94fc6a2 0044 7700 900144 ok', [['0044 7700 900144', '+447700900144']]],
  ['page 41 of 59 07700 900145 please', [['07700 900145', '+447700900145']]],
  ['in 1997 07700900146 by', [['07700900146', '+447700900146']]],
  [
    'İstanbul trip; Oh Seven Seven Double Oh Nine Oh Oh One Four Seven',
    [['Oh Seven Seven Double Oh Nine Oh Oh One Four Seven', '+447700900147']],
  ],
  ['😀 ０７７００ ٩٠٠ 148 \u200b', [['０７７００ ٩٠٠ 148', '+447700900148']]],
  // The pre-filter's edges: letters entering a run, look-alikes and long gaps beside numbers.
  ['call me:O77OO 9OO150', [['O77OO 9OO150', '+447700900150']]],
  ['helloO7700 900151 or hello 07700 900151', [['07700 900151', '+447700900151']]],
  ['from 10 a.m.07700 900152 to 5 p.m.', [['07700 900152', '+447700900152']]],
  [
    'on 12/03/2024 ring 07700 900153, or £1,250.00 07700 900154',
    [
      ['07700 900153', '+447700900153'],
      ['07700 900154', '+447700900154'],
    ],
  ],
  [`Ref: 1234 then${' '.repeat(40)}07700 900155`, [['07700 900155', '+447700900155']]],
  [`07700 900156${' o'.repeat(30)} x`, [['07700 900156', '+447700900156']]],
  [`x${' o'.repeat(30)} 07700 900157`, [['07700 900157', '+447700900157']]],
  ['192.168.1.1 07700900158 2024-03-12', [['07700900158', '+447700900158']]],
];

/** Texts with digits in them and no phone number at all. */
const noNumbers: readonly string[] = [
  '',
  'no digits here',
  'Order 1234567890 shipped',
  'Order #77009001234',
  'Ref: 07700900123',
  'Invoice no. 07700 900123',
  'on 12/03/2024 and 2024-03-12 and 20240312',
  'from 10:30 to 14:45:00',
  'only £1,250.00 or €2500 or 150 GBP',
  'SW1A 1AA and M1 1AE',
  'server 192.168.100.200 port 8080',
  'id 5f3a9c2e1b7d4e8f9a0b',
  'key 5f3a9c2e07700900123b',
  'addr 0x07700900123',
  'sha d41d8cd98f00b204e9800998ecf8427e',
  'uuid 12345678-1234-1234-1234-123456789012',
  'call 999 or 112 or 118 118',
  'population 7700900123',
  'tracking 0770090012377',
  'ISBN 978-0-306-40615-7',
  'the year 2024 had 365 days and 8760 hours',
  'count 1 2 3 4 5 6 7 8 9 10 11 12',
];

describe('findPhoneNumbers', () => {
  it.each(cases)('finds the numbers in %j', (text, expected) => {
    const found = findPhoneNumbers(text);
    expect(found.map((f) => [text.slice(f.start, f.end), f.e164])).toEqual(expected);
  });

  it.each(noNumbers)('finds nothing in %j', (text) => {
    expect(findPhoneNumbers(text)).toEqual([]);
  });

  it('reports UTF-16 offsets past astral characters', () => {
    const text = '𝒞𝒶𝓁𝓁 😀 07700 900144';
    const [found] = findPhoneNumbers(text);
    expect(found && text.slice(found.start, found.end)).toBe('07700 900144');
  });

  it('finds bare national digits where the region writes them bare', () => {
    expect(findPhoneNumbers('Order 7700900145 shipped')).toEqual([]);
    expect(findPhoneNumbers('ring 7700 900145', { defaultRegion: 'GB' })).toEqual([]);
  });
});

describe('findPhoneNumbers on hostile input', () => {
  const hostile: ReadonlyArray<readonly [string, string]> = [
    ['spaced digits', '1 '.repeat(5000)],
    ['spaced pairs', '07 '.repeat(3400)],
    ['dashes', '0-'.repeat(5000)],
    ['letter digits', 'o'.repeat(10_000)],
    ['mixed letters', 'Ol0'.repeat(3400)],
    ['long digit run', '0'.repeat(10_000)],
    ['spelled digits', 'oh '.repeat(3400)],
    ['separators', '( ) - . / '.repeat(1000)],
    ['plus signs', '+1'.repeat(5000)],
    ['letters between digits', '1 o'.repeat(3400)],
    ['prose between digit stretches', 'x o o o o 1 '.repeat(830)],
    ['commas after digits', '1,'.repeat(5000)],
    ['hex-like pieces', 'ab12'.repeat(2500)],
    ['non-Latin letters', 'щ'.repeat(10_000)],
    ['sparse non-ASCII', `${'a'.repeat(40)}£`.repeat(244)],
    [
      'random digits',
      Array.from({ length: 10_000 }, (_, i) => '0123456789 '[(i * 7919) % 11]).join(''),
    ],
  ];

  it.each(hostile)('finishes %s (10 KB) quickly', (_name, text) => {
    // The fastest of three runs against a loose bound: catches quadratic or catastrophic
    // behaviour, not scheduler pauses on shared cores. The real figure is in `npm run bench`.
    let fastest = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      findPhoneNumbers(text);
      fastest = Math.min(fastest, performance.now() - started);
    }
    expect(fastest).toBeLessThan(250);
  });
});
