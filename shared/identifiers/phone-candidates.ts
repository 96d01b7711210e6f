import { findLookAlikes } from './phone-rejection.js';
import { isSeparator } from './phone-runs.js';

/**
 * The page scan's pre-filter: the digit runs of a folded text that could hold a phone number,
 * with look-alikes (dates, prices, IPs, …) cut out of them, found without walking the whole
 * text unit by unit or running the look-alike patterns over all of it. Internal to
 * shared/identifiers.
 *
 * Reading its stretches with `findDigitRuns` gives exactly the runs of `findDigitRuns(text,
 * blocked)`, with every span of `findLookAlikes(text)` blocked, that lie in a *stretch* with at
 * least `minDigits` digits (a unit test holds the two equal):
 *
 * 1. A stretch is a digit and the units around it that a run may hold (digits, separators,
 *    O/o/I/l), found by native regex searches; no run reaches outside one. A stretch with fewer
 *    than `minDigits` digits and letters holds no run that long, so no number: most of a page's
 *    digits (prices, years, times) stop here.
 * 2. Stretches less than BEFORE + AFTER apart form a *cluster*. Every look-alike match holds a
 *    digit and reaches only a few units past its digits (see BEFORE), so in a window of a
 *    cluster's text the matches, and what their look-arounds see, are the same as in the whole
 *    text. The windows of the clusters that hold a long stretch are joined and searched once.
 * 3. The long stretches are split into runs with those matches blocked.
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

/** A digit and what follows it in a stretch: digits, the separators of phone-runs.ts, O/o/I/l. */
const STRETCH = /\d[\dOoIl \t\n\r.\-/()]*/g;

/** A long stretch of the text, [from, to): a unit-by-unit walk would enter it at `from`. */
export interface Stretch {
  from: number;
  to: number;
}

/** What the scan reads: `findDigitRuns(text, blocked, from, to)` for each stretch, in order. */
export interface Candidates {
  stretches: Stretch[];
  /** 1 where a look-alike covers the text (only near the stretches), per unit; empty if none. */
  blocked: Uint8Array;
}

const NO_MARKS = new Uint8Array(0);
const NONE: Candidates = { stretches: [], blocked: NO_MARKS };

/** The stretches of `text` (folded) with at least `minDigits` digits, and look-alikes to block. */
export function findCandidates(text: string, minDigits: number): Candidates {
  const stretches: Stretch[] = [];
  const windows: string[] = [];
  const windowStarts: number[] = [];
  // The open cluster: its first digit, where its look-alikes could end, whether it holds a
  // long stretch.
  let clusterStart = -1;
  let clusterReach = -1;
  let clusterHoldsLong = false;

  // One native search per stretch (a page can hold 50,000), and no match objects: the walk
  // back from its end finds where it starts and counts its digits.
  STRETCH.lastIndex = 0;
  while (STRETCH.test(text)) {
    const to = STRETCH.lastIndex;

    // Back to the last unit before it that no run holds (a walk would enter it there): the
    // search began after such a unit, and no digit lies between that unit and the match.
    let from = to;
    let first = to;
    let count = 0;
    for (;;) {
      const unit = from > 0 ? text.charCodeAt(from - 1) : -1;
      if (isDigit(unit)) first = from - 1;
      else if (!mayJoin(unit)) break;
      if (isDigit(unit) || isLetterDigit(unit)) count++;
      from--;
    }
    const long = count >= minDigits;
    if (long) stretches.push({ from, to });

    if (clusterStart >= 0 && first - clusterReach > BEFORE + AFTER) {
      if (clusterHoldsLong) addWindow(text, clusterStart, clusterReach, windows, windowStarts);
      clusterStart = -1;
      clusterHoldsLong = false;
    }
    if (clusterStart < 0) clusterStart = first;
    clusterReach = reach(text, to);
    clusterHoldsLong ||= long;
  }
  if (clusterHoldsLong) addWindow(text, clusterStart, clusterReach, windows, windowStarts);
  if (stretches.length === 0) return NONE;

  return { stretches, blocked: lookAlikeMarks(text, windows, windowStarts) };
}

/** Adds the window of the cluster from digit `start` to `reach`, with its margins. */
function addWindow(
  text: string,
  start: number,
  reach: number,
  windows: string[],
  windowStarts: number[],
): void {
  const from = Math.max(0, start - BEFORE);
  windows.push(text.slice(from, Math.min(text.length, reach + AFTER)));
  windowStarts.push(from);
}

/** O/o/I/l, which stand for digits inside a run. */
function isLetterDigit(unit: number): boolean {
  return unit === 79 || unit === 111 || unit === 73 || unit === 108;
}

/** A unit a run may hold besides digits: a separator or O/o/I/l (as in STRETCH). */
function mayJoin(unit: number): boolean {
  return isSeparator(unit) || isLetterDigit(unit);
}

/**
 * Where the look-alikes of a stretch ending at `to` could end: after its last digit and the
 * dots, commas and dashes that follow that digit.
 */
function reach(text: string, to: number): number {
  let at = to;
  while (!isDigit(text.charCodeAt(at - 1))) at--;
  for (;;) {
    const unit = text.charCodeAt(at);
    if (unit !== 44 && unit !== 45 && unit !== 46) return at;
    at++;
  }
}

function isDigit(unit: number): boolean {
  return unit >= 48 && unit <= 57;
}

/** Marks (1 per unit of `text`) where a look-alike covers the text, searched in `windows`. */
function lookAlikeMarks(
  text: string,
  windows: readonly string[],
  windowStarts: readonly number[],
): Uint8Array {
  const joinedStarts: number[] = [];
  let joined = 0;
  for (const window of windows) {
    joinedStarts.push(joined);
    joined += window.length;
  }

  const spans = findLookAlikes(windows.length === 1 ? (windows[0] as string) : windows.join(''));
  // Most short texts (one block of a page) hold no look-alike: nothing to mark.
  if (spans.length === 0) return NO_MARKS;

  const marks = new Uint8Array(text.length);
  for (const span of spans) {
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
