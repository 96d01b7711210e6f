/**
 * Deterministic page-like text for the identifier bench: about 2 MB of prose with ~5,000
 * fictional phone numbers (Ofcom drama ranges only) written many ways, and thousands of other
 * digit runs that must not be read as numbers (dates, times, prices, order numbers, postcodes,
 * IPs, hex ids, years, counts). Returns the text and the E.164 of every number planted in it.
 */

/** Small seeded PRNG (mulberry32) so every run measures the same text. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a and to of in for on with at by from up about into over after new good time day ' +
  'call text ring message booking available tonight incall outcall discreet friendly hotel ' +
  'central station parking please only genuine no withheld numbers visit late early week'
).split(' ');

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A drama-range number (07700 900xxx or 020 7946 0xxx) in one of many written forms. */
function plantNumber(random: () => number): { written: string; e164: string } {
  const tail = Math.floor(random() * 1000);
  const london = random() < 0.2;
  const national = london ? `2079460${pad(tail, 3)}` : `7700900${pad(tail, 3)}`;
  const e164 = `+44${national}`;
  const a = london ? '20' : '7700';
  const b = london ? `7946 0${pad(tail, 3)}` : `900${pad(tail, 3)}`;
  const bDash = b.replace(' ', '-');
  const forms = [
    `0${a} ${b}`,
    `0${national}`,
    `+44 ${a} ${b}`,
    `+44 (0)${a} ${b}`,
    `0044 ${a} ${b}`,
    `(0${a}) ${b}`,
    `0${a}-${bDash}`,
    `0${a}.${b.replace(' ', '.')}`,
    `+44${national}`,
    `tel:+44${national}`,
  ];
  return { written: forms[Math.floor(random() * forms.length)] as string, e164 };
}

/** A digit run that is not a phone number. */
function plantDecoy(random: () => number): string {
  const n = (max: number) => Math.floor(random() * max);
  const decoys = [
    () => `${pad(1 + n(28), 2)}/${pad(1 + n(12), 2)}/20${pad(n(30), 2)}`,
    () => `20${pad(n(30), 2)}-${pad(1 + n(12), 2)}-${pad(1 + n(28), 2)}`,
    () => `${pad(n(24), 2)}:${pad(n(60), 2)}`,
    () => `£${1 + n(900)}`,
    () => `£${1 + n(9)},${pad(n(1000), 3)}.${pad(n(100), 2)}`,
    () => `Order #${100000000 + n(899999999)}`,
    () => `Ref: ${1000000000 + n(899999999)}`,
    () => `${100 + n(155)}.${n(256)}.${n(256)}.${n(256)}`,
    () => `SW${1 + n(20)} ${1 + n(9)}AB`,
    () => `id ${n(0xffffff).toString(16)}a${n(0xffffff).toString(16)}f${n(0xffff).toString(16)}`,
    () => `${1990 + n(40)}`,
    () => `${n(1000)} views`,
    () => `${1 + n(99)} years`,
    () => `page ${n(50)} of ${50 + n(50)}`,
    () => `${1000000000 + n(899999999)}`,
  ];
  return (decoys[n(decoys.length)] as () => string)();
}

/** The bench text: ~`bytes` long, one planted number per ~`bytes / numbers` characters. */
export function benchText(
  bytes = 2_000_000,
  numbers = 5_000,
  seed = 7,
): { text: string; planted: string[]; decoys: number } {
  const random = seededRandom(seed);
  const parts: string[] = [];
  const planted: string[] = [];
  let length = 0;
  let decoys = 0;
  const numberEvery = bytes / numbers;
  let nextNumber = numberEvery / 2;

  while (length < bytes) {
    let piece: string;
    if (length >= nextNumber) {
      const { written, e164 } = plantNumber(random);
      planted.push(e164);
      piece = written;
      nextNumber += numberEvery;
    } else if (random() < 0.03) {
      piece = plantDecoy(random);
      decoys++;
    } else {
      piece = WORDS[Math.floor(random() * WORDS.length)] as string;
    }
    const glue = random() < 0.08 ? '.\n' : random() < 0.1 ? ', ' : ' ';
    parts.push(piece, glue);
    length += piece.length + glue.length;
  }
  return { text: parts.join(''), planted, decoys };
}

// Lower-case Latin letters and the Cyrillic letters that stand in for them, position by position.
const LATIN = 'abcdefghijklmnopqrstuvwxyz';
const CYRILLIC = 'абцдефгхийклмнопярстувшхыз';

/**
 * The same page with its lower-case Latin letters swapped for Cyrillic ones: a page in a
 * non-Latin script, whose every letter the scan must fold (to itself) or pass over.
 */
export function inCyrillic(text: string): string {
  return text.replace(/[a-z]/g, (letter) => CYRILLIC[LATIN.indexOf(letter)] as string);
}
