/**
 * Input in the check box that is most likely part of something: a run of digits ("900123", the
 * end of a number; "07700 9001", its start) or part of a car plate ("zq19", "12ABC"). Read whole,
 * these give no match and so a false "no reports"; read as the partials they stand for, they are
 * checked the way the worker meant. Where it cannot be told which part was meant ("0123" may
 * start a number or end one) both are checked, and each is shown as what it was read as.
 */

/** The partial phrases input stands for ("ends in 900123", "starts ZQ19"); none for whole ones. */
export function partialPhrases(raw: string): string[] {
  const text = raw.trim();
  const digits = text.replace(/[\s.()-]/g, '');
  if (/^\d{3,7}$/.test(digits)) {
    // A leading 0 is how numbers start here, and also how many end.
    return digits.startsWith('0')
      ? [`starts ${digits}`, `ends in ${digits}`]
      : [`ends in ${digits}`];
  }
  // Longer runs, one digit or more short of a whole number (a mistyped or half-copied one): the
  // whole reading is checked too, but alone it would miss the number they belong to.
  if (/^\d{8,10}$/.test(digits)) {
    return [digits.startsWith('0') ? `starts ${digits}` : `ends in ${digits}`];
  }
  const compact = text.replace(/\s/g, '').toUpperCase();
  if (compact.length >= 3 && compact.length <= 5) {
    if (/^[A-Z]{1,3}\d{1,3}[A-Z]?$/.test(compact)) return [`starts ${compact}`];
    // The end of a plate: "12ABC" of XY12ABC.
    if (/^\d{1,3}[A-Z]{2,3}$/.test(compact)) return [`ends in ${compact}`];
  }
  return [];
}
