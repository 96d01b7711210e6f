import { describe, expect, it } from 'vitest';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import {
  createStaffVault,
  unlockStaffVault,
  type StaffVault,
} from '../../../shared/protocol/staff-vault.js';
import {
  addStaffMember,
  generateStaffPassphrase,
  removeStaffMember,
} from '../../../shared/staff/staff-members.js';
import { schemeSecrets } from './staff-fixtures.js';

const CHEAP = { logN: 10, r: 8, p: 1 };

describe('generateStaffPassphrase', () => {
  it('draws seven list words, differently each time, and refuses silly lengths', () => {
    const words = generateStaffPassphrase().split(' ');
    expect(words).toHaveLength(7);
    for (const word of words) expect(wordlist).toContain(word);
    expect(generateStaffPassphrase()).not.toBe(generateStaffPassphrase());
    expect(() => generateStaffPassphrase(5)).toThrow(RangeError);
  });
});

describe('addStaffMember and removeStaffMember', () => {
  it('stores a vault the new passphrase opens to the same scheme secrets', async () => {
    const secrets = schemeSecrets();
    const stored: StaffVault[] = [];
    const relay = {
      putStaffVault: async (_s: unknown, vault: StaffVault) => void stored.push(vault),
    };
    const added = await addStaffMember(relay, secrets, CHEAP);
    expect(stored[0]!.staff).toBe(added.staff);
    const opened = await unlockStaffVault(stored[0], added.passphrase);
    expect(opened.ok && opened.secrets.box.secretKey).toEqual(secrets.box.secretKey);
  });

  it('removes another member but never the caller own or the last vault', async () => {
    const secrets = schemeSecrets();
    const mine = await createStaffVault(
      secrets,
      'my own passphrase words',
      'AAAAAAAAAAAAAAAAAAAAAA',
      CHEAP,
    );
    const theirs = await createStaffVault(
      secrets,
      'their passphrase words',
      'BBBBBBBBBBBBBBBBBBBBBB',
      CHEAP,
    );
    const deleted: string[] = [];
    const relay = {
      deleteStaffVault: async (_s: unknown, staff: string) => void deleted.push(staff),
    };

    expect(await removeStaffMember(relay, secrets, [mine, theirs], mine.staff, mine.staff)).toEqual(
      { ok: false, reason: 'own-vault' },
    );
    expect(await removeStaffMember(relay, secrets, [theirs], mine.staff, theirs.staff)).toEqual({
      ok: false,
      reason: 'last-vault',
    });
    expect(
      await removeStaffMember(relay, secrets, [mine, theirs], mine.staff, theirs.staff),
    ).toEqual({ ok: true });
    expect(deleted).toEqual([theirs.staff]);
  });
});
