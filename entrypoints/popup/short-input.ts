/**
 * Short input in the check box that is most likely part of something: a run of a few digits
 * ("900123", the end of a number, or "07700", its start) or the start of a car plate ("zq19").
 * Read whole, these give no match and so a false "no reports"; read as the partial they stand
 * for, they are checked the way the worker meant.
 */

/** The partial phrase a short input stands for ("ends in 900123", "starts ZQ19"), or null. */
export function partialPhrase(raw: string): string | null {
  const text = raw.trim();
  const digits = text.replace(/[\s.-]/g, '');
  if (/^\d{3,7}$/.test(digits)) {
    return digits.startsWith('0') ? `starts ${digits}` : `ends in ${digits}`;
  }
  const compact = text.replace(/\s/g, '').toUpperCase();
  if (/^[A-Z]{1,3}\d{1,3}[A-Z]?$/.test(compact) && compact.length >= 3 && compact.length <= 5) {
    return `starts ${compact}`;
  }
  return null;
}
