import { findLookAlikes } from './phone-rejection.js';
import { findDigitRuns, type DigitRun } from './phone-runs.js';

/**
 * The page scan's pre-filter: the digit runs of a folded text that could hold a phone number,
 * with look-alikes (dates, prices, IPs, …) cut out of them, found without walking the whole
 * text unit by unit or running the look-alike patterns over all of it. Internal to
 * shared/identifiers.
 *
 * It returns exactly the runs of `findDigitRuns(text, blocked)`, with every span of
 * `findLookAlikes(text)` blocked, that lie in a *stretch* with at least `minDigits` digits (a
 * unit test holds the two equal):
 *
 * 1. Digits are found by native regex searches, in pieces of consecutive digits.
 * 2. Pieces joined only by separators and O/o/I/l form a stretch; no run reaches outside one.
 *    A stretch with fewer than `minDigits` digits and letters holds no run that long, so no
 *    number: most of a page's digits (prices, years, times) stop here.
 * 3. Pieces less than BEFORE + AFTER apart form a *cluster*. Every look-alike match holds a digit
 *    and reaches only a few units past its digits (see BEFORE), so in a window of a cluster's
 *    text the matches, and what their look-arounds see, are the same as in the whole text. The
 *    windows of the clusters that hold a long stretch are joined and searched once.
 * 4. The long stretches are split into runs with those matches blocked.
 */

/**
 * Units a cluster's window keeps before its first digit and after its last (or the dots, commas
 * and dashes that follow it). A look-alike match starts at most two units before a digit
 * ("£ 1", "# 1") and looks two more back; it ends at most eight units after ("1 dollars",
 * "10 a.m.") and looks one more ahead. Clusters are more than both margins apart, so no match
 * reaches from one into another, and a window holds no other cluster's digits.
 */
const BEFORE = 8;
const AFTER = 12;

const DIGIT = /\d/g;
const NOT_DIGIT = /\D/g;

/** A stretch of text whose runs are read again with look-alikes blocked: [from, to). */
interface Stretch {
  from: number;
  to: number;
  /** Index of its first and last digit piece. */
  first: number;
  last: number;
}

/** The runs of `text` (folded) in stretches with at least `minDigits` digits, look-alikes blocked. */
export function findCandidateRuns(text: string, minDigits: number): DigitRun[] {
  // Two native searches per piece, and no match objects: a page can hold 50,000 pieces.
  const starts: number[] = [];
  const ends: number[] = [];
  DIGIT.lastIndex = 0;
  while (DIGIT.test(text)) {
    const start = DIGIT.lastIndex - 1;
    NOT_DIGIT.lastIndex = start;
    const end = NOT_DIGIT.test(text) ? NOT_DIGIT.lastIndex - 1 : text.length;
    starts.push(start);
    ends.push(end);
    DIGIT.lastIndex = end;
  }

  const stretches = longStretches(text, starts, ends, minDigits);
  if (stretches.length === 0) return [];

  const blocked = lookAlikeMarks(text, starts, ends, stretches);
  const runs: DigitRun[] = [];
  for (const { from, to } of stretches) {
    for (const run of findDigitRuns(text, blocked, from, to)) runs.push(run);
  }
  return runs;
}

/** O/o/I/l, which stand for digits inside a run. */
function isLetterDigit(unit: number): boolean {
  return unit === 79 || unit === 111 || unit === 73 || unit === 108;
}

/** A unit a run may hold besides digits: a separator (see phone-runs.ts) or O/o/I/l. */
function mayJoin(unit: number): boolean {
  return (
    unit === 32 ||
    unit === 9 ||
    unit === 10 ||
    unit === 13 ||
    (unit >= 45 && unit <= 47) ||
    unit === 40 ||
    unit === 41 ||
    isLetterDigit(unit)
  );
}

/**
 * The stretches with at least `minDigits` digits and O/o/I/l. A stretch runs from just after
 * the last unit before its first digit that no run may hold to the first such unit after its
 * last digit: a unit-by-unit walk of the whole text would enter it there, as `findDigitRuns`
 * does when given those bounds.
 */
function longStretches(
  text: string,
  starts: readonly number[],
  ends: readonly number[],
  minDigits: number,
): Stretch[] {
  const stretches: Stretch[] = [];
  let first = 0;
  let from = 0;
  let count = 0;
  // Letters before the first piece, back to the unit no run holds.
  let at = (starts[0] ?? 0) - 1;
  while (at >= 0 && mayJoin(text.charCodeAt(at))) {
    if (isLetterDigit(text.charCodeAt(at))) count++;
    at--;
  }
  from = at + 1;

  for (let k = 0; k < starts.length; k++) {
    count += (ends[k] as number) - (starts[k] as number);
    const next = starts[k + 1] ?? text.length;
    let i = ends[k] as number;
    while (i < next && mayJoin(text.charCodeAt(i))) {
      if (isLetterDigit(text.charCodeAt(i))) count++;
      i++;
    }
    if (i === next && k + 1 < starts.length) continue;

    // The stretch ends at unit i; the next one starts after the last such unit before it.
    if (count >= minDigits) stretches.push({ from, to: i, first, last: k });
    first = k + 1;
    count = 0;
    let back = next - 1;
    while (back > i && mayJoin(text.charCodeAt(back))) {
      if (isLetterDigit(text.charCodeAt(back))) count++;
      back--;
    }
    from = back + 1;
  }
  return stretches;
}

/** Where a piece's look-alikes could end: after the dots, commas and dashes that follow it. */
function reach(text: string, end: number): number {
  let at = end;
  for (;;) {
    const unit = text.charCodeAt(at);
    if (unit !== 44 && unit !== 45 && unit !== 46) return at;
    at++;
  }
}

/**
 * Marks (1 per unit of `text`) where a look-alike covers the text, in the clusters that hold a
 * long stretch. A stretch's pieces always share a cluster, however far apart.
 */
function lookAlikeMarks(
  text: string,
  starts: readonly number[],
  ends: readonly number[],
  stretches: readonly Stretch[],
): Uint8Array {
  const pieces: string[] = [];
  const windowStarts: number[] = [];
  const joinedStarts: number[] = [];
  let joined = 0;
  let stretch = 0;
  let k = 0;
  while (k < starts.length && stretch < stretches.length) {
    let last = k;
    let end = reach(text, ends[k] as number);
    for (;;) {
      const next = starts[last + 1];
      if (next === undefined) break;
      const current = stretches[stretch] as Stretch;
      const sameStretch = current.first <= last && last + 1 <= current.last;
      if (!sameStretch && next - end > BEFORE + AFTER) break;
      last++;
      end = reach(text, ends[last] as number);
    }

    let holdsStretch = false;
    while (stretch < stretches.length && (stretches[stretch] as Stretch).last <= last) {
      holdsStretch = true;
      stretch++;
    }
    if (holdsStretch) {
      const start = Math.max(0, (starts[k] as number) - BEFORE);
      const stop = Math.min(text.length, end + AFTER);
      pieces.push(text.slice(start, stop));
      windowStarts.push(start);
      joinedStarts.push(joined);
      joined += stop - start;
    }
    k = last + 1;
  }

  const marks = new Uint8Array(text.length);
  for (const span of findLookAlikes(pieces.join(''))) {
    // No match crosses from one window into the next (see BEFORE).
    const window = windowAt(joinedStarts, span.start);
    const shift = (windowStarts[window] as number) - (joinedStarts[window] as number);
    marks.fill(1, span.start + shift, span.end + shift);
  }
  return marks;
}

/** Index of the last window starting at or before joined offset `at`. */
function windowAt(joinedStarts: readonly number[], at: number): number {
  let low = 0;
  let high = joinedStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((joinedStarts[middle] as number) <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}
