import nacl from 'tweetnacl';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import { fromBase64UrlExact, fromUtf8, toBase64Url, utf8, wipe } from '../encoding/bytes.js';
import { hasExactKeys, isInt, isSchemeId, isText } from '../encoding/shape.js';
import { randomBytes } from '../crypto/random.js';
import { signValue, verifyValue } from '../crypto/signing.js';
import { isAlertContent, isRetractionContent, type AlertMessage } from '../domain/alert.js';
import type { Directory } from './directory.js';
import type { MembersKey } from './keys.js';

/**
 * Alerts and retractions: signed by the scheme (inner signature over the canonical content), then
 * encrypted with the members' key of the current epoch, then signed again over the envelope
 * (outer signature) so the relay can check who publishes without reading what.
 *
 * Members trust the inner signature only: it binds the content to the scheme, whatever the relay
 * or another key holder does with the ciphertext.
 */
export interface AlertEnvelope {
  v: 1;
  scheme: string;
  epoch: number;
  /** When the relay may delete the envelope (ms, rounded up to the day so it says little). */
  expiresAt: number;
  nonce: string;
  box: string;
  /** Scheme's signature over the other fields (base64url). */
  signature: string;
}

const INNER = 'alert';
const OUTER = 'alert-envelope';
const DAY = 86_400_000;

/** Largest alert ciphertext the relay accepts (bytes, before base64). */
export const MAX_ALERT_BOX = 16_384;

/** Signs, encrypts and envelopes an alert or retraction. Throws on malformed content. */
export function sealAlert(
  message: AlertMessage,
  signingSecretKey: Uint8Array,
  membersKey: MembersKey,
): AlertEnvelope {
  if (!isAlertContent(message) && !isRetractionContent(message)) {
    throw new TypeError('sealAlert: malformed alert or retraction');
  }
  if (membersKey.key.length !== nacl.secretbox.keyLength) {
    throw new TypeError('sealAlert: members key must be 32 bytes');
  }

  const signature = toBase64Url(signValue(INNER, message, signingSecretKey));
  const plaintext = utf8(canonicalJson({ message, signature }));
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  const box = nacl.secretbox(plaintext, nonce, membersKey.key);
  wipe(plaintext);

  const lastsUntil = message.kind === 'alert' ? message.expiresAt : message.issuedAt + 400 * DAY;
  const unsigned = {
    v: 1 as const,
    scheme: message.scheme,
    epoch: membersKey.epoch,
    expiresAt: Math.ceil(lastsUntil / DAY) * DAY,
    nonce: toBase64Url(nonce),
    box: toBase64Url(box),
  };
  return { ...unsigned, signature: toBase64Url(signValue(OUTER, unsigned, signingSecretKey)) };
}

/** True when `value` has the shape of an alert envelope (what the relay checks first). */
export function isAlertEnvelope(value: unknown): value is AlertEnvelope {
  const keys = ['v', 'scheme', 'epoch', 'expiresAt', 'nonce', 'box', 'signature'];
  if (!hasExactKeys(value, keys)) return false;
  return (
    value.v === 1 &&
    isSchemeId(value.scheme) &&
    isInt(value.epoch, 0, 1_000_000) &&
    isInt(value.expiresAt) &&
    fromBase64UrlExact(value.nonce, 24) !== null &&
    isText(value.box, Math.ceil((MAX_ALERT_BOX * 4) / 3), 24) &&
    fromBase64UrlExact(value.box, (value.box.length * 3) >> 2) !== null &&
    fromBase64UrlExact(value.signature, 64) !== null
  );
}

/** Checks the outer signature against the scheme's signing key (the relay does this). */
export async function verifyAlertEnvelope(
  envelope: AlertEnvelope,
  schemeSigningKey: Uint8Array,
): Promise<boolean> {
  const { signature, ...unsigned } = envelope;
  return verifyValue(OUTER, unsigned, fromBase64UrlExact(signature, 64)!, schemeSigningKey);
}

/** Why an alert envelope was refused by a member. */
export type AlertRejection =
  | 'malformed'
  | 'unknown-epoch'
  | 'does-not-open'
  | 'unknown-scheme'
  | 'suspended-scheme'
  | 'bad-signature';

/** The result of opening an alert envelope. */
export type AlertOpening =
  { ok: true; message: AlertMessage } | { ok: false; reason: AlertRejection };

/**
 * Decrypts an envelope with the members' keys and verifies the inner signature against the
 * directory. A suspended scheme's messages are refused; nothing is returned unverified.
 */
export async function openAlert(
  envelope: unknown,
  membersKeys: readonly MembersKey[],
  directory: Directory,
): Promise<AlertOpening> {
  if (!isAlertEnvelope(envelope)) return { ok: false, reason: 'malformed' };
  const key = membersKeys.find((k) => k.epoch === envelope.epoch);
  if (!key) return { ok: false, reason: 'unknown-epoch' };

  const opened = nacl.secretbox.open(
    fromBase64UrlExact(envelope.box, (envelope.box.length * 3) >> 2)!,
    fromBase64UrlExact(envelope.nonce, 24)!,
    key.key,
  );
  if (!opened) return { ok: false, reason: 'does-not-open' };

  const text = fromUtf8(opened);
  const inner = text === null ? null : parseJson(text);
  if (!hasExactKeys(inner, ['message', 'signature'])) return { ok: false, reason: 'malformed' };
  const { message } = inner;
  const signature = fromBase64UrlExact(inner.signature, 64);
  if (!signature || !(isAlertContent(message) || isRetractionContent(message))) {
    return { ok: false, reason: 'malformed' };
  }
  if (message.scheme !== envelope.scheme) return { ok: false, reason: 'bad-signature' };

  const scheme = directory.schemes.find((s) => s.id === message.scheme);
  if (!scheme) return { ok: false, reason: 'unknown-scheme' };
  if (scheme.status !== 'active') return { ok: false, reason: 'suspended-scheme' };

  const signingKey = fromBase64UrlExact(scheme.signingKey, 32)!;
  const ok = await verifyValue(INNER, message, signature, signingKey);
  return ok ? { ok: true, message } : { ok: false, reason: 'bad-signature' };
}
