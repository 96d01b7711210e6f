import { wordlist } from '@scure/bip39/wordlists/english.js';
import { createStaffVault, DEFAULT_KDF, type StaffVault } from '../protocol/staff-vault.js';
import type { SchemeSecrets } from '../protocol/keys.js';
import { toBase64Url, wipe } from '../encoding/bytes.js';
import { randomBytes } from '../crypto/random.js';
import type { RelayClient } from '../relay-client.js';

/**
 * Staff members of a scheme: each has their own vault (the scheme secrets wrapped by their own
 * passphrase) on the relay, under a random id with no name. Adding one wraps the secrets this
 * staff member already holds unlocked for the new person; removing one deletes their vault so a
 * new device cannot unlock with it.
 *
 * Removing a vault does not take back keys the person already saw: for someone who left on bad
 * terms the operator must re-key the scheme (`npm run operator -- rekey-scheme`), which issues
 * new keys, re-signs the directory and gives the remaining staff new vaults.
 */

/** Words in a generated passphrase: 7 x 11 bits = 77 bits, as the operator's own. */
export const STAFF_PASSPHRASE_WORDS = 7;

/**
 * A passphrase of common English words (BIP-39 list). Each word takes 11 bits of a fresh random
 * 16-bit value; 2048 divides 65536, so there is no modulo bias.
 */
export function generateStaffPassphrase(words = STAFF_PASSPHRASE_WORDS): string {
  if (!Number.isSafeInteger(words) || words < 6 || words > 24) {
    throw new RangeError('generateStaffPassphrase: words must be between 6 and 24');
  }
  const random = randomBytes(words * 2);
  const chosen: string[] = [];
  for (let i = 0; i < words; i++) {
    chosen.push(wordlist[((random[i * 2]! << 8) | random[i * 2 + 1]!) & 2047]!);
  }
  wipe(random);
  return chosen.join(' ');
}

/**
 * Adds a staff member: a new vault for the unlocked secrets under a generated passphrase, stored
 * on the relay. Returns the passphrase to hand over once (in person), and the vault id.
 * Throws RelayError when the relay refuses or is offline.
 */
export async function addStaffMember(
  relay: Pick<RelayClient, 'putStaffVault'>,
  secrets: SchemeSecrets,
  cost: { logN: number; r: number; p: number } = DEFAULT_KDF,
): Promise<{ passphrase: string; staff: string }> {
  const passphrase = generateStaffPassphrase();
  const staff = toBase64Url(randomBytes(16));
  const vault = await createStaffVault(secrets, passphrase, staff, cost);
  await relay.putStaffVault(secrets, vault);
  return { passphrase, staff };
}

/** Why a staff member was not removed. */
export type RemoveRefusal = 'own-vault' | 'last-vault';

/**
 * Removes another staff member's vault. Refuses to remove the caller's own vault or the last
 * one (the scheme would be locked out of its own keys). Throws RelayError on relay trouble.
 */
export async function removeStaffMember(
  relay: Pick<RelayClient, 'deleteStaffVault'>,
  secrets: SchemeSecrets,
  vaults: readonly StaffVault[],
  ownStaff: string,
  staff: string,
): Promise<{ ok: true } | { ok: false; reason: RemoveRefusal }> {
  if (staff === ownStaff) return { ok: false, reason: 'own-vault' };
  if (vaults.filter((v) => v.staff !== staff).length === 0)
    return { ok: false, reason: 'last-vault' };
  await relay.deleteStaffVault(secrets, staff);
  return { ok: true };
}
