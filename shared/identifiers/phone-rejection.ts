/**
 * Recognises digit runs that look like phone numbers but are something else: dates, times,
 * prices, postcodes, IP addresses, order/reference numbers and hex ids. Used two ways: to give
 * a typed value its rejection reason, and to mask such spans out of a page before the scan.
 * Internal to shared/identifiers; every pattern here is linear (no nested quantifiers).
 */

/** Why a value was not read as a phone number. Never carries any of the value itself. */
export type PhoneRejection =
  | 'empty'
  | 'too-short'
  | 'too-long'
  | 'short-code'
  | 'date'
  | 'time'
  | 'price'
  | 'postcode'
  | 'ip-address'
  | 'reference'
  | 'hex-id'
  | 'not-a-number';

/** A pattern for one kind of look-alike, with an optional check on each match. */
interface LookAlike {
  reason: PhoneRejection;
  pattern: RegExp;
  accept?: (match: RegExpMatchArray) => boolean;
  /** False for patterns the page scan checks per digit run instead (cheaper on long pages). */
  scan?: boolean;
}

const NOT_AFTER_DIGIT = '(?<![\\d][-./]?)';
const NOT_AFTER_NUMBER = '(?<![\\d)+][-./ ]?)';
const NOT_BEFORE_NUMBER = '(?![-./ ]?\\d)';
const NOT_BEFORE_DIGIT = '(?![-./]?\\d)';

// Words that only ever label a reference; weaker ones ("account", "case") need a "no."/"#"/":".
const REFERENCE_LABEL =
  '\\b(?:(?:order|ref|reference|invoice|tracking|transaction|txn|isbn|iban|serial|sku|policy|utr|vat)\\b(?:\\s*(?:no\\.?|nr\\.?|number|num|id|code))?|(?:account|acct|case|customer|ticket|booking|member|nhs|ni|id)\\s*(?:no\\.?|nr\\.?|number|num|#|:))\\s*[:#.]?\\s*[A-Z]{0,4}';
const LABEL_BEFORE = new RegExp(`${REFERENCE_LABEL}$`, 'i');

/** True when the text just before `start` labels what follows as a reference ("Order no. "). */
export function followsReferenceLabel(text: string, start: number): boolean {
  const unit = text.charCodeAt(start - 1);
  // A label ends in a space, ":", "#", "." or the letters of a prefix ("Ref: AB").
  if (start === 0 || (unit >= 48 && unit <= 57)) return false;
  return LABEL_BEFORE.test(text.slice(Math.max(0, start - 40), start));
}

function dayMonth(a: number, b: number): boolean {
  return (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (b >= 1 && b <= 31 && a >= 1 && a <= 12);
}

// The page scan searches the patterns it uses (`scan` not false) only in windows around digits
// (phone-candidates.ts): each such pattern must match at least one digit, start at most two
// units before one (plus two of look-behind) and end at most eight after the last (plus one of
// look-ahead), dots, commas and dashes aside. Widen BEFORE/AFTER there for one that goes further.
const LOOK_ALIKES: readonly LookAlike[] = [
  {
    reason: 'ip-address',
    pattern: new RegExp(
      `${NOT_AFTER_NUMBER}\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?${NOT_BEFORE_DIGIT}`,
      'g',
    ),
    accept: (m) =>
      m[0]
        .split(/[.:]/)
        .slice(0, 4)
        .every((part) => Number(part) <= 255),
  },
  {
    reason: 'date',
    pattern: new RegExp(
      `${NOT_AFTER_DIGIT}(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4}|\\d{2})${NOT_BEFORE_DIGIT}`,
      'g',
    ),
    accept: (m) => dayMonth(Number(m[1]), Number(m[3])),
  },
  {
    reason: 'date',
    pattern: new RegExp(
      `${NOT_AFTER_DIGIT}(\\d{4})([./-])(\\d{1,2})\\2(\\d{1,2})${NOT_BEFORE_DIGIT}`,
      'g',
    ),
    accept: (m) =>
      Number(m[1]) >= 1900 && Number(m[1]) <= 2100 && dayMonth(Number(m[4]), Number(m[3])),
  },
  {
    reason: 'date',
    pattern:
      /(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[T ]?\d{2}:?\d{2}(?::?\d{2})?)?(?!\d)/g,
    accept: (m) => m[0].length === 8 || /[T :]/.test(m[0]),
  },
  {
    reason: 'time',
    pattern:
      /(?<!\d)(?:[01]?\d|2[0-3])(?::[0-5]\d){1,2}(?:\s?[ap]\.?m\.?)?(?!\d)|(?<![\d.])(?:0?\d|1[0-2])[.:][0-5]\d\s?[ap]\.?m\b\.?/gi,
  },
  {
    reason: 'price',
    pattern:
      /[£$€¥₹₽₺₩₦฿₴]\s?\d[\d,.]*\d|[£$€¥₹₽₺₩₦฿₴]\s?\d|(?<![\d,.])\d[\d,.]*\s?(?:gbp|eur|usd|pln|ron|huf|bgn|brl|thb|ngn|cny|zł|zl|lei|ft|лв|euros?|pounds?|quid|dollars?|p\b|k\b)/gi,
  },
  {
    reason: 'price',
    pattern:
      /(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d{2})?(?![\d,])|(?<![\d.,])\d{1,6}\.\d{2}(?![\d.])/g,
  },
  {
    reason: 'postcode',
    pattern: /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b/gi,
    // Not needed by the scan: a UK postcode ends in letters, so its digits never join a run.
    scan: false,
  },
  {
    reason: 'postcode',
    pattern: new RegExp(
      `${NOT_AFTER_NUMBER}(?:\\d{2}-\\d{3}|\\d{5}-\\d{3})${NOT_BEFORE_NUMBER}`,
      'g',
    ),
  },
  {
    reason: 'reference',
    pattern: new RegExp(`${REFERENCE_LABEL}[-\\d][\\d-]*\\d`, 'gi'),
    // The scan asks `followsReferenceLabel` per digit run instead of searching every word.
    scan: false,
  },
  { reason: 'reference', pattern: /#\s?\d[\d-]*\d/g },
  {
    reason: 'hex-id',
    // Cheap to scan prose: a token of eight or more hex characters, then checked in `accept`.
    pattern: /\b(?:0x[\da-f]+|[\da-f]{8,})\b/gi,
    accept: (m) => /^0x/i.test(m[0]) || hexLike(m[0]),
    scan: false,
  },
];

/** An all-hex token whose letters are spread through it, not a word glued to a number. */
export function hexLike(token: string): boolean {
  const letterGroups = token.match(/[a-f]+/gi) ?? [];
  const digitGroups = token.match(/\d+/g) ?? [];
  return letterGroups.length >= 2 && digitGroups.length >= 2;
}

/** A span of text that is a look-alike, not a phone number. */
export interface MaskedSpan {
  start: number;
  end: number;
  reason: PhoneRejection;
}

/**
 * Every look-alike span in `text` (ASCII-folded), in pattern order, possibly overlapping. Hex
 * ids are left to `isInHexToken`, which the scan asks per digit run.
 */
export function findLookAlikes(text: string): MaskedSpan[] {
  const spans: MaskedSpan[] = [];
  for (const { reason, pattern, accept, scan } of LOOK_ALIKES) {
    if (scan === false) continue;
    // exec, not matchAll: matchAll copies the pattern on every call, which costs more than the
    // search when the page scan reads many short texts. No pattern matches the empty string,
    // and a failed exec leaves lastIndex at 0 for the next caller.
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (accept && !accept(match)) continue;
      spans.push({ start: match.index, end: match.index + match[0].length, reason });
    }
  }
  return spans;
}

/** The reason `text` as a whole (ASCII-folded, trimmed) is a look-alike, or null. */
export function lookAlikeReason(text: string): PhoneRejection | null {
  for (const { reason, pattern, accept } of LOOK_ALIKES) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      if (accept && !accept(match)) continue;
      // A look-alike that covers most of the digits decides; a date inside a sentence that
      // also holds a number does not.
      if (digitCount(match[0]) * 2 > digitCount(text)) return reason;
    }
  }
  return null;
}

function digitCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 48 && unit <= 57) count++;
  }
  return count;
}

function isHex(unit: number): boolean {
  return (unit >= 48 && unit <= 57) || (unit >= 97 && unit <= 102) || (unit >= 65 && unit <= 70);
}

/** Letter or digit (ASCII); NaN (outside the text) is not. */
function isWordChar(unit: number): boolean {
  return (unit >= 48 && unit <= 57) || (unit >= 97 && unit <= 122) || (unit >= 65 && unit <= 90);
}

/**
 * True when the digits at [start, end) of `text` are part of a hex id ("5f3a9c2e…", "0x7700…"):
 * the all-hex token around them is 8+ characters, whole, and "0x"-prefixed or hex-like.
 */
export function isInHexToken(text: string, start: number, end: number): boolean {
  let left = start;
  let right = end;
  while (left > 0 && start - left < 64 && isHex(text.charCodeAt(left - 1))) left--;
  while (right < text.length && right - end < 64 && isHex(text.charCodeAt(right))) right++;
  const x = text.charCodeAt(left - 1);
  const zeroX = (x === 120 || x === 88) && text.charCodeAt(left - 2) === 48;
  if (zeroX && !isWordChar(text.charCodeAt(left - 3))) return true;
  if (left === start && right === end) return false;
  if (isWordChar(text.charCodeAt(left - 1)) || isWordChar(text.charCodeAt(right))) return false;
  const token = text.slice(left, right);
  return token.length >= 8 && hexLike(token);
}
