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
const RUN = new RegExp(`\\b${TOKEN}(?:[\\s,.-]{1,3}${TOKEN}){2,}\\b`, 'gi');
const HAS_WORD = /\b(?:zero|oh|nought|nil|one|two|three|four|five|six|seven|eight|nine)\b/i;

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

/** Rewrites spelled-out digit runs in `folded.text`, composing the offset map. */
export function foldSpelledDigits(folded: FoldedText, minDigits = 7): FoldedText {
  const { text } = folded;
  if (!HAS_WORD.test(text)) return folded;

  const pieces: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let last = 0;
  const keep = (start: number, end: number) => {
    pieces.push(text.slice(start, end));
    for (let k = start; k < end; k++) {
      from.push(folded.from ? (folded.from[k] as number) : k);
      to.push(folded.to ? (folded.to[k] as number) : k + 1);
    }
  };
  let changed = false;

  for (const match of text.matchAll(RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    const digits = spell(match[0]);
    if (digits === null || digits.length < minDigits) continue;

    keep(last, start);
    changed = true;
    pieces.push(digits);
    const originStart = folded.from ? (folded.from[start] as number) : start;
    const originEnd = folded.to ? (folded.to[end - 1] as number) : end;
    for (let k = 0; k < digits.length; k++) {
      from.push(originStart);
      to.push(originEnd);
    }
    last = end;
  }
  if (!changed) return folded;

  keep(last, text.length);
  return { text: pieces.join(''), from: Int32Array.from(from), to: Int32Array.from(to) };
}
