import nacl from 'tweetnacl';
import { fromBase64UrlExact, requireBytes, toBase64Url, wipe } from '../encoding/bytes.js';
import { hasExactKeys, isInt, isListOf, isSchemeId } from '../encoding/shape.js';
import { randomBytes } from '../crypto/random.js';

/**
 * The key roles of the network (docs/protocol.md has the full table):
 * - network root: Ed25519, signs the scheme directory; its public key is pinned by every client;
 * - scheme box key: X25519, receives sealed reports;
 * - scheme signing key: Ed25519, signs alerts, retractions and relay requests;
 * - members' alert key: 32-byte secretbox key per epoch, encrypts alerts for vetted members;
 * - worker device key: X25519, made by a worker's extension, receives new members' key epochs;
 * - matching key: 32-byte HMAC key held by schemes' staff only, makes blind matching tokens;
 * - reporter reply key: X25519, derived from the receipt code, lets staff answer anonymously.
 */

/** An Ed25519 or X25519 key pair as raw bytes. */
export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** A members' alert key with the epoch it belongs to. */
export interface MembersKey {
  epoch: number;
  key: Uint8Array;
}

/** Creates an Ed25519 signing key pair from the secure random source. */
export function createSigningKeyPair(): KeyPair {
  return nacl.sign.keyPair.fromSeed(randomBytes(32));
}

/** Creates an X25519 box key pair from the secure random source. */
export function createBoxKeyPair(): KeyPair {
  return nacl.box.keyPair.fromSecretKey(randomBytes(32));
}

/** Highest members' key epoch (epochs are small integers that only go up). */
export const MAX_EPOCH = 1_000_000;

/** Creates a members' alert key for `epoch`. */
export function createMembersKey(epoch: number): MembersKey {
  if (!isInt(epoch, 0, MAX_EPOCH)) throw new RangeError('createMembersKey: bad epoch');
  return { epoch, key: randomBytes(nacl.secretbox.keyLength) };
}

/**
 * Creates the key of the next epoch (one above the highest held). Staff seal it to every member
 * device that should keep reading (key-grant.ts); a member left out, for instance one found to be
 * a perpetrator, cannot read alerts sealed from then on. Old epochs are kept so that alerts
 * already published stay readable.
 */
export function rotateMembersKey(keys: readonly MembersKey[]): MembersKey {
  const highest = keys.reduce((max, k) => Math.max(max, k.epoch), -1);
  return createMembersKey(highest + 1);
}

/**
 * Adds a received members' key to those held. The same epoch with a different key is a conflict
 * (two schemes rotated at once, or a forgery the signature did not catch): the key already held
 * is kept and the conflict reported, never silently replaced.
 */
export function addMembersKey(
  keys: readonly MembersKey[],
  incoming: MembersKey,
): { ok: true; keys: MembersKey[]; added: boolean } | { ok: false; reason: 'conflict' } {
  requireBytes(incoming?.key, nacl.secretbox.keyLength, 'addMembersKey: key');
  const held = keys.find((k) => k.epoch === incoming.epoch);
  if (!held) {
    const added = [...keys, incoming].sort((a, b) => a.epoch - b.epoch);
    return { ok: true, keys: added, added: true };
  }
  const same = held.key.length === incoming.key.length && nacl.verify(held.key, incoming.key);
  return same ? { ok: true, keys: [...keys], added: false } : { ok: false, reason: 'conflict' };
}

/** The secrets a scheme's staff unlock: everything needed to read reports and publish alerts. */
export interface SchemeSecrets {
  scheme: string;
  box: KeyPair;
  signing: KeyPair;
  members: MembersKey[];
  /**
   * The network's matching key (matching-token.ts), held by schemes' staff only. Optional: vaults
   * made before it existed open without it, and a scheme not yet given it makes no tokens.
   */
  matchingKey?: Uint8Array;
}

/** Creates fresh secrets for a scheme, sharing the network's current members' keys. */
export function createSchemeSecrets(
  scheme: string,
  members: MembersKey[],
  matchingKey?: Uint8Array,
): SchemeSecrets {
  if (matchingKey !== undefined) requireBytes(matchingKey, 32, 'createSchemeSecrets: matching key');
  for (const m of members) requireBytes(m?.key, 32, 'createSchemeSecrets: members key');
  const secrets: SchemeSecrets = {
    scheme,
    box: createBoxKeyPair(),
    signing: createSigningKeyPair(),
    members,
  };
  if (matchingKey !== undefined) secrets.matchingKey = matchingKey;
  return secrets;
}

/**
 * Overwrites every secret in `secrets` (staff lock, or the session ends). JavaScript cannot
 * promise no copy survives elsewhere (strings, engine internals); this clears the copies we hold.
 */
export function wipeSchemeSecrets(secrets: SchemeSecrets): void {
  wipe(secrets.box.secretKey, secrets.signing.secretKey, secrets.matchingKey);
  for (const m of secrets.members) wipe(m.key);
}

/** JSON form of scheme secrets (only ever stored wrapped, see staff-vault.ts). */
export interface SchemeSecretsJson {
  v: 1;
  scheme: string;
  boxSecretKey: string;
  signingSeed: string;
  members: { epoch: number; key: string }[];
  /** Present only when the scheme holds the matching key, so older vaults read the same. */
  matchingKey?: string;
}

/** Encodes scheme secrets for wrapping. */
export function schemeSecretsToJson(secrets: SchemeSecrets): SchemeSecretsJson {
  requireBytes(secrets.box.secretKey, 32, 'schemeSecretsToJson: box secret key');
  requireBytes(secrets.signing.secretKey, 64, 'schemeSecretsToJson: signing secret key');
  const json: SchemeSecretsJson = {
    v: 1,
    scheme: secrets.scheme,
    boxSecretKey: toBase64Url(secrets.box.secretKey),
    signingSeed: toBase64Url(secrets.signing.secretKey.subarray(0, 32)),
    members: secrets.members.map((m) => ({
      epoch: m.epoch,
      key: toBase64Url(requireBytes(m.key, 32, 'schemeSecretsToJson: members key')),
    })),
  };
  if (secrets.matchingKey !== undefined) {
    json.matchingKey = toBase64Url(
      requireBytes(secrets.matchingKey, 32, 'schemeSecretsToJson: matching key'),
    );
  }
  return json;
}

/** Decodes scheme secrets; null if a field is unknown or missing or any key is malformed. */
export function schemeSecretsFromJson(json: unknown): SchemeSecrets | null {
  const required = ['v', 'scheme', 'boxSecretKey', 'signingSeed', 'members'];
  if (!hasExactKeys(json, required, ['matchingKey'])) return null;
  if (json.v !== 1 || !isSchemeId(json.scheme)) return null;
  const boxSecret = fromBase64UrlExact(json.boxSecretKey, 32);
  const seed = fromBase64UrlExact(json.signingSeed, 32);
  const matchingKey =
    json.matchingKey === undefined ? undefined : fromBase64UrlExact(json.matchingKey, 32);
  const listed = isListOf(
    json.members,
    1000,
    (m): m is { epoch: number; key: string } =>
      hasExactKeys(m, ['epoch', 'key']) &&
      isInt(m.epoch, 0, MAX_EPOCH) &&
      fromBase64UrlExact(m.key, 32) !== null,
  );
  if (!boxSecret || !seed || matchingKey === null || !listed) return null;

  const secrets: SchemeSecrets = {
    scheme: json.scheme,
    box: nacl.box.keyPair.fromSecretKey(boxSecret),
    signing: nacl.sign.keyPair.fromSeed(seed),
    members: (json.members as { epoch: number; key: string }[]).map((m) => ({
      epoch: m.epoch,
      key: fromBase64UrlExact(m.key, 32)!,
    })),
  };
  wipe(boxSecret, seed);
  if (matchingKey) secrets.matchingKey = matchingKey;
  return secrets;
}

/** The members' key with the highest epoch: the one new alerts are encrypted with. */
export function currentMembersKey(keys: readonly MembersKey[]): MembersKey {
  const current = keys.reduce<MembersKey | undefined>(
    (best, k) => (!best || k.epoch > best.epoch ? k : best),
    undefined,
  );
  if (!current) throw new Error('No members key: this scheme cannot publish alerts yet.');
  return current;
}
