import nacl from 'tweetnacl';
import { fromBase64UrlExact, toBase64Url } from '../encoding/bytes.js';
import { randomBytes } from '../crypto/random.js';

/**
 * The key roles of the network (docs/protocol.md has the full table):
 * - network root: Ed25519, signs the scheme directory; its public key is pinned by every client;
 * - scheme box key: X25519, receives sealed reports;
 * - scheme signing key: Ed25519, signs alerts, retractions and relay requests;
 * - members' alert key: 32-byte secretbox key per epoch, encrypts alerts for vetted members;
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

/** Creates a members' alert key for `epoch`. */
export function createMembersKey(epoch: number): MembersKey {
  return { epoch, key: randomBytes(nacl.secretbox.keyLength) };
}

/** The secrets a scheme's staff unlock: everything needed to read reports and publish alerts. */
export interface SchemeSecrets {
  scheme: string;
  box: KeyPair;
  signing: KeyPair;
  members: MembersKey[];
}

/** Creates fresh secrets for a scheme, sharing the network's current members' keys. */
export function createSchemeSecrets(scheme: string, members: MembersKey[]): SchemeSecrets {
  return { scheme, box: createBoxKeyPair(), signing: createSigningKeyPair(), members };
}

/** JSON form of scheme secrets (only ever stored wrapped, see staff-vault.ts). */
export interface SchemeSecretsJson {
  v: 1;
  scheme: string;
  boxSecretKey: string;
  signingSeed: string;
  members: { epoch: number; key: string }[];
}

/** Encodes scheme secrets for wrapping. */
export function schemeSecretsToJson(secrets: SchemeSecrets): SchemeSecretsJson {
  return {
    v: 1,
    scheme: secrets.scheme,
    boxSecretKey: toBase64Url(secrets.box.secretKey),
    signingSeed: toBase64Url(secrets.signing.secretKey.subarray(0, 32)),
    members: secrets.members.map((m) => ({ epoch: m.epoch, key: toBase64Url(m.key) })),
  };
}

/** Decodes scheme secrets; null if any key is malformed. */
export function schemeSecretsFromJson(json: unknown): SchemeSecrets | null {
  const value = json as Partial<SchemeSecretsJson> | null;
  if (!value || value.v !== 1 || typeof value.scheme !== 'string') return null;
  const boxSecret = fromBase64UrlExact(value.boxSecretKey, 32);
  const seed = fromBase64UrlExact(value.signingSeed, 32);
  if (!boxSecret || !seed || !Array.isArray(value.members)) return null;

  const members: MembersKey[] = [];
  for (const m of value.members) {
    const key = fromBase64UrlExact(m?.key, 32);
    if (!key || !Number.isSafeInteger(m.epoch)) return null;
    members.push({ epoch: m.epoch, key });
  }
  return {
    scheme: value.scheme,
    box: nacl.box.keyPair.fromSecretKey(boxSecret),
    signing: nacl.sign.keyPair.fromSeed(seed),
    members,
  };
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
