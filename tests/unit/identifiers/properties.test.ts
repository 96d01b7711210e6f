import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findPhoneNumbers,
  normalizeEmail,
  normalizeHandle,
  normalizePhone,
  normalizePlate,
  readIdentifier,
} from '../../../shared/identifiers/index.js';

/** A drama-range number's last three digits. */
const dramaTail = fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0'));
const separator = fc.constantFrom(
  '',
  ' ',
  '-',
  '.',
  '/',
  '\u00a0',
  '\u2009',
  '\u200b',
  '\u00ad',
  ' - ',
);
const script = fc.constantFrom(
  '0123456789',
  '０１２３４５６７８９',
  '٠١٢٣٤٥٦٧٨٩',
  '๐๑๒๓๔๕๖๗๘๙',
  '०१२३४५६७८९',
);
const prefix = fc.constantFrom('0', '+44 ', '+44 (0)', '0044 ', '44', '+44-', 'tel:0', 'tel:+44');

/** Writes the drama number 07700 900xxx with random prefix, grouping, separators and script. */
const writtenDramaNumber = fc
  .record({ tail: dramaTail, prefix, separator, script, split: fc.integer({ min: 1, max: 9 }) })
  .map(({ tail, prefix, separator, script, split }) => {
    const national = `7700900${tail}`;
    const grouped = `${national.slice(0, split)}${separator}${national.slice(split)}`;
    const written = `${prefix}${grouped}`.replace(/\d/g, (d) => script[Number(d)] as string);
    return { written, e164: `+44${national}` };
  });

describe('identifier properties', () => {
  it('any formatting of a number normalises to the same E.164', () => {
    fc.assert(
      fc.property(writtenDramaNumber, ({ written, e164 }) => {
        expect(normalizePhone(written)).toMatchObject({ ok: true, e164 });
      }),
      { numRuns: 500 },
    );
  });

  it('a written number is found in surrounding text at its place', () => {
    fc.assert(
      fc.property(
        writtenDramaNumber,
        fc.constantFrom('Call ', 'x ', '', 'Tel: '),
        ({ written, e164 }, before) => {
          if (written.startsWith('44') || written.startsWith('tel:')) return;
          const text = `${before}${written} tonight`;
          const found = findPhoneNumbers(text);
          expect(found.map((f) => f.e164)).toEqual([e164]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('normalising twice changes nothing', () => {
    fc.assert(
      fc.property(writtenDramaNumber, ({ written }) => {
        const once = normalizePhone(written);
        if (!once.ok) throw new Error('expected a number');
        expect(normalizePhone(once.e164)).toEqual(once);
      }),
      { numRuns: 300 },
    );
    const local = fc
      .stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/)
      .filter((s) => !s.includes('..'));
    fc.assert(
      fc.property(local, fc.constantFrom('example.com', 'example.org'), (name, domain) => {
        const once = normalizeEmail(`${name.toUpperCase()}@${domain}`);
        expect(once).not.toBeNull();
        expect(normalizeEmail(once as string)).toBe(once);
      }),
    );
    const plate = fc.stringMatching(/^[A-Z]{2}[0-9]{2} ?[A-Z]{3}$/);
    fc.assert(
      fc.property(plate, (raw) => {
        const once = normalizePlate(raw.toLowerCase());
        expect(once).toBe(raw.replace(' ', ''));
        expect(normalizePlate(once as string)).toBe(once);
      }),
    );
    const handle = fc.stringMatching(/^[a-z][a-z0-9_]{4,14}$/);
    fc.assert(
      fc.property(handle, (name) => {
        const once = normalizeHandle(`https://t.me/${name}`);
        expect(once).toBe(`telegram:${name}`);
        expect(normalizeHandle(once as string)).toBe(once);
      }),
    );
  });

  it('reading arbitrary text never throws and never echoes it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const reading = readIdentifier(text);
        if (!reading.ok) expect(reading.reason).toMatch(/^[a-z-]+$/);
        findPhoneNumbers(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('every number found maps back to a span that reads as that number', () => {
    const noise = fc.constantFrom('\u200b', '😀', '＋', '٣', 'é', '\u00ad', '\n', 'İ');
    const words = ['oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    const spelled = dramaTail.map(
      (tail) =>
        `oh seven seven double oh nine oh oh ${[...tail].map((d) => words[Number(d)]).join(' ')}`,
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            writtenDramaNumber.map((w) => w.written),
            fc.string(),
            noise,
            spelled,
          ),
          {
            maxLength: 8,
          },
        ),
        (parts) => {
          const text = parts.join(' ; ');
          for (const found of findPhoneNumbers(text)) {
            expect(found.start).toBeGreaterThanOrEqual(0);
            expect(found.end).toBeLessThanOrEqual(text.length);
            expect(normalizePhone(text.slice(found.start, found.end))).toMatchObject({
              ok: true,
              e164: found.e164,
            });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('single-value readers on hostile input', () => {
  const inputs = [
    ' '.repeat(10_000),
    ' at '.repeat(2500),
    '0 '.repeat(5000),
    '1-'.repeat(5000),
    'oh '.repeat(3400),
    '@'.repeat(10_000),
    'a'.repeat(10_000) + '@',
    'https://t.me/' + 'a'.repeat(10_000),
    'ends in ' + '1 '.repeat(5000),
  ];

  it.each(inputs.map((input, i) => [i, input] as const))('input %i stays fast', (_i, input) => {
    // Fastest of three against a loose bound: catches quadratic behaviour only.
    let fastest = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      normalizePhone(input);
      normalizeEmail(input);
      normalizeHandle(input);
      normalizePlate(input);
      readIdentifier(input);
      fastest = Math.min(fastest, performance.now() - started);
    }
    expect(fastest).toBeLessThan(250);
  });
});
