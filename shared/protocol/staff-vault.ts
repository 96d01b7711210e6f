import nacl from 'tweetnacl';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import {
  concatBytes,
  fromBase64UrlExact,
  fromUtf8,
  toBase64Url,
  utf8,
  wipe,
} from '../encoding/bytes.js';
import { hasExactKeys, isId, isInt, isSchemeId } from '../encoding/shape.js';
import { randomBytes } from '../crypto/random.js';
import { labelledHash } from '../crypto/hash.js';
import { schemeSecretsFromJson, schemeSecretsToJson, type SchemeSecrets } from './keys.js';

/**
 * Scheme secrets at rest, wrapped for one staff member with a key derived from their passphrase
 * by scrypt (memory-hard). Each staff member has their own vault; the relay stores vaults as
 * opaque blobs so a new staff device can fetch one, and can only brute-force it offline against
 * a generated passphrase (docs/protocol.md states the parameters and that limit).
 */
export interface StaffVault {
  v: 1;
  scheme: string;
  /** Random id of this staff member's vault (no name on the relay). */
  staff: string;
  kdf: { name: 'scrypt'; logN: number; r: number; p: number; salt: string };
  nonce: string;
  box: string;
}

/**
 * Default scrypt cost: 2^16 x 8 x 128 bytes = 64 MiB of memory per unlock. docs/protocol.md
 * gives the unlock time measured in Node and in Chromium on our machines.
 */
export const DEFAULT_KDF = { logN: 16, r: 8, p: 1 } as const;

/**
 * Most memory a vault may ask for (bytes). The relay serves vaults, so a hostile one could
 * otherwise ask a staff browser for gigabytes (logN 20, r 32) and crash it on unlock.
 */
export const MAX_KDF_MEMORY = 256 * 1024 * 1024;

/**
 * The passphrase as the key is derived from it, the same when a vault is made and unlocked:
 * NFKC (the same words from another keyboard layout), trimmed, every run of whitespace one
 * space (a phone's double space or a pasted line break), lowercase (a phone capitalises the
 * first word). Generated passphrases are already in this form (lowercase BIP-39 words, one
 * space apart), so vaults made before this rule still open. Case is ignored for any passphrase.
 *
 * @example normalizePassphrase(' Correct  horse\nBATTERY ') // 'correct horse battery'
 */
export function normalizePassphrase(passphrase: string): string {
  return passphrase.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** Wraps scheme secrets for a staff member. Throws if the passphrase is too short to be safe. */
export async function createStaffVault(
  secrets: SchemeSecrets,
  passphrase: string,
  staff: string,
  cost: { logN: number; r: number; p: number } = DEFAULT_KDF,
): Promise<StaffVault> {
  const { vault, staffSeed } = await createOwnStaffVault(secrets, passphrase, staff, cost);
  wipe(staffSeed);
  return vault;
}

/**
 * Like createStaffVault, for the staff member who will use it (a new passphrase of their own):
 * also returns the journal seed the passphrase yields, as unlocking would, without a second
 * key derivation. The caller wipes the seed when done with it.
 */
export async function createOwnStaffVault(
  secrets: SchemeSecrets,
  passphrase: string,
  staff: string,
  cost: { logN: number; r: number; p: number } = DEFAULT_KDF,
): Promise<{ vault: StaffVault; staffSeed: Uint8Array }> {
  if (typeof passphrase !== 'string' || normalizePassphrase(passphrase).length < 12) {
    throw new RangeError('createStaffVault: passphrase must be at least 12 characters');
  }
  if (!isId(staff)) throw new TypeError('createStaffVault: staff must be a 16-byte base64url id');
  if (!isAffordableCost(cost)) throw new RangeError('createStaffVault: KDF cost out of range');
  const header = {
    v: 1 as const,
    scheme: secrets.scheme,
    staff,
    kdf: { name: 'scrypt' as const, ...cost, salt: toBase64Url(randomBytes(16)) },
  };
  const { key, staffSeed } = await deriveKeys(passphrase, header);
  const plaintext = utf8(canonicalJson(schemeSecretsToJson(secrets)));
  const nonce = randomBytes(24);
  const box = nacl.secretbox(plaintext, nonce, key);
  wipe(key, plaintext);

  return { vault: { ...header, nonce: toBase64Url(nonce), box: toBase64Url(box) }, staffSeed };
}

/** The outcome of unlocking a vault. */
export type VaultUnlock =
  | {
      ok: true;
      secrets: SchemeSecrets;
      /**
       * 32 bytes only this passphrase yields (a labelled hash of the same scrypt output, label
       * `staff-journal-seed`): the seed of this staff member's journal signing key
       * (staff-journal.ts), which colleagues holding the same scheme secrets cannot derive.
       */
      staffSeed: Uint8Array;
    }
  | { ok: false; reason: 'wrong-passphrase' | 'malformed' };

/** Unlocks a vault. A wrong passphrase is an expected outcome, never an exception. */
export async function unlockStaffVault(vault: unknown, passphrase: string): Promise<VaultUnlock> {
  if (typeof passphrase !== 'string') throw new TypeError('unlockStaffVault: passphrase');
  if (!isStaffVault(vault)) return { ok: false, reason: 'malformed' };
  const nonce = fromBase64UrlExact(vault.nonce, 24)!;
  const box = fromBase64UrlExact(vault.box, (vault.box.length * 3) >> 2);
  if (!box) return { ok: false, reason: 'malformed' };

  const { v, scheme, staff, kdf } = vault;
  const { key, staffSeed } = await deriveKeys(passphrase, { v, scheme, staff, kdf });
  const opened = nacl.secretbox.open(box, nonce, key);
  wipe(key);
  if (!opened) {
    wipe(staffSeed);
    return { ok: false, reason: 'wrong-passphrase' };
  }

  const text = fromUtf8(opened);
  wipe(opened);
  const secrets = schemeSecretsFromJson(text === null ? null : parseJson(text));
  if (!secrets || secrets.scheme !== vault.scheme) {
    wipe(staffSeed);
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, secrets, staffSeed };
}

/** True when `value` has the shape of a staff vault. */
export function isStaffVault(value: unknown): value is StaffVault {
  if (!hasExactKeys(value, ['v', 'scheme', 'staff', 'kdf', 'nonce', 'box'])) return false;
  const { kdf } = value;
  return (
    value.v === 1 &&
    isSchemeId(value.scheme) &&
    isId(value.staff) &&
    hasExactKeys(kdf, ['name', 'logN', 'r', 'p', 'salt']) &&
    kdf.name === 'scrypt' &&
    isAffordableCost(kdf) &&
    fromBase64UrlExact(kdf.salt, 16) !== null &&
    fromBase64UrlExact(value.nonce, 24) !== null &&
    typeof value.box === 'string' &&
    value.box.length < 8000
  );
}

function isAffordableCost(cost: { [field: string]: unknown }): boolean {
  return (
    isInt(cost.logN, 10, 20) &&
    isInt(cost.r, 1, 32) &&
    isInt(cost.p, 1, 4) &&
    128 * (cost.r as number) * 2 ** (cost.logN as number) <= MAX_KDF_MEMORY
  );
}

/**
 * The wrapping key: scrypt of the passphrase, then hashed with the vault's header (scheme, staff
 * id, KDF parameters), so a relay that relabels a vault or edits its parameters gets a vault
 * that no longer opens instead of one that opens under a name it chose. The staff seed is a
 * second labelled hash of the same input: one scrypt run gives both, and neither reveals the
 * other.
 */
async function deriveKeys(
  passphrase: string,
  header: Pick<StaffVault, 'v' | 'scheme' | 'staff' | 'kdf'>,
): Promise<{ key: Uint8Array; staffSeed: Uint8Array }> {
  const { kdf } = header;
  const secret = utf8(normalizePassphrase(passphrase));
  const stretched = await scryptAsync(secret, fromBase64UrlExact(kdf.salt, 16)!, {
    N: 2 ** kdf.logN,
    r: kdf.r,
    p: kdf.p,
    dkLen: 32,
    maxmem: 2 ** (kdf.logN + 7) * kdf.r + 1024 * 1024,
  }).finally(() => wipe(secret));
  const input = concatBytes(stretched, utf8(canonicalJson(header)));
  const key = labelledHash('staff-vault-key', input);
  const staffSeed = labelledHash('staff-journal-seed', input, 32);
  wipe(stretched, input);
  return { key, staffSeed };
}
