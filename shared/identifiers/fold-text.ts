/**
 * Folds the many ways text can spell a digit, a space or a dash down to ASCII, keeping a map from
 * every folded character back to the original text, so a number found in the folded text can be
 * highlighted where it really is (the page scan needs UTF-16 offsets into the page's own text).
 *
 * Internal to shared/identifiers. Covers: every Unicode decimal-digit script (Arabic-Indic, Thai,
 * Devanagari, …), compatibility digits (fullwidth, mathematical bold, circled, super/subscript),
 * dingbat circled digits, keycap sequences, zero-width and bidi controls, soft hyphens, exotic
 * spaces and dashes. Linear in the input; ASCII input takes a fast path that allocates no map.
 */

/**
 * Folded text plus where each folded UTF-16 unit came from in the original, kept sparse: one
 * entry per *edit* (a code point that folded to something else), since pages are mostly text
 * that folds to itself. Between edits, folded and original offsets differ by a constant.
 */
export interface FoldedText {
  text: string;
  /** Folded offset where each edit starts, ascending; empty when nothing changed. */
  editAt: Int32Array;
  /** Length of each edit's output in the folded text (0 for a dropped character). */
  editLength: Int32Array;
  /** Original offset of each edit's code point. */
  originAt: Int32Array;
  /** Original length (1 or 2 UTF-16 units) of each edit's code point, or more for a spelled run. */
  originLength: Int32Array;
  /** When this fold was applied to an earlier fold's text, that fold ("original" means its text). */
  base?: FoldedText;
}

/** Invisible characters dropped outright: zero-width, bidi controls, soft hyphen, keycap marks. */
const DROPPED = new Set([
  0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e,
  0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066,
  0x2067, 0x2068, 0x2069, 0xfe0e, 0xfe0f, 0xfeff, 0x20e3,
]);

const DASHES = new Set([
  0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2043, 0x2212, 0xfe58, 0xfe63, 0xff0d, 0x30fc,
]);

// Dingbat and enclosed digits that NFKC leaves alone (the plain circled ones it does fold).
const DIGIT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x2776, 1], // ❶..❾ dingbat negative circled
  [0x2780, 1], // ➀..➈ dingbat circled sans-serif
  [0x278a, 1], // ➊..➒ dingbat negative circled sans-serif
  [0x24f5, 1], // ⓵..⓽ double circled
];
const ZERO_LIKE = new Set([0x24ea, 0x24ff, 0x1f10b, 0x1f10c, 0x1f100]);

const ndPattern = /\p{Nd}/u;
const ndZeroCache = new Map<number, number>();

/** Value of a Unicode decimal digit: Nd characters come in runs of ten from 0 to 9. */
function decimalValue(codePoint: number): number {
  let zero = ndZeroCache.get(codePoint);
  if (zero === undefined) {
    let start = codePoint;
    while (start > 0 && ndPattern.test(String.fromCodePoint(start - 1))) start--;
    zero = start;
    ndZeroCache.set(codePoint, zero);
  }
  return (codePoint - zero) % 10;
}

const foldCache = new Map<number, string>();

/** What one non-ASCII code point folds to: a replacement string ('' drops it). */
export function foldCodePoint(codePoint: number): string {
  let folded = foldCache.get(codePoint);
  if (folded === undefined) {
    folded = foldUncached(codePoint);
    if (foldCache.size < 4096) foldCache.set(codePoint, folded);
  }
  return folded;
}

function foldUncached(codePoint: number): string {
  if (DROPPED.has(codePoint)) return '';
  if (DASHES.has(codePoint)) return '-';
  if (ZERO_LIKE.has(codePoint)) return '0';
  if (codePoint === 0x1f51f) return '10'; // keycap ten
  for (const [first] of DIGIT_RANGES) {
    if (codePoint >= first && codePoint < first + 9) return String(codePoint - first + 1);
  }
  const char = String.fromCodePoint(codePoint);
  if (/\s/u.test(char)) return codePoint === 0x2028 || codePoint === 0x2029 ? '\n' : ' ';
  if (ndPattern.test(char)) return String(decimalValue(codePoint));
  const compat = char.normalize('NFKC');
  // Circled/parenthesised/superscript digits and fullwidth punctuation fold under NFKC; keep the
  // fold only when it yields plain ASCII, so letters of other scripts pass through untouched.
  if (compat !== char && /^[\x20-\x7e]{1,4}$/.test(compat)) {
    const folded = compat.replace(/^\((\d+)\)$/, '$1').replace(/^(\d+)\.$/, '$1');
    // The offset maps allow three units per code point.
    if (folded.length <= 3) return folded;
  }
  return char;
}

const NO_EDITS = new Int32Array(0);

/** A stretch of ASCII longer than this is jumped over with a regex search, not walked. */
const ASCII_WALK = 32;

/**
 * Per BMP code unit: 0 not yet known, 1 folds to itself, 2 folds to something else. A page in
 * Cyrillic, Thai or Chinese is almost all non-ASCII letters that fold to themselves: one table
 * read each instead of a regex match and a cache lookup. Filled as units are met (64 KB).
 */
let bmpFolds: Uint8Array | undefined;

function foldsToItself(unit: number): boolean {
  bmpFolds ??= new Uint8Array(0x10000);
  let state = bmpFolds[unit] as number;
  if (state === 0) {
    state = foldCodePoint(unit) === String.fromCharCode(unit) ? 1 : 2;
    bmpFolds[unit] = state;
  }
  return state === 1;
}

/** Folds `text` (see file comment). */
export function foldText(text: string): FoldedText {
  // eslint-disable-next-line no-control-regex -- the range starts at NUL on purpose: all ASCII
  const nonAscii = /[^\x00-\x7f]/g;
  if (!nonAscii.test(text)) {
    return {
      text,
      editAt: NO_EDITS,
      editLength: NO_EDITS,
      originAt: NO_EDITS,
      originLength: NO_EDITS,
    };
  }

  const pieces: string[] = [];
  const editAt: number[] = [];
  const editLength: number[] = [];
  const originAt: number[] = [];
  const originLength: number[] = [];
  let copiedUpTo = 0;
  let foldedLength = 0;

  let at = nonAscii.lastIndex - 1;
  let ascii = 0;
  while (at < text.length) {
    const unit = text.charCodeAt(at);
    if (unit < 0x80) {
      at++;
      if (++ascii <= ASCII_WALK) continue;
      // A long ASCII stretch (an English page with the odd "£"): let the regex find the next.
      nonAscii.lastIndex = at;
      if (!nonAscii.test(text)) break;
      at = nonAscii.lastIndex - 1;
      ascii = 0;
      continue;
    }
    ascii = 0;

    let codePoint = unit;
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = text.charCodeAt(at + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    if (width === 1 && foldsToItself(unit)) {
      at++;
      continue;
    }
    const folded = foldCodePoint(codePoint);
    if (folded.length === width && folded === text.slice(at, at + width)) {
      at += width;
      continue;
    }

    pieces.push(text.slice(copiedUpTo, at), folded);
    foldedLength += at - copiedUpTo;
    editAt.push(foldedLength);
    editLength.push(folded.length);
    originAt.push(at);
    originLength.push(width);
    foldedLength += folded.length;
    copiedUpTo = at + width;
    at += width;
  }
  if (editAt.length === 0) {
    return {
      text,
      editAt: NO_EDITS,
      editLength: NO_EDITS,
      originAt: NO_EDITS,
      originLength: NO_EDITS,
    };
  }
  pieces.push(text.slice(copiedUpTo));

  return {
    text: pieces.join(''),
    editAt: Int32Array.from(editAt),
    editLength: Int32Array.from(editLength),
    originAt: Int32Array.from(originAt),
    originLength: Int32Array.from(originLength),
  };
}

/** Index of the last edit starting at or before folded offset `at`, or -1. */
function editBefore(folded: FoldedText, at: number): number {
  let low = 0;
  let high = folded.editAt.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((folded.editAt[middle] as number) <= at) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Original offset where folded unit `at` starts (or, with `end`, where it ends). */
export function originalOffset(folded: FoldedText, at: number, end = false): number {
  // The last edit at or before `at`; several may share an offset (dropped characters have no
  // length), and the last of them is the one nearest the unit.
  const edit = editBefore(folded, at);
  if (edit < 0) return end ? at + 1 : at;

  const editStart = folded.editAt[edit] as number;
  const editEnd = editStart + (folded.editLength[edit] as number);
  const origin = folded.originAt[edit] as number;
  const originEnd = origin + (folded.originLength[edit] as number);
  if (at < editEnd) return end ? originEnd : origin;
  // Past the edit: plain copied text, shifted by a constant.
  const shifted = originEnd + (at - editEnd);
  return end ? shifted + 1 : shifted;
}

/** Maps a folded span [start, end) back to original UTF-16 offsets, through every layer. */
export function originalSpan(folded: FoldedText, start: number, end: number): [number, number] {
  let span: [number, number] = [start, end];
  for (let layer: FoldedText | undefined = folded; layer; layer = layer.base) {
    if (layer.editAt.length === 0) continue;
    span = [originalOffset(layer, span[0]), originalOffset(layer, span[1] - 1, true)];
  }
  return span;
}
