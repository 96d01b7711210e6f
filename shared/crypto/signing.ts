import nacl from 'tweetnacl';
import { canonicalJson } from '../encoding/canonical-json.js';
import { requireBytes, utf8 } from '../encoding/bytes.js';
import { detectEngine, verifyWithEngine, type VerifyEngine } from './ed25519-engines.js';
import { isAcceptableSigningKey, isCanonicalSignature } from './ed25519-checks.js';

/**
 * Ed25519 signatures over canonical JSON with a domain label, so a signature made for a directory
 * can never be replayed as an alert or a relay request.
 *
 * Signing uses tweetnacl. Verifying uses the platform's native Ed25519 (node:crypto in Node,
 * WebCrypto in browsers; ed25519-engines.ts): tweetnacl verifies ~100 signatures a second on our
 * machines, native code about 100 times that, which lets a cold sync of 10,000 alerts fit in a
 * second.
 *
 * The engines do not agree on every edge case: tweetnacl accepts a signature whose S is not
 * reduced (S + L verifies too, so one message has several valid signatures), and neither refuses
 * a small-order public key, for which one signature can verify against many messages. We refuse
 * both ourselves before any engine runs (ed25519-checks.ts), so the answer never depends on
 * which engine the platform has.
 */

/** The bytes a signature covers: `umn1:<label>\n` followed by the canonical JSON of `value`. */
export function signedBytes(label: string, value: unknown): Uint8Array {
  return utf8(`umn1:${label}\n${canonicalJson(value)}`);
}

/** Signs `value` under `label` with a 64-byte Ed25519 secret key; returns the 64-byte signature. */
export function signValue(label: string, value: unknown, secretKey: Uint8Array): Uint8Array {
  requireBytes(secretKey, nacl.sign.secretKeyLength, 'signValue: secret key');
  return nacl.sign.detached(signedBytes(label, value), secretKey);
}

/**
 * Verifies a signature over `value` under `label`. Returns false for a bad signature or a
 * malformed value (one that canonical JSON refuses); throws only for a key that is not 32 bytes.
 */
export async function verifyValue(
  label: string,
  value: unknown,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  requireBytes(publicKey, nacl.sign.publicKeyLength, 'verifyValue: public key');
  if (!(signature instanceof Uint8Array) || signature.length !== nacl.sign.signatureLength) {
    return false;
  }

  let message: Uint8Array;
  try {
    message = signedBytes(label, value);
  } catch {
    return false;
  }
  return verifyDetached(message, signature, publicKey);
}

export type { VerifyEngine } from './ed25519-engines.js';

/**
 * Verifies a detached Ed25519 signature with the fastest engine the platform has. Refuses
 * non-canonical signatures and small-order or non-canonical public keys with every engine.
 */
export async function verifyDetached(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  return verifyDetachedWith(await detectEngine(), message, signature, publicKey);
}

/**
 * Verifies with a named engine. For tests and benchmarks that compare the engines; product code
 * calls verifyDetached.
 */
export async function verifyDetachedWith(
  engine: VerifyEngine,
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  requireBytes(publicKey, nacl.sign.publicKeyLength, 'verifyDetached: public key');
  if (!(message instanceof Uint8Array)) {
    throw new TypeError('verifyDetached: message must be bytes');
  }
  if (!(signature instanceof Uint8Array) || signature.length !== nacl.sign.signatureLength) {
    return false;
  }
  if (!isCanonicalSignature(signature) || !isAcceptableSigningKey(publicKey)) return false;
  return verifyWithEngine(engine, message, signature, publicKey);
}

/** The engine verifyDetached uses on this platform (see ed25519-engines.ts). */
export function verifyEngine(): Promise<VerifyEngine> {
  return detectEngine();
}
