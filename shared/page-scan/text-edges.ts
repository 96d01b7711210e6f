/**
 * Whether an identifier could run across the edge between two text nodes, decided from the
 * text alone. The page walk (text-blocks.ts) reads a text node that holds a digit or "@" on its
 * own, without asking the DOM which line it belongs to, unless one of its edges "joins": then
 * the node's whole line is read, as a number split over `<b>07700</b> <i>900123</i>` needs.
 * Asking the DOM for every node with a digit cost the page's thread more than everything else
 * the scan does on a long page (bench/page-scan.ts), and most such nodes sit alone in their
 * line, between a line break and the next paragraph.
 *
 * Both sides of an edge are read in the page's whole text (`textContent`), where a node's
 * neighbour may belong to another line: a join is then only a false alarm that costs a DOM
 * look, never a missed number.
 */

/**
 * Most spacing and punctuation between two digits of one phone number: the identifier core's
 * phone runs allow single separators with spaces around them, and libphonenumber-js at most
 * four punctuation marks.
 */
const REACH = 4;

/** Units around an "@" that an email reaches (a local part is at most 64 units). */
const EMAIL_REACH = 64;

/**
 * A digit of a script the identifier core reads, as one UTF-16 unit: ASCII, Arabic-Indic,
 * Devanagari, Thai, circled, dingbat and fullwidth (the scripts of CANDIDATE in text-blocks.ts).
 * Mathematical digits are surrogate pairs: each caller decides how to count those.
 */
export function isReadDigit(c: number): boolean {
  if (c >= 0x30 && c <= 0x39) return true;
  if (c < 0x80) return false;
  return (
    (c >= 0x0660 && c <= 0x0669) ||
    (c >= 0x06f0 && c <= 0x06f9) ||
    (c >= 0x0966 && c <= 0x096f) ||
    (c >= 0x0e50 && c <= 0x0e59) ||
    (c >= 0x2460 && c <= 0x24ff) ||
    (c >= 0x2776 && c <= 0x2793) ||
    (c >= 0xff10 && c <= 0xff19)
  );
}

/** A read digit, or any surrogate (a mathematical digit may be one half of it). */
function isDigit(c: number): boolean {
  return isReadDigit(c) || (c >= 0xd800 && c <= 0xdfff);
}

/** What may stand between two digits of a number: spacing, separators, and O/o/I/l. */
function isSeparator(c: number): boolean {
  switch (c) {
    case 0x20: // space
    case 0x09:
    case 0x0a:
    case 0x0d:
    case 0xa0: // no-break space
    case 0x2e: // .
    case 0x2d: // -
    case 0x2f: // /
    case 0x28: // (
    case 0x29: // )
    case 0x4f: // O, o, I, l: read as digits by the identifier core
    case 0x6f:
    case 0x49:
    case 0x6c:
      return true;
    default:
      return c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013 || c === 0x2014;
  }
}

/** A unit an email address may hold next to an edge (any non-ASCII unit counts: letters). */
function isEmailUnit(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x25 ||
    c === 0x2b ||
    c === 0x2d ||
    c > 0x7f
  );
}

/**
 * True when a digit is within REACH units of `from`, going `step` (-1 back, 1 ahead), with only
 * separators between; going back, a "+" or "(" that may start a number counts too.
 */
function digitNear(text: string, from: number, step: -1 | 1): boolean {
  for (let i = from, passed = 0; passed <= REACH && i >= 0 && i < text.length; i += step) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) return true;
    if (step === -1 && (c === 0x2b || c === 0x28 || c === 0xff0b)) return true;
    if (!isSeparator(c) && c !== 0x2b && c !== 0xff0b) return false;
    passed++;
  }
  return false;
}

/** True when a phone number or email could run across position `at` of `text`. */
export function joinsAt(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  if (before === 0x40 || after === 0x40 || before === 0xff20 || after === 0xff20) return true;
  if (isEmailUnit(before) && isEmailUnit(after)) {
    const near = text.slice(Math.max(0, at - EMAIL_REACH), at + EMAIL_REACH);
    if (near.includes('@') || near.includes('\uff20')) return true;
  }
  return digitNear(text, at - 1, -1) && digitNear(text, at, 1);
}

/** Fewest digits a phone number has (find-identifiers.ts reads no text with fewer). */
const MIN_DIGITS = 7;

/**
 * True when `text` from `start` to `end` could hold an identifier on its own: an "@", or at
 * least MIN_DIGITS digits. A text node no identifier crosses into (see joinsAt) is sent to be
 * read only then: the prices, times and dates that make up most of a page's digits stay on the
 * page, and so does the cost of sending them.
 */
export function mayHoldIdentifier(text: string, start: number, end: number): boolean {
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x40 || c === 0xff20) return true;
    if (isDigit(c) && ++digits >= MIN_DIGITS) {
      // Enough digits for a number; an email may still follow, but either way it is read.
      return true;
    }
  }
  return false;
}
