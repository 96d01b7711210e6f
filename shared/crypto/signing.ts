import nacl from 'tweetnacl';
import { canonicalJson } from '../encoding/canonical-json.js';
import { requireBytes, toBase64Url, utf8 } from '../encoding/bytes.js';
import { isAcceptableSigningKey, isCanonicalSignature } from './ed25519-checks.js';

/**
 * Ed25519 signatures over canonical JSON with a domain label, so a signature made for a directory
 * can never be replayed as an alert or a relay request.
 *
 * Signing uses tweetnacl. Verifying uses WebCrypto's Ed25519 where the platform has it (Chromium
 * 137+, Firefox 129+, Node 20): tweetnacl verifies ~100 signatures a second on our machines,
 * WebCrypto about 100 times that, which is what lets a cold sync of 10,000 alerts fit in a second.
 *
 * The two engines do not agree on every edge case: tweetnacl accepts a signature whose S is not
 * reduced (S + L verifies too, so one message has several valid signatures), and neither refuses
 * a small-order public key, for which one signature can verify against many messages. We refuse
 * both ourselves before either engine runs (ed25519-checks.ts), so the answer never depends on
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

/** Which engine checks signatures: the platform's WebCrypto, or tweetnacl where it has none. */
export type VerifyEngine = 'webcrypto' | 'tweetnacl';

/**
 * Verifies a detached Ed25519 signature with the fastest engine the platform has. Refuses
 * non-canonical signatures and small-order or non-canonical public keys with either engine.
 */
export async function verifyDetached(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  return verifyDetachedWith(await verifyEngine(), message, signature, publicKey);
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
  if (!(message instanceof Uint8Array))
    throw new TypeError('verifyDetached: message must be bytes');
  if (!(signature instanceof Uint8Array) || signature.length !== nacl.sign.signatureLength) {
    return false;
  }
  if (!isCanonicalSignature(signature) || !isAcceptableSigningKey(publicKey)) return false;

  if (engine === 'tweetnacl') return nacl.sign.detached.verify(message, signature, publicKey);
  const key = await importKey(publicKey);
  if (!key) return false;
  try {
    return await subtle()!.verify(
      { name: 'Ed25519' },
      key,
      new Uint8Array(signature),
      new Uint8Array(message),
    );
  } catch {
    return false;
  }
}

let engine: Promise<VerifyEngine> | undefined;

/**
 * The engine verifyDetached uses, decided once per process by checking WebCrypto against a known
 * answer (RFC 8032 test 1) and a tampered copy of it. Deciding from a known vector rather than from
 * the first key we are shown means no crafted key can push a client onto the slow engine.
 */
export function verifyEngine(): Promise<VerifyEngine> {
  engine ??= probeWebCrypto();
  return engine;
}

// RFC 8032 section 7.1, TEST 1: empty message.
const PROBE_KEY = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const PROBE_SIGNATURE =
  '5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc-bRr0lv18FlbviRlUUFDjnoQCw';

async function probeWebCrypto(): Promise<VerifyEngine> {
  if (!subtle()) return 'tweetnacl';
  try {
    const key = await subtle()!.importKey(
      'raw',
      decodeProbe(PROBE_KEY),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    const signature = decodeProbe(PROBE_SIGNATURE);
    const good = await subtle()!.verify({ name: 'Ed25519' }, key, signature, new Uint8Array());
    signature[0]! ^= 1;
    const bad = await subtle()!.verify({ name: 'Ed25519' }, key, signature, new Uint8Array());
    return good && !bad ? 'webcrypto' : 'tweetnacl';
  } catch {
    return 'tweetnacl';
  }
}

function decodeProbe(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function subtle(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle;
}

// Imported keys are cached: a sync verifies thousands of alerts under a handful of scheme keys.
const importedKeys = new Map<string, Promise<CryptoKey | null>>();

function importKey(publicKey: Uint8Array): Promise<CryptoKey | null> {
  const id = toBase64Url(publicKey);
  let key = importedKeys.get(id);
  if (!key) {
    key = subtle()!
      .importKey('raw', new Uint8Array(publicKey), { name: 'Ed25519' }, false, ['verify'])
      .catch(() => null);
    if (importedKeys.size >= 1000) importedKeys.clear();
    importedKeys.set(id, key);
  }
  return key;
}
