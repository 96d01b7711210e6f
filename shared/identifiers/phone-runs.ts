/**
 * Splits folded text into *digit runs*: digits (and O/o/I/l standing in for 0 and 1 inside a
 * number) joined by the separators people put in phone numbers. This is the cheap pre-filter
 * in front of libphonenumber-js: one linear pass, no regular expressions, no backtracking.
 * Internal to shared/identifiers.
 */

/** One group of digits inside a run, and the separator text that came before it. */
export interface DigitGroup {
  start: number;
  end: number;
  digits: string;
  separator: string;
}

/** A run of digit groups; offsets are into the folded text. */
export interface DigitRun {
  start: number;
  end: number;
  /** A "+" (international) directly before the first digit, counted in `start`. */
  plus: boolean;
  /** The run opened with "(" (an area code in brackets): a strong sign of a phone number. */
  bracketed: boolean;
  groups: DigitGroup[];
}

const MAX_SEPARATOR = 3;
const MAX_GROUPS = 64;

function isDigit(unit: number): boolean {
  return unit >= 48 && unit <= 57;
}

/** The separators people put between digit groups: space, tab, line breaks and ". - / ( )". */
export function isSeparator(unit: number): boolean {
  return (
    unit === 32 ||
    unit === 9 ||
    unit === 10 ||
    unit === 13 ||
    (unit >= 45 && unit <= 47) ||
    unit === 40 ||
    unit === 41
  );
}

function isLetter(unit: number): boolean {
  return (unit >= 65 && unit <= 90) || (unit >= 97 && unit <= 122);
}

/** O/o → 0 and I/l → 1, the letters people type for those digits. */
function letterDigit(unit: number): string | null {
  if (unit === 79 || unit === 111) return '0';
  if (unit === 73 || unit === 108) return '1';
  return null;
}

/**
 * Length of a run of O/o/I/l letters at `i` that stands for digits: it must touch a digit on one
 * side and not be part of a longer word on the other ("9OO1" yes, "call0" no). 0 when not.
 */
function letterDigitsAt(text: string, i: number): number {
  let end = i;
  while (end < text.length && letterDigit(text.charCodeAt(end)) !== null) end++;
  if (end === i) return 0;

  const before = i > 0 ? text.charCodeAt(i - 1) : -1;
  const after = end < text.length ? text.charCodeAt(end) : -1;
  const digitBefore = isDigit(before);
  const digitAfter = isDigit(after);
  if (!digitBefore && !digitAfter) return 0;
  if (isLetter(before) || isLetter(after)) return 0;
  return end - i;
}

/**
 * Finds the digit runs of `text` that start in [from, to). `blocked[i]` marks units that belong
 * to a look-alike (a date, a price, …): a run never crosses one.
 */
export function findDigitRuns(
  text: string,
  blocked?: Uint8Array,
  from = 0,
  to = text.length,
): DigitRun[] {
  const runs: DigitRun[] = [];
  let i = from;

  while (i < to) {
    const unit = text.charCodeAt(i);
    if (blocked?.[i]) {
      i++;
      continue;
    }
    if (!isDigit(unit)) {
      if (letterDigit(unit) === null) {
        i = nextRunStart(text, i + 1, to);
        continue;
      }
      // Skip a whole O/o/I/l run at once so "oooo…" stays linear.
      if (letterDigitsAt(text, i) === 0) {
        while (i < text.length && letterDigit(text.charCodeAt(i)) !== null) i++;
        continue;
      }
    }

    const run = readRun(text, i, blocked);
    runs.push(run);
    i = Math.max(run.end, i + 1);
  }
  return runs;
}

/**
 * Where a run could next start after a unit that is neither a digit nor O/o/I/l: at the next
 * digit, or at the O/o/I/l letters just before it ("9OO1" from the "O"s). Letters anywhere else
 * touch no digit, so a unit-by-unit walk would skip them anyway; this jumps over prose at once.
 */
function nextRunStart(text: string, from: number, to: number): number {
  let digit = from;
  while (digit < to) {
    const unit = text.charCodeAt(digit);
    if (unit >= 48 && unit <= 57) break;
    digit++;
  }
  if (digit >= to) return to;

  let start = digit;
  while (start > from && letterDigit(text.charCodeAt(start - 1)) !== null) start--;
  return start;
}

function readRun(text: string, first: number, blocked?: Uint8Array): DigitRun {
  let start = first;
  let plus = false;
  let bracketed = false;
  if (text[first - 1] === '(') {
    bracketed = true;
    start = first - 1;
    if (text[first - 2] === '+') {
      plus = true;
      start = first - 2;
    }
  } else if (text[first - 1] === '+') {
    plus = true;
    start = first - 1;
  } else if (text[first - 1] === ' ' && text[first - 2] === '+') {
    plus = true;
    start = first - 2;
  }

  const groups: DigitGroup[] = [];
  let i = first;
  let separator = '';
  for (;;) {
    const groupStart = i;
    let digits = '';
    // Digits are copied a stretch at a time: appending unit by unit builds a chain of strings.
    let copiedUpTo = i;
    while (i < text.length && !blocked?.[i]) {
      const unit = text.charCodeAt(i);
      if (isDigit(unit)) {
        i++;
        continue;
      }
      const letters = letterDigit(unit) !== null ? letterDigitsAt(text, i) : 0;
      if (letters === 0) break;
      digits += text.slice(copiedUpTo, i);
      for (let k = 0; k < letters; k++) digits += letterDigit(text.charCodeAt(i + k));
      i += letters;
      copiedUpTo = i;
    }
    digits += text.slice(copiedUpTo, i);
    groups.push({ start: groupStart, end: i, digits, separator });
    if (groups.length >= MAX_GROUPS) break;

    // Separators: at most three in a row and at most one line break, then a digit must follow.
    let j = i;
    let newlines = 0;
    while (j < text.length && j - i < MAX_SEPARATOR && !blocked?.[j]) {
      const unit = text.charCodeAt(j);
      if (!isSeparator(unit)) break;
      if (unit === 10) newlines++;
      j++;
    }
    if (j === i || newlines > 1 || j >= text.length || blocked?.[j]) break;
    const next = text.charCodeAt(j);
    const nextIsDigit =
      isDigit(next) || (letterDigit(next) !== null && letterDigitsAt(text, j) > 0);
    if (!nextIsDigit) break;
    separator = text.slice(i, j);
    i = j;
  }

  const last = groups[groups.length - 1] as DigitGroup;
  let end = last.end;
  // Keep a closing bracket that belongs to the number, e.g. "(0)" never ends a run, but
  // "(020)" at the end of a run would: include it so the highlight looks whole.
  if (bracketed && text[end] === ')' && groups.length === 1) end++;
  return { start, end, plus, bracketed, groups };
}
