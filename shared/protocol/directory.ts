import { fromBase64UrlExact, requireBytes, toBase64Url } from '../encoding/bytes.js';
import {
  hasExactKeys,
  isInt,
  isListOf,
  isOneOf,
  isSchemeId,
  isText,
  type Fields,
} from '../encoding/shape.js';
import { signValue, verifyValue } from '../crypto/signing.js';
import { isAcceptableSigningKey } from '../crypto/ed25519-checks.js';
import { isAcceptableBoxKey } from '../crypto/x25519-checks.js';

/**
 * The scheme directory: which schemes exist, their keys and regions, and whether they are active.
 * Signed by the network root key. Clients pin the root public key, refuse a version lower than
 * one they have seen (rollback), and refuse unknown fields.
 */

/** One scheme as the directory lists it. */
export interface DirectoryScheme {
  id: string;
  name: string;
  regions: string[];
  /** X25519 public key that reports are sealed to (base64url). */
  boxKey: string;
  /** Ed25519 public key that signs the scheme's alerts and requests (base64url). */
  signingKey: string;
  status: 'active' | 'suspended';
}

/** The directory's signed content. */
export interface Directory {
  v: 1;
  network: string;
  version: number;
  issuedAt: number;
  schemes: DirectoryScheme[];
}

/** A directory with the root's signature, as the relay serves it. */
export interface SignedDirectory {
  directory: Directory;
  signature: string;
}

const LABEL = 'directory';

/** Signs a directory with the 64-byte root secret key. */
export function signDirectory(directory: Directory, rootSecretKey: Uint8Array): SignedDirectory {
  if (!isDirectory(directory)) throw new TypeError('signDirectory: malformed directory');
  return { directory, signature: toBase64Url(signValue(LABEL, directory, rootSecretKey)) };
}

/** Why a directory was refused. */
export type DirectoryRejection = 'malformed' | 'bad-signature' | 'rollback';

/** The result of checking a served directory. */
export type DirectoryCheck =
  { ok: true; directory: Directory } | { ok: false; reason: DirectoryRejection };

/**
 * Verifies a directory against the pinned root public key and the highest version this client
 * has already accepted (0 if none).
 */
export async function verifyDirectory(
  signed: unknown,
  rootPublicKey: Uint8Array,
  lowestVersion = 0,
): Promise<DirectoryCheck> {
  requireBytes(rootPublicKey, 32, 'verifyDirectory: root public key');
  if (!Number.isSafeInteger(lowestVersion)) throw new TypeError('verifyDirectory: bad version');
  if (!hasExactKeys(signed, ['directory', 'signature'])) return { ok: false, reason: 'malformed' };
  const signature = fromBase64UrlExact(signed.signature, 64);
  if (!signature || !isDirectory(signed.directory)) return { ok: false, reason: 'malformed' };

  const ok = await verifyValue(LABEL, signed.directory, signature, rootPublicKey);
  if (!ok) return { ok: false, reason: 'bad-signature' };
  if (signed.directory.version < lowestVersion) return { ok: false, reason: 'rollback' };
  return { ok: true, directory: signed.directory };
}

/** Finds a scheme in a verified directory. */
export function findScheme(directory: Directory, id: string): DirectoryScheme | undefined {
  return directory.schemes.find((s) => s.id === id);
}

/**
 * True when `value` is a well-formed directory: known fields only, unique scheme ids, and keys
 * that are canonical and not of small order (a small-order box key would let anyone open the
 * reports sealed to it).
 */
export function isDirectory(value: unknown): value is Directory {
  if (!hasExactKeys(value, ['v', 'network', 'version', 'issuedAt', 'schemes'])) return false;
  const ids = new Set<string>();
  return (
    value.v === 1 &&
    isText(value.network, 100, 1) &&
    isInt(value.version, 1) &&
    isInt(value.issuedAt) &&
    isListOf(value.schemes, 500, (s): s is DirectoryScheme => isScheme(s, ids))
  );
}

function isScheme(value: unknown, seen: Set<string>): value is DirectoryScheme {
  if (!hasExactKeys(value, ['id', 'name', 'regions', 'boxKey', 'signingKey', 'status'])) {
    return false;
  }
  const s = value as Fields;
  if (!isSchemeId(s.id) || seen.has(s.id)) return false;
  seen.add(s.id);
  const boxKey = fromBase64UrlExact(s.boxKey, 32);
  const signingKey = fromBase64UrlExact(s.signingKey, 32);
  return (
    isText(s.name, 120, 1) &&
    isListOf(s.regions, 50, (r): r is string => isText(r, 60, 1)) &&
    boxKey !== null &&
    isAcceptableBoxKey(boxKey) &&
    signingKey !== null &&
    isAcceptableSigningKey(signingKey) &&
    isOneOf(s.status, ['active', 'suspended'] as const)
  );
}
