import { foldText } from './fold-text.js';

/**
 * UK vehicle registration formats (DVLA, "Vehicle registration numbers and number plates"):
 * current (2001–): two letters, two digits, three letters — "LX21 FKE";
 * prefix (1983–2001): letter, 1–3 digits, three letters — "A123 BCD";
 * suffix (1963–1983): three letters, 1–3 digits, letter — "ABC 123D";
 * dateless: 1–3 letters and 1–4 digits either way round — "AB 1234", "1234 AB";
 * Northern Ireland: three letters (one of them I or Z) then 1–4 digits — "AIZ 1234".
 */
const FORMATS: readonly RegExp[] = [
  /^[A-Z]{2}\d{2}[A-Z]{3}$/,
  /^[A-Z]\d{1,3}[A-Z]{3}$/,
  /^[A-Z]{3}\d{1,3}[A-Z]$/,
  /^[A-Z]{1,3}\d{1,4}$/,
  /^\d{1,4}[A-Z]{1,3}$/,
];

/** Uppercase, no spaces or punctuation, Unicode-folded. */
export function compactPlate(raw: string): string {
  return foldText(raw)
    .text.normalize('NFKC')
    .toUpperCase()
    .replace(/[\s.\-·_]/g, '');
}

/** True when `compact` (from compactPlate) has the shape of a UK registration. */
export function isPlateShape(compact: string): boolean {
  return FORMATS.some((format) => format.test(compact));
}

/**
 * True for the dated formats (current, prefix, suffix), which an online name rarely has; the
 * dateless ones ("BOB 69") look like usernames too.
 */
export function isDatedPlateShape(compact: string): boolean {
  return FORMATS.slice(0, 3).some((format) => format.test(compact));
}

/**
 * Normalises a UK vehicle registration: uppercase, no spaces ("lx21 fke" → "LX21FKE").
 * Recognises current, prefix, suffix, dateless and Northern Ireland formats. In the current
 * format a 0/O or 1/I typed in the wrong place is corrected, since plates are often read off a
 * photo. Returns null when the value has no registration's shape.
 *
 * @example normalizePlate('lx21 fke') // 'LX21FKE'
 */
export function normalizePlate(raw: string): string | null {
  const compact = compactPlate(raw);
  if (compact.length < 2 || compact.length > 8) return null;
  if (isPlateShape(compact)) return compact;
  if (compact.length !== 7) return null;

  // Current format: letters at 1–2 and 5–7, digits at 3–4.
  const toLetter = (c: string) => (c === '0' ? 'O' : c === '1' ? 'I' : c);
  const toDigit = (c: string) => (c === 'O' ? '0' : c === 'I' ? '1' : c);
  const chars = [...compact];
  const fixed = chars.map((c, i) => (i === 2 || i === 3 ? toDigit(c) : toLetter(c))).join('');
  return FORMATS[0]?.test(fixed) ? fixed : null;
}
