import type { CountryCode } from 'libphonenumber-js/core';
import { foldText, originalSpan } from './fold-text.js';
import { fastE164 } from './phone-fast-path.js';
import {
  plausibleLength,
  readWithLibrary,
  regionPlan,
  regionWritesBare,
  writtenWithoutPrefix,
} from './phone-library.js';
import { regionOf, type PhoneOptions } from './phone-options.js';
import { findCandidates } from './phone-candidates.js';
import { followsReferenceLabel, isInHexToken } from './phone-rejection.js';
import { findDigitRuns, type DigitGroup, type DigitRun } from './phone-runs.js';
import { foldSpelledDigits } from './spelled-digits.js';

/** A phone number found in a text: its UTF-16 offsets in the original text and its E.164. */
export interface FoundPhone {
  start: number;
  end: number;
  e164: string;
}

const MIN_DIGITS = 7;
const MAX_DIGITS = 17;
/** Links whose digits are a full international number written without "+". */
const INTERNATIONAL_LINK =
  /(?:wa\.me\/|whatsapp\.com\/send\/?\?phone=|phone=|viber:\/\/chat\?number=)(?:%2B|\+)?$/i;

/**
 * Finds every phone number in `text`, with positions, for the page scan. Folds Unicode digits,
 * invisible characters and spelled-out digits first, keeps only the stretches of text with
 * enough digits to hold a number, masks look-alikes there (dates, prices, IPs, postcodes,
 * references, hex ids), then hands only plausible digit runs to the metadata shortcut or
 * libphonenumber-js. Linear in the text. A number written without "+"/"00" must start with the
 * region's trunk prefix, its calling code or a bracketed area code, unless the country writes
 * such numbers bare (Chinese mobiles), so bare order numbers in a GB page are not flagged.
 *
 * @example findPhoneNumbers('Call 07700 900123 after 6') // [{ start: 5, end: 17, e164: '+447700900123' }]
 */
export function findPhoneNumbers(text: string, options?: PhoneOptions): FoundPhone[] {
  const region = regionOf(options);
  const folded = foldSpelledDigits(foldText(text));

  const { stretches, blocked } = findCandidates(folded.text, MIN_DIGITS);
  const found: FoundPhone[] = [];
  for (const { from, to } of stretches) {
    // Read each stretch's runs as it comes: holding every run of a page at once costs more.
    for (const run of findDigitRuns(folded.text, blocked, from, to)) {
      for (const match of numbersInRun(folded.text, run, region)) {
        const [start, end] = originalSpan(folded, match.start, match.end);
        found.push({ start, end, e164: match.e164 });
      }
    }
  }
  return found;
}

interface RunMatch {
  start: number;
  end: number;
  e164: string;
}

/**
 * `run` without a labelled reference at its start ("Ref: 1234 …") and without a first or last
 * group that belongs to a hex id glued to it ("…fc6a2 0044 7700 900856": the "2" is the id's;
 * only the end groups can touch letters). Null when nothing is left.
 */
function withoutHexEnds(text: string, run: DigitRun): DigitRun | null {
  let groups = run.groups;
  let { start, end, plus, bracketed } = run;
  const first = groups[0] as DigitGroup;
  if (followsReferenceLabel(text, run.start)) {
    // "Order no. 12-345 07700 900123": the reference runs to the first space.
    let skip = 1;
    while (skip < groups.length && !/\s/.test((groups[skip] as DigitGroup).separator)) skip++;
    groups = groups.slice(skip);
  } else if (isInHexToken(text, first.start, first.end)) {
    groups = groups.slice(1);
  }
  if (groups !== run.groups) {
    const next = groups[0];
    if (!next) return null;
    start = next.start;
    plus = false;
    bracketed = false;
  }
  const last = groups[groups.length - 1] as DigitGroup;
  if (groups.length > 0 && isInHexToken(text, last.start, last.end)) {
    groups = groups.slice(0, -1);
    const previous = groups[groups.length - 1];
    if (!previous) return null;
    end = previous.end;
  }
  return groups === run.groups ? run : { start, end, plus, bracketed, groups };
}

/** Prefix sums of digit counts: digits in groups [a, b] are sums[b + 1] - sums[a]. */
function digitSums(groups: readonly DigitGroup[]): number[] {
  // A plain array: allocating a typed array per run costs more than the run's whole scan.
  const sums = [0];
  for (let k = 0; k < groups.length; k++) {
    sums.push((sums[k] as number) + (groups[k] as DigitGroup).digits.length);
  }
  return sums;
}

/** Numbers in one run: the whole run when it has a phone's length, else a greedy split. */
function numbersInRun(text: string, whole: DigitRun, region: CountryCode): RunMatch[] {
  // Most runs are short (a price, a year): drop them before any look-around.
  let wholeDigits = 0;
  for (const group of whole.groups) wholeDigits += group.digits.length;
  if (wholeDigits < MIN_DIGITS) return [];

  const run = withoutHexEnds(text, whole);
  if (!run) return [];
  const { groups } = run;
  const sums = digitSums(groups);
  const total = sums[groups.length] as number;
  if (total < MIN_DIGITS) return [];

  // Link digits follow "/", "=", or an encoded plus; test the pattern only then.
  const before = text[run.start - 1];
  const link =
    (before === '/' || before === '=' || before === 'B' || before === 'b' || before === '+') &&
    INTERNATIONAL_LINK.test(text.slice(Math.max(0, run.start - 40), run.start));
  if (total <= MAX_DIGITS) {
    const e164 = readGroups(run, 0, groups.length - 1, region, link);
    if (e164) return [{ start: run.start, end: run.end, e164 }];
    if (groups.length === 1) return [];
  }

  // Too many digits for one number, or not one as a whole: a list such as "07700 900123 /
  // 07700 900124", or a number beside other figures ("page 4 of 59 07700 900123"). Split only
  // where a space, slash or line break separates groups, longest plausible number first.
  // At most three library calls per starting group keep hostile runs linear.
  const matches: RunMatch[] = [];
  let first = 0;
  // The last group a number starting at `first` could reach; only moves forward.
  let reach = 0;
  while (first < groups.length) {
    if (!mayStartNumber(run, first, region, link)) {
      first++;
      continue;
    }
    reach = Math.max(reach, first);
    while (
      reach + 1 < groups.length &&
      (sums[reach + 2] as number) - (sums[first] as number) <= MAX_DIGITS
    ) {
      reach++;
    }
    let matched = false;
    let attempts = 0;
    for (let last = reach; last >= first && attempts < 3; last--) {
      const digits = (sums[last + 1] as number) - (sums[first] as number);
      if (digits > MAX_DIGITS) continue;
      if (digits < MIN_DIGITS) break;
      const next = groups[last + 1];
      if (next && !/[\s/]/.test(next.separator)) continue;

      const e164 = readGroups(run, first, last, region, link, true);
      if (e164 === undefined) continue;
      attempts++;
      if (!e164) continue;
      const start = first === 0 ? run.start : (groups[first] as DigitGroup).start;
      matches.push({ start, end: (groups[last] as DigitGroup).end, e164 });
      first = last + 1;
      matched = true;
      break;
    }
    if (!matched) first++;
  }
  return matches;
}

/**
 * Whether a number may start at group `first` of a long run: after a space, slash or line break
 * (not mid-group like "…-123"), and, where the region always writes its trunk prefix, with
 * that prefix, "00" or the calling code. Cheap, so hostile runs ("1 1 1 …") skip most starts.
 */
function mayStartNumber(run: DigitRun, first: number, region: CountryCode, link: boolean): boolean {
  if (first === 0) {
    if (run.plus || run.bracketed || link) return true;
  } else if (!/[\s/]/.test((run.groups[first] as DigitGroup).separator)) {
    return false;
  }

  const plan = regionPlan(region);
  if (!plan.nationalPrefix || regionWritesBare(region)) return true;
  let head = '';
  for (let k = first; k < run.groups.length && head.length < 4; k++) {
    head += (run.groups[k] as DigitGroup).digits;
  }
  return (
    head.startsWith(plan.nationalPrefix) ||
    head.startsWith(plan.internationalPrefix) ||
    head.startsWith('00') ||
    head.startsWith(plan.callingCode)
  );
}

/** The E.164 of groups first..last of `run`, or null when they are not a phone number. */
function readGroups(
  run: DigitRun,
  first: number,
  last: number,
  region: CountryCode,
  link: boolean,
  screen = false,
): string | null | undefined {
  const plus = first === 0 && run.plus;
  let digits = '';
  for (let k = first; k <= last; k++) {
    const group = run.groups[k] as DigitGroup;
    // "+44 (0)7700 …": the bracketed trunk zero is not dialled from abroad.
    if (k > first && group.digits === '0' && group.separator.endsWith('(') && (plus || link)) {
      continue;
    }
    digits += group.digits;
  }

  const plan = regionPlan(region);
  let cleaned = digits;
  let bare = false;
  if (plus || (link && !digits.startsWith('0'))) {
    cleaned = `+${digits}`;
  } else if (
    !digits.startsWith(plan.internationalPrefix) &&
    !digits.startsWith('00') &&
    !(plan.nationalPrefix && digits.startsWith(plan.nationalPrefix)) &&
    !digits.startsWith(plan.callingCode) &&
    !(first === 0 && run.bracketed)
  ) {
    bare = true;
  }

  // Bare digits (no "+", "00", trunk prefix or bracket) count only where the country writes
  // such numbers bare; in a GB page they are order numbers far more often than phones.
  if (bare && plan.nationalPrefix && !regionWritesBare(region)) return null;
  // undefined: screened out without asking the library (only when splitting a long run).
  if (screen && !plausibleLength(cleaned, region)) return undefined;

  const fast = fastE164(cleaned, region, plan.plainInternationalPrefix);
  if (fast) return fast;
  const reading = readWithLibrary(cleaned, region);
  if (!reading.ok) return null;
  if (bare && !writtenWithoutPrefix(reading.e164, region)) return null;
  return reading.e164;
}
