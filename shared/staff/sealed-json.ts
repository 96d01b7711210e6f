import nacl from 'tweetnacl';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import { fromBase64UrlExact, fromUtf8, toBase64Url, utf8, wipe } from '../encoding/bytes.js';
import { hasExactKeys } from '../encoding/shape.js';
import { randomBytes } from '../crypto/random.js';
import { labelledHash } from '../crypto/hash.js';
import type { SchemeSecrets } from '../protocol/keys.js';

/**
 * Staff state at rest (inbox status and notes, alert drafts, the audit log) is sealed with a
 * key derived from the scheme's box secret, so a shared or inspected device shows nothing
 * readable while the staff tools are locked. Envelopes themselves stay sealed to the box key.
 */

/** A JSON value sealed with nacl.secretbox (both fields base64url). */
export interface SealedJson {
  nonce: string;
  box: string;
}

/** Derives the key that seals this scheme's staff state on this device. */
export function staffStateKey(secrets: SchemeSecrets): Uint8Array {
  // A labelled hash keeps this key unrelated to every other use of the box secret.
  return labelledHash('staff-state', secrets.box.secretKey, nacl.secretbox.keyLength);
}

/** Seals a canonical-JSON value. Throws on a wrong key length or a value JSON cannot carry. */
export function sealJson(value: unknown, key: Uint8Array): SealedJson {
  if (key.length !== nacl.secretbox.keyLength)
    throw new TypeError('sealJson: key must be 32 bytes');
  const plaintext = utf8(canonicalJson(value));
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  const box = nacl.secretbox(plaintext, nonce, key);
  wipe(plaintext);
  return { nonce: toBase64Url(nonce), box: toBase64Url(box) };
}

/** Opens sealed JSON; null when it is malformed or was sealed with another key. */
export function openJson(sealed: unknown, key: Uint8Array): unknown {
  if (key.length !== nacl.secretbox.keyLength)
    throw new TypeError('openJson: key must be 32 bytes');
  if (!hasExactKeys(sealed, ['nonce', 'box']) || typeof sealed.box !== 'string') return null;
  const nonce = fromBase64UrlExact(sealed.nonce, nacl.secretbox.nonceLength);
  const box = fromBase64UrlExact(sealed.box, (sealed.box.length * 3) >> 2);
  if (!nonce || !box) return null;

  const opened = nacl.secretbox.open(box, nonce, key);
  const text = opened && fromUtf8(opened);
  if (opened) wipe(opened);
  return typeof text === 'string' ? parseJson(text) : null;
}
