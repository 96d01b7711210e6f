import { randomBytes } from '../crypto/random.js';

/**
 * Human-typable codes (invites, receipts): Crockford base32, groups of four, with two check
 * characters so a mistyped or swapped character is caught before anything is sent.
 *
 * Crockford's alphabet has no I, L, O or U; when reading we accept those as the digits they
 * are mistaken for (I, L → 1; O → 0) and ignore spaces, dashes and case.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_CHARS = 18;

/** A parsed code: its canonical spelling and the 90 bits of entropy in it. */
export interface Code {
  /** Canonical spelling, e.g. `K7QD-3MXP-9RTA-WF2H-8B5C`. */
  text: string;
  /** The data characters without separators or check characters. */
  data: string;
}

/** Creates a new random code (90 bits). */
export function createCode(): Code {
  const bytes = randomBytes(DATA_CHARS);
  let data = '';
  for (const byte of bytes) data += ALPHABET[byte & 31];
  return { data, text: format(data + checkChars(data)) };
}

/** Why a typed code was refused. */
export type CodeProblem = 'empty' | 'wrong-length' | 'bad-character' | 'typo';

/** Reads a code as typed; tells a typo from a wrong length so the UI can say what to fix. */
export function parseCode(
  typed: string,
): { ok: true; code: Code } | { ok: false; problem: CodeProblem } {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (cleaned.length === 0) return { ok: false, problem: 'empty' };
  if ([...cleaned].some((c) => !ALPHABET.includes(c)))
    return { ok: false, problem: 'bad-character' };
  if (cleaned.length !== DATA_CHARS + 2) return { ok: false, problem: 'wrong-length' };

  const data = cleaned.slice(0, DATA_CHARS);
  if (cleaned.slice(DATA_CHARS) !== checkChars(data)) return { ok: false, problem: 'typo' };
  return { ok: true, code: { data, text: format(cleaned) } };
}

function format(chars: string): string {
  return chars.match(/.{1,4}/g)!.join('-');
}

/**
 * Two check characters: a weighted sum modulo 1021 over the character values, with position
 * weights so that a swap of two neighbours changes the sum. Catches every single substitution and
 * every adjacent transposition of distinct characters.
 */
function checkChars(data: string): string {
  let sum = 0;
  for (let i = 0; i < data.length; i++)
    sum = (sum + (i + 1) * (ALPHABET.indexOf(data[i]!) + 1)) % 1021;
  return ALPHABET[(sum >> 5) & 31]! + ALPHABET[sum & 31]!;
}
