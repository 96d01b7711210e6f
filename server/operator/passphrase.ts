import { randomBytes } from 'node:crypto';
import { wordlist } from '@scure/bip39/wordlists/english.js';

/** Words in a generated staff passphrase: 7 x 11 bits = 77 bits against offline guessing. */
export const PASSPHRASE_WORDS = 7;

/**
 * Generates a staff passphrase of common English words (BIP-39 list: 2048 words, the first four
 * letters of each are unique, so a typo is easy to spot). Each word takes 11 bits of a fresh
 * random 16-bit value; 2048 divides 65536, so there is no modulo bias.
 */
export function generatePassphrase(words = PASSPHRASE_WORDS): string {
  if (!Number.isSafeInteger(words) || words < 6 || words > 24) {
    throw new RangeError('generatePassphrase: words must be between 6 and 24');
  }
  const random = randomBytes(words * 2);
  const chosen: string[] = [];
  for (let i = 0; i < words; i++) chosen.push(wordlist[random.readUInt16BE(i * 2) & 2047]!);
  random.fill(0);
  return chosen.join(' ');
}
