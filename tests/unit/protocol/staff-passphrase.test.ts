import { describe, expect, it } from 'vitest';
import {
  createStaffVault,
  normalizePassphrase,
  unlockStaffVault,
} from '../../../shared/protocol/staff-vault.js';
import { fixedId, north } from './fixtures.js';

/** Cheap scrypt so the table runs quickly; the cost does not change the normalisation. */
const COST = { logN: 10, r: 8, p: 1 };
const WORDS = 'correct horse battery staple ladder';

describe('normalizePassphrase', () => {
  it.each([
    [WORDS, WORDS],
    ['  correct horse battery staple ladder\n', WORDS],
    ['Correct horse battery staple ladder', WORDS],
    ['CORRECT HORSE BATTERY STAPLE LADDER', WORDS],
    ['correct  horse\tbattery \u00A0staple\r\nladder', WORDS],
    ['correct\u3000horse battery staple ladder', WORDS],
    ['ｃｏｒｒｅｃｔ horse battery staple ladder', WORDS],
  ])('%j becomes the generated form', (typed, expected) => {
    expect(normalizePassphrase(typed)).toBe(expected);
  });

  it('keeps word order and letters that matter', () => {
    expect(normalizePassphrase('horse correct battery staple ladder')).not.toBe(WORDS);
    expect(normalizePassphrase('correct horse battery staple ladders')).not.toBe(WORDS);
    expect(normalizePassphrase('correcthorse battery staple ladder')).not.toBe(WORDS);
  });
});

describe('staff vault passphrase as a phone types it', () => {
  it('unlocks with capitals, extra spaces and a trailing line break, not with words swapped', async () => {
    const vault = await createStaffVault(north, WORDS, fixedId(3), COST);
    for (const typed of [
      'Correct horse battery staple ladder ',
      ' correct  HORSE battery\nstaple ladder',
    ]) {
      const unlocked = await unlockStaffVault(vault, typed);
      expect(unlocked.ok).toBe(true);
    }
    const swapped = await unlockStaffVault(vault, 'horse correct battery staple ladder');
    expect(swapped).toEqual({ ok: false, reason: 'wrong-passphrase' });
  });

  it('derives the same key when the vault was made from an untidy passphrase', async () => {
    const vault = await createStaffVault(
      north,
      '  Correct Horse  battery staple ladder',
      fixedId(3),
      COST,
    );
    expect((await unlockStaffVault(vault, WORDS)).ok).toBe(true);
  });

  it('counts the length after normalising', async () => {
    await expect(createStaffVault(north, '   a b  c d e   f   ', fixedId(3), COST)).rejects.toThrow(
      RangeError,
    );
  });
});
