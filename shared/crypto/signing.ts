import nacl from 'tweetnacl';
import { canonicalJson } from '../encoding/canonical-json.js';
import { concatBytes, toBase64Url, utf8 } from '../encoding/bytes.js';

/**
 * Ed25519 signatures over canonical JSON with a domain label, so a signature made for a directory
 * can never be replayed as an alert or a relay request.
 *
 * Signing uses tweetnacl. Verifying uses WebCrypto's Ed25519 where the platform has it (Chromium,
 * Firefox, Node 20): tweetnacl verifies ~140 signatures a second, WebCrypto ~100x that, which is
 * what makes a cold sync of 10,000 alerts fit in a second.
 */

/** The bytes a signature covers: `umn1:<label>\n` followed by the canonical JSON of `value`. */
export function signedBytes(label: string, value: unknown): Uint8Array {
  return concatBytes(utf8(`umn1:${label}\n`), utf8(canonicalJson(value)));
}

/** Signs `value` under `label` with a 64-byte Ed25519 secret key; returns the 64-byte signature. */
export function signValue(label: string, value: unknown, secretKey: Uint8Array): Uint8Array {
  if (secretKey.length !== nacl.sign.secretKeyLength) {
    throw new TypeError('signValue: secret key must be 64 bytes');
  }
  return nacl.sign.detached(signedBytes(label, value), secretKey);
}

/**
 * Verifies a signature over `value` under `label`. Returns false for a bad signature or a
 * malformed value (one that canonical JSON refuses); throws only for a wrong key length.
 */
export async function verifyValue(
  label: string,
  value: unknown,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  if (publicKey.length !== nacl.sign.publicKeyLength) {
    throw new TypeError('verifyValue: public key must be 32 bytes');
  }
  if (signature.length !== nacl.sign.signatureLength) return false;

  let message: Uint8Array;
  try {
    message = signedBytes(label, value);
  } catch {
    return false;
  }
  return verifyDetached(message, signature, publicKey);
}

type Subtle = SubtleCrypto;
let webCryptoWorks: boolean | undefined;
const importedKeys = new Map<string, Promise<CryptoKey>>();

function subtle(): Subtle | undefined {
  return globalThis.crypto?.subtle;
}

function importKey(publicKey: Uint8Array): Promise<CryptoKey> {
  const id = toBase64Url(publicKey);
  let key = importedKeys.get(id);
  if (!key) {
    key = subtle()!.importKey('raw', publicKey.slice(), { name: 'Ed25519' }, false, ['verify']);
    if (importedKeys.size > 1000) importedKeys.clear();
    importedKeys.set(id, key);
  }
  return key;
}

/** Verifies a detached Ed25519 signature, WebCrypto first, tweetnacl where WebCrypto lacks it. */
export async function verifyDetached(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  if (webCryptoWorks !== false && subtle()) {
    try {
      const key = await importKey(publicKey);
      const ok = await subtle()!.verify(
        { name: 'Ed25519' },
        key,
        signature.slice(),
        message.slice(),
      );
      webCryptoWorks = true;
      return ok;
    } catch {
      // Older engines have no Ed25519 in WebCrypto; a key the engine refuses is invalid for
      // tweetnacl too, so the fallback answers correctly in both cases.
      if (webCryptoWorks === undefined) webCryptoWorks = false;
      importedKeys.delete(toBase64Url(publicKey));
    }
  }
  return nacl.sign.detached.verify(message, signature, publicKey);
}
