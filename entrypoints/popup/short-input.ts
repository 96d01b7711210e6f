/**
 * Input in the check box that is most likely part of something: a run of digits ("900123", the
 * end of a number; "07700 9001", its start) or part of a car plate ("zq19", "12ABC"). Read whole,
 * these give no match and so a false "no reports"; read as the partials they stand for, they are
 * checked the way the worker meant. Where it cannot be told which part was meant ("0123" may
 * start a number or end one; "7700 9005" may end one, start one written without its 0, or come
 * from its middle) each is checked, and each is shown as what it was read as.
 */

/** The partial phrases input stands for ("ends in 900123", "starts ZQ19"); none for whole ones. */
export function partialPhrases(raw: string): string[] {
  const text = raw.trim();
  const digits = text.replace(/[\s.()-]/g, '');
  // The start of a number in international form: "+44 7700 9005".
  if (/^\+\d{4,12}$/.test(digits)) return [`starts ${digits}`];
  if (/^\d{3,10}$/.test(digits)) {
    const phrases: string[] = [];
    // Runs of 8 to 10 digits are one digit or more short of a whole number: a mistyped or
    // half-copied one. The whole reading is checked too, but alone it would miss it.
    if (digits.startsWith('0')) phrases.push(`starts ${digits}`);
    // The start of a number written with its country code ("447700900") or without its 0
    // ("7700 9005", "20 7946 05").
    else if (digits.startsWith('44') && digits.length >= 5) phrases.push(`starts +${digits}`);
    // Not for 6 digits or fewer, which are read as the ending people mean ("900123").
    else if (digits.length >= 7) phrases.push(`starts 0${digits}`);
    // A leading 0 is also how many numbers end ("0123").
    if (digits.length <= 7 || !digits.startsWith('0')) phrases.push(`ends in ${digits}`);
    // Six to nine digits may come from the middle ("7946 05" of 020 7946 0512). Fewer would
    // match numbers by chance; ten are a whole number without its 0.
    if (digits.length >= 6 && digits.length <= 9 && !digits.startsWith('0')) {
      phrases.push(`contains ${digits}`);
    }
    return phrases;
  }
  const compact = text.replace(/\s/g, '').toUpperCase();
  if (compact.length >= 3 && compact.length <= 5) {
    if (/^[A-Z]{1,3}\d{1,3}[A-Z]?$/.test(compact)) return [`starts ${compact}`];
    // The end of a plate: "12ABC" of XY12ABC.
    if (/^\d{1,3}[A-Z]{2,3}$/.test(compact)) return [`ends in ${compact}`];
  }
  return [];
}
