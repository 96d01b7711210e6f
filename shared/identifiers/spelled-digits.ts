import type { FoldedText } from './fold-text.js';

/**
 * Reads digits spelled out in English ("oh seven seven double oh nine …") as digits, the way
 * clients dictate numbers in texts to dodge filters. Internal to shared/identifiers.
 *
 * Only a run that yields at least `minDigits` digits (words, "double"/"triple" and digit groups
 * mixed) is rewritten, so ordinary prose ("one or two") is left alone.
 */

const WORD_DIGITS: Readonly<Record<string, string>> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  nil: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
const REPEAT: Readonly<Record<string, number>> = { double: 2, triple: 3, treble: 3 };

const WORD = 'zero|oh|o|nought|nil|one|two|three|four|five|six|seven|eight|nine';
const TOKEN = `(?:(?:double|triple|treble)[\\s-]+(?:${WORD})|${WORD}|\\d+)`;
const RUN_SOURCE = `\\b${TOKEN}(?:[\\s,.-]{1,3}${TOKEN}){2,}\\b`;
// Two number words in a row: the cheap test that lets ordinary prose ("one of them") skip the
// full pattern. The full pattern runs case-sensitive on a lower-cased copy: V8 runs it faster.
const PAIR_SOURCE = `\\b(?:zero|oh|nought|nil|one|two|three|four|five|six|seven|eight|nine|double|triple|treble)[\\s,.-]{1,3}(?:${WORD})\\b`;
const RUN = new RegExp(RUN_SOURCE, 'g');
const RUN_ANY_CASE = new RegExp(RUN_SOURCE, 'gi');
const PAIR_ANY_CASE = new RegExp(PAIR_SOURCE, 'i');

/** Digits a run of tokens spells, or null when the run has no spelled word in it. */
function spell(run: string): string | null {
  let digits = '';
  let sawWord = false;
  let repeat = 1;
  for (const token of run.toLowerCase().split(/[\s,.-]+/)) {
    if (token === '') continue;
    const times = REPEAT[token];
    if (times) {
      repeat = times;
      continue;
    }
    const digit = WORD_DIGITS[token];
    if (digit) {
      sawWord = true;
      digits += digit.repeat(repeat);
    } else {
      digits += token;
    }
    repeat = 1;
  }
  return sawWord ? digits : null;
}

/** Rewrites spelled-out digit runs in `folded.text`, as a new fold layered on `folded`. */
export function foldSpelledDigits(folded: FoldedText, minDigits = 7): FoldedText {
  const { text } = folded;
  // Most pages spell no digits: test for two number words in a row before copying the page
  // lower-cased. Any case here matches what the lower-cased copy would: in folded text no
  // letter lower-cases to ASCII at the same length (the Kelvin sign is folded to "K" already).
  if (!PAIR_ANY_CASE.test(text)) return folded;

  // Lower-casing keeps offsets unless a letter changes length ("İ"); then match any case.
  const lower = text.toLowerCase();
  const sameLength = lower.length === text.length;
  const subject = sameLength ? lower : text;

  const pieces: string[] = [];
  const editAt: number[] = [];
  const editLength: number[] = [];
  const originAt: number[] = [];
  const originLength: number[] = [];
  let copiedUpTo = 0;
  let foldedLength = 0;

  for (const match of subject.matchAll(sameLength ? RUN : RUN_ANY_CASE)) {
    const digits = spell(match[0]);
    if (digits === null || digits.length < minDigits) continue;

    pieces.push(text.slice(copiedUpTo, match.index), digits);
    foldedLength += match.index - copiedUpTo;
    editAt.push(foldedLength);
    editLength.push(digits.length);
    originAt.push(match.index);
    originLength.push(match[0].length);
    foldedLength += digits.length;
    copiedUpTo = match.index + match[0].length;
  }
  if (editAt.length === 0) return folded;
  pieces.push(text.slice(copiedUpTo));

  return {
    text: pieces.join(''),
    editAt: Int32Array.from(editAt),
    editLength: Int32Array.from(editLength),
    originAt: Int32Array.from(originAt),
    originLength: Int32Array.from(originLength),
    base: folded,
  };
}
