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
export interface LookAlike {
  reason: PhoneRejection;
  pattern: RegExp;
  accept?: (match: RegExpMatchArray) => boolean;
}

const NOT_AFTER_DIGIT = '(?<![\\d][-./]?)';
const NOT_AFTER_NUMBER = '(?<![\\d)+][-./ ]?)';
const NOT_BEFORE_NUMBER = '(?![-./ ]?\\d)';
const NOT_BEFORE_DIGIT = '(?![-./]?\\d)';

function dayMonth(a: number, b: number): boolean {
  return (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (b >= 1 && b <= 31 && a >= 1 && a <= 12);
}

/** Exported for the bench's per-pattern timing only. */
export const LOOK_ALIKES: readonly LookAlike[] = [
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
    accept: (m) => /[a-z]/i.test(m[0].slice(0, 1)),
  },
  {
    reason: 'postcode',
    pattern: new RegExp(
      `${NOT_AFTER_NUMBER}(?:\\d{2}-\\d{3}|\\d{5}-\\d{3})${NOT_BEFORE_NUMBER}`,
      'g',
    ),
  },
  {
    // Words that only ever label a reference; weaker ones ("account", "case") need a "no."/"#".
    reason: 'reference',
    pattern:
      /\b(?:(?:order|ref|reference|invoice|tracking|transaction|txn|isbn|iban|serial|sku|policy|utr|vat)\b(?:\s*(?:no\.?|nr\.?|number|num|id|code))?|(?:account|acct|case|customer|ticket|booking|member|nhs|ni|id)\s*(?:no\.?|nr\.?|number|num|#|:))\s*[:#.]?\s*[A-Z]{0,4}[-\d][\d-]*\d/gi,
  },
  { reason: 'reference', pattern: /#\s?\d[\d-]*\d/g },
  {
    reason: 'hex-id',
    // Cheap to scan prose: a token of eight or more hex characters, then checked in `accept`.
    pattern: /\b(?:0x[\da-f]+|[\da-f]{8,})\b/gi,
    accept: (m) => /^0x/i.test(m[0]) || hexLike(m[0]),
  },
];

/** An all-hex token whose letters are spread through it, not a word glued to a number. */
function hexLike(token: string): boolean {
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

/** Every look-alike span in `text` (ASCII-folded), in pattern order, possibly overlapping. */
export function findLookAlikes(text: string): MaskedSpan[] {
  const spans: MaskedSpan[] = [];
  for (const { reason, pattern, accept } of LOOK_ALIKES) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
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
