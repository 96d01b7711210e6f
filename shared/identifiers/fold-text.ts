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

/** Folded text plus where each folded UTF-16 unit came from in the original. */
export interface FoldedText {
  text: string;
  /** Original start offset of folded unit i; null when folding changed nothing (identity). */
  from: Int32Array | null;
  /** Original end offset (exclusive) of folded unit i; null for identity. */
  to: Int32Array | null;
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

/** Folds `text` (see file comment). */
export function foldText(text: string): FoldedText {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return { text, from: null, to: null };

  // Each code point folds to at most three units, so the maps can be allocated once.
  const from = new Int32Array(text.length * 3);
  const to = new Int32Array(text.length * 3);
  const out: string[] = [];
  let length = 0;
  let asciiStart = -1;
  const flushAscii = (end: number) => {
    if (asciiStart < 0) return;
    out.push(text.slice(asciiStart, end));
    for (let k = asciiStart; k < end; k++) {
      from[length] = k;
      to[length++] = k + 1;
    }
    asciiStart = -1;
  };

  for (let i = 0; i < text.length;) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      if (asciiStart < 0) asciiStart = i;
      i++;
      continue;
    }

    flushAscii(i);
    const codePoint = text.codePointAt(i) as number;
    const width = codePoint > 0xffff ? 2 : 1;
    const folded = foldCodePoint(codePoint);
    out.push(folded);
    for (let k = 0; k < folded.length; k++) {
      from[length] = i;
      to[length++] = i + width;
    }
    i += width;
  }
  flushAscii(text.length);

  return { text: out.join(''), from: from.subarray(0, length), to: to.subarray(0, length) };
}

/** Maps a folded span [start, end) back to original UTF-16 offsets. */
export function originalSpan(folded: FoldedText, start: number, end: number): [number, number] {
  if (!folded.from || !folded.to) return [start, end];
  return [folded.from[start] as number, folded.to[end - 1] as number];
}
