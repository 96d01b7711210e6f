import nacl from 'tweetnacl';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import {
  fromBase64UrlExact,
  isBase64UrlOfLength,
  fromUtf8,
  requireBytes,
  toBase64Url,
  utf8,
  wipe,
} from '../encoding/bytes.js';
import { hasExactKeys, isInt, isSchemeId, isText } from '../encoding/shape.js';
import { randomBytes } from '../crypto/random.js';
import { signValue, verifyValue } from '../crypto/signing.js';
import { isAlertContent, isRetractionContent, type AlertMessage } from '../domain/alert.js';
import type { Directory } from './directory.js';
import type { MembersKey } from './keys.js';
import { ALERT_BUCKETS, pad, unpad } from './padding.js';

/**
 * Alerts and retractions: signed by the scheme (inner signature over the canonical content), then
 * padded to an alert bucket and encrypted with the members' key of the current epoch, then signed
 * again over the envelope (outer signature) so the relay can check who publishes without reading
 * what.
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

/**
 * Longest an alert may live (ms). Bounded so that a retraction's tombstone (kept for
 * RETRACTION_LIFETIME) always outlives the alert it withdraws: a relay replaying the alert after
 * the tombstone is gone would otherwise bring it back.
 */
export const MAX_ALERT_LIFETIME = 366 * DAY;

/** How long the relay keeps a retraction, and members its tombstone (ms). */
export const RETRACTION_LIFETIME = 400 * DAY;

/** Largest alert ciphertext the relay accepts (bytes, before base64). */
export const MAX_ALERT_BOX = 16_384;

/** Signs, encrypts and envelopes an alert or retraction. Throws on malformed content. */
export function sealAlert(
  message: AlertMessage,
  signingSecretKey: Uint8Array,
  membersKey: MembersKey,
): AlertEnvelope {
  requireBytes(signingSecretKey, nacl.sign.secretKeyLength, 'sealAlert: signing secret key');
  requireBytes(membersKey?.key, nacl.secretbox.keyLength, 'sealAlert: members key');
  if (!isInt(membersKey.epoch, 0, 1_000_000)) throw new TypeError('sealAlert: bad members epoch');
  if (!isAlertContent(message) && !isRetractionContent(message)) {
    throw new TypeError('sealAlert: malformed alert or retraction');
  }
  if (message.kind === 'alert' && message.expiresAt - message.issuedAt > MAX_ALERT_LIFETIME) {
    throw new RangeError('sealAlert: an alert may live at most 366 days');
  }

  const signature = toBase64Url(signValue(INNER, message, signingSecretKey));
  const unpadded = utf8(canonicalJson({ message, signature }));
  if (unpadded.length >= ALERT_BUCKETS[ALERT_BUCKETS.length - 1]!) {
    throw new RangeError('sealAlert: alert is too large; shorten the description');
  }
  const plaintext = pad(unpadded, ALERT_BUCKETS);
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  const box = nacl.secretbox(plaintext, nonce, membersKey.key);
  wipe(plaintext, unpadded);

  const unsigned = {
    v: 1 as const,
    scheme: message.scheme,
    epoch: membersKey.epoch,
    expiresAt: envelopeExpiry(message),
    nonce: toBase64Url(nonce),
    box: toBase64Url(box),
  };
  return { ...unsigned, signature: toBase64Url(signValue(OUTER, unsigned, signingSecretKey)) };
}

/** The envelope's deletion date for a message: its expiry rounded up to the day. */
function envelopeExpiry(message: AlertMessage): number {
  const lastsUntil =
    message.kind === 'alert' ? message.expiresAt : message.issuedAt + RETRACTION_LIFETIME;
  return Math.ceil(lastsUntil / DAY) * DAY;
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
    isBase64UrlOfLength(value.nonce, 24) &&
    isText(value.box, Math.ceil((MAX_ALERT_BOX * 4) / 3), 24) &&
    isBase64UrlOfLength(value.box, (value.box.length * 3) >> 2) &&
    isBase64UrlOfLength(value.signature, 64)
  );
}

/**
 * Checks the outer signature against the scheme's signing key (the relay does this). False for
 * a malformed envelope or a bad signature; throws only for a key that is not 32 bytes.
 */
export async function verifyAlertEnvelope(
  envelope: AlertEnvelope,
  schemeSigningKey: Uint8Array,
): Promise<boolean> {
  requireBytes(schemeSigningKey, 32, 'verifyAlertEnvelope: scheme signing key');
  if (!isAlertEnvelope(envelope)) return false;
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
  if (!Array.isArray(membersKeys)) throw new TypeError('openAlert: members keys must be a list');
  for (const k of membersKeys) requireBytes(k?.key, nacl.secretbox.keyLength, 'openAlert: key');
  if (!isAlertEnvelope(envelope)) return { ok: false, reason: 'malformed' };
  const key = membersKeys.find((k) => k.epoch === envelope.epoch);
  if (!key) return { ok: false, reason: 'unknown-epoch' };

  const opened = nacl.secretbox.open(
    fromBase64UrlExact(envelope.box, (envelope.box.length * 3) >> 2)!,
    fromBase64UrlExact(envelope.nonce, 24)!,
    key.key,
  );
  if (!opened) return { ok: false, reason: 'does-not-open' };

  const unpadded = unpad(opened, ALERT_BUCKETS);
  const text = unpadded && fromUtf8(unpadded);
  wipe(opened);
  const inner = typeof text === 'string' ? parseJson(text) : null;
  if (!hasExactKeys(inner, ['message', 'signature'])) return { ok: false, reason: 'malformed' };
  const { message } = inner;
  const signature = fromBase64UrlExact(inner.signature, 64);
  if (!signature || !(isAlertContent(message) || isRetractionContent(message))) {
    return { ok: false, reason: 'malformed' };
  }
  if (message.scheme !== envelope.scheme) return { ok: false, reason: 'bad-signature' };
  if (message.kind === 'alert' && message.expiresAt - message.issuedAt > MAX_ALERT_LIFETIME) {
    return { ok: false, reason: 'malformed' };
  }
  // Members do not check the outer signature (it would double the cost of a sync), so every
  // envelope field must be pinned by what is inside: scheme above, epoch and nonce by the key,
  // and the relay's deletion date here.
  if (envelope.expiresAt !== envelopeExpiry(message)) return { ok: false, reason: 'malformed' };

  const scheme = directory.schemes.find((s) => s.id === message.scheme);
  if (!scheme) return { ok: false, reason: 'unknown-scheme' };
  if (scheme.status !== 'active') return { ok: false, reason: 'suspended-scheme' };

  const signingKey = fromBase64UrlExact(scheme.signingKey, 32)!;
  const ok = await verifyValue(INNER, message, signature, signingKey);
  return ok ? { ok: true, message } : { ok: false, reason: 'bad-signature' };
}

/**
 * Opens many envelopes at once, as a cold sync does, and returns the results in the order given,
 * with at most `batchSize` in flight. Decryption runs on this thread while signature checks run
 * on the platform's crypto threads (node:crypto or WebCrypto), which is what brings 10,000 alerts
 * near a second (bench/protocol.ts measures it). One bad envelope gives one rejection and never
 * stops the others. Use this rather than awaiting openAlert in a loop, which leaves the crypto
 * threads idle while this one decrypts.
 */
export async function openAlerts(
  envelopes: readonly unknown[],
  membersKeys: readonly MembersKey[],
  directory: Directory,
  batchSize = 512,
): Promise<AlertOpening[]> {
  if (!isInt(batchSize, 1, 100_000)) throw new RangeError('openAlerts: bad batch size');
  // Misuse is checked once, here, so no promise below can reject unobserved.
  if (!Array.isArray(envelopes) || !Array.isArray(membersKeys)) {
    throw new TypeError('openAlerts: envelopes and members keys must be lists');
  }
  for (const k of membersKeys) requireBytes(k?.key, nacl.secretbox.keyLength, 'openAlerts: key');
  // A sliding window, not batch after batch: each openAlert decrypts synchronously and then
  // waits on the verify engine, so starting the next while earlier ones verify keeps this thread busy
  // with decryption while the platform's crypto threads check signatures.
  const pending: Promise<AlertOpening>[] = [];
  const results: AlertOpening[] = [];
  for (const envelope of envelopes) {
    if (pending.length - results.length >= batchSize) results.push(await pending[results.length]!);
    pending.push(openAlert(envelope, membersKeys, directory));
  }
  while (results.length < pending.length) results.push(await pending[results.length]!);
  return results;
}
