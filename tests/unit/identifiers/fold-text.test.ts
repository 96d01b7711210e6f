import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldCodePoint,
  foldText,
  originalSpan,
  type FoldedText,
} from '../../../shared/identifiers/fold-text.js';

/** What foldText must give: each code point folded on its own, an edit where it changes. */
function plainFold(text: string) {
  const pieces: string[] = [];
  const edits: number[][] = [];
  let copiedUpTo = 0;
  let foldedLength = 0;
  for (let at = 0; at < text.length;) {
    const codePoint = text.codePointAt(at) as number;
    const width = codePoint > 0xffff ? 2 : 1;
    const folded = codePoint < 0x80 ? text[at] : foldCodePoint(codePoint);
    if (folded !== text.slice(at, at + width)) {
      pieces.push(text.slice(copiedUpTo, at), folded as string);
      foldedLength += at - copiedUpTo;
      edits.push([foldedLength, (folded as string).length, at, width]);
      foldedLength += (folded as string).length;
      copiedUpTo = at + width;
    }
    at += width;
  }
  pieces.push(text.slice(copiedUpTo));
  return { text: pieces.join(''), edits };
}

function edits(folded: FoldedText): number[][] {
  return Array.from(folded.editAt, (at, k) => [
    at,
    folded.editLength[k] as number,
    folded.originAt[k] as number,
    folded.originLength[k] as number,
  ]);
}

// Scripts that fold to themselves, digits and spaces that do not, astral and lone surrogates,
// and ASCII stretches long enough to be jumped over rather than walked.
const PIECES = fc.oneof(
  fc.constantFrom(
    ...['телефон ', 'โทร ', '电话', '٠٧٧', '๐๙', '０７', '⓪⑦', '❼', '0️⃣', '\u200b', '\u00ad'],
    ...['\u2009', '\u00a0', '\u2013', '\u2212', '𝟎𝟕', '😀', '𝒞', '\u212a', 'İ', '£', 'é', 'ﬁ'],
    ...['\u{1d7ff}', '\u{10000}', '\u{10ffff}'],
    ...['a'.repeat(31), 'b'.repeat(32), 'c'.repeat(33), 'd'.repeat(100), ' 07700 900123 '],
  ),
  fc.integer({ min: 0x80, max: 0x10ffff }).map((codePoint) => String.fromCodePoint(codePoint)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
);

describe('foldText', () => {
  it('folds each code point as foldCodePoint does, with the same edit map', () => {
    fc.assert(
      fc.property(fc.array(PIECES, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const folded = foldText(text);
        const expected = plainFold(text);
        expect(folded.text).toBe(expected.text);
        expect(edits(folded)).toEqual(expected.edits);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['Cyrillic digits around', 'звони ０７７００ ９００１２３ сейчас', '０７７００ ９００１２３'],
    ['after a long English stretch', `${'call me '.repeat(10)}๐๗๗๐๐ ๙๐๐๑๒๓`, '๐๗๗๐๐ ๙๐๐๑๒๓'],
    ['astral digits after Chinese', '电话𝟎𝟕𝟕𝟎𝟎 𝟗𝟎𝟎𝟏𝟐𝟑', '𝟎𝟕𝟕𝟎𝟎 𝟗𝟎𝟎𝟏𝟐𝟑'],
  ])('maps a number back to the original: %s', (_name, text, written) => {
    const folded = foldText(text);
    const start = folded.text.indexOf('07700 900123');
    const [from, to] = originalSpan(folded, start, start + '07700 900123'.length);
    expect(text.slice(from, to)).toBe(written);
  });
});
