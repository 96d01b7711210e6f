import nacl from 'tweetnacl';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import {
  fromBase64UrlExact,
  fromUtf8,
  requireBytes,
  toBase64Url,
  utf8,
  wipe,
} from '../encoding/bytes.js';
import { hasExactKeys, isInt, isOneOf, isSchemeId } from '../encoding/shape.js';
import { labelledHash } from '../crypto/hash.js';
import { randomBytes } from '../crypto/random.js';
import { signValue, verifyValue } from '../crypto/signing.js';
import { isAcceptableBoxKey } from '../crypto/x25519-checks.js';
import { isActiveScheme } from './directory-state.js';
import { findScheme, type Directory } from './directory.js';
import { MAX_EPOCH, type KeyPair, type MembersKey } from './keys.js';

/**
 * Key grants hand a symmetric network key to one recipient's X25519 key:
 * - `members`: a members' alert key epoch, sealed by staff to each member's device key when the
 *   key is rotated (and to other schemes' box keys, so they publish with it);
 * - `matching`: the matching key (matching-token.ts), sealed only to schemes' box keys.
 *
 * The grant is signed by the issuing scheme inside the box (the recipient trusts only that
 * signature, checked against the directory) and the envelope is signed outside, so the relay can
 * check who posts without reading what. The inner grant names its recipient, so a member cannot
 * re-seal a grant they received to someone else's device as if the scheme had sent it.
 */
export interface KeyGrantEnvelope {
  v: 1;
  scheme: string;
  /** recipientId() of the public key the grant is sealed to. */
  recipient: string;
  epk: string;
  nonce: string;
  box: string;
  signature: string;
}

/** Which network key a grant carries. */
export type GrantedKeyKind = 'members' | 'matching';

/** A verified grant as the recipient reads it. */
export interface KeyGrant {
  kind: GrantedKeyKind;
  scheme: string;
  epoch: number;
  key: Uint8Array;
  issuedAt: number;
}

const INNER = 'key-grant';
const OUTER = 'key-grant-envelope';

/** The id under which the relay files grants for an X25519 public key (reveals nothing of it). */
export function recipientId(publicKey: Uint8Array): string {
  requireBytes(publicKey, 32, 'recipientId: public key');
  return toBase64Url(labelledHash('key-grant-recipient', publicKey, 16));
}

/** Seals `granted` to a device or scheme box key, signed by the issuing scheme. */
export function sealKeyGrant(
  kind: GrantedKeyKind,
  granted: MembersKey,
  recipientPublicKey: Uint8Array,
  scheme: string,
  signingSecretKey: Uint8Array,
  now = Date.now(),
): KeyGrantEnvelope {
  requireBytes(granted?.key, 32, 'sealKeyGrant: granted key');
  requireBytes(recipientPublicKey, 32, 'sealKeyGrant: recipient public key');
  requireBytes(signingSecretKey, 64, 'sealKeyGrant: signing secret key');
  if (!isOneOf(kind, ['members', 'matching'] as const)) throw new TypeError('sealKeyGrant: kind');
  if (!isInt(granted.epoch, 0, MAX_EPOCH) || !isSchemeId(scheme) || !isInt(now)) {
    throw new TypeError('sealKeyGrant: bad epoch, scheme or time');
  }
  if (!isAcceptableBoxKey(recipientPublicKey)) {
    throw new TypeError('sealKeyGrant: recipient key has small order; refusing to seal to it');
  }

  const recipient = recipientId(recipientPublicKey);
  const grant = {
    v: 1,
    kind,
    scheme,
    recipient,
    epoch: granted.epoch,
    key: toBase64Url(granted.key),
    issuedAt: now,
  };
  const signature = toBase64Url(signValue(INNER, grant, signingSecretKey));
  const plaintext = utf8(canonicalJson({ grant, signature }));
  const ephemeralSecret = randomBytes(32);
  const ephemeral = nacl.box.keyPair.fromSecretKey(ephemeralSecret);
  const nonce = randomBytes(24);
  const box = nacl.box(plaintext, nonce, recipientPublicKey, ephemeral.secretKey);
  wipe(ephemeralSecret, ephemeral.secretKey, plaintext);

  const unsigned = {
    v: 1 as const,
    scheme,
    recipient,
    epk: toBase64Url(ephemeral.publicKey),
    nonce: toBase64Url(nonce),
    box: toBase64Url(box),
  };
  return { ...unsigned, signature: toBase64Url(signValue(OUTER, unsigned, signingSecretKey)) };
}

/** True when `value` has the shape of a key grant envelope (what the relay checks first). */
export function isKeyGrantEnvelope(value: unknown): value is KeyGrantEnvelope {
  const keys = ['v', 'scheme', 'recipient', 'epk', 'nonce', 'box', 'signature'];
  if (!hasExactKeys(value, keys)) return false;
  return (
    value.v === 1 &&
    isSchemeId(value.scheme) &&
    fromBase64UrlExact(value.recipient, 16) !== null &&
    fromBase64UrlExact(value.epk, 32) !== null &&
    fromBase64UrlExact(value.nonce, 24) !== null &&
    typeof value.box === 'string' &&
    value.box.length <= 1024 &&
    fromBase64UrlExact(value.box, (value.box.length * 3) >> 2) !== null &&
    fromBase64UrlExact(value.signature, 64) !== null
  );
}

/** Checks the outer signature against the issuing scheme's signing key (the relay does this). */
export async function verifyKeyGrantEnvelope(
  envelope: unknown,
  schemeSigningKey: Uint8Array,
): Promise<boolean> {
  requireBytes(schemeSigningKey, 32, 'verifyKeyGrantEnvelope: scheme signing key');
  if (!isKeyGrantEnvelope(envelope)) return false;
  const { signature, ...unsigned } = envelope;
  return verifyValue(OUTER, unsigned, fromBase64UrlExact(signature, 64)!, schemeSigningKey);
}

/** Why a key grant was refused. */
export type KeyGrantRejection =
  | 'malformed'
  | 'not-for-this-key'
  | 'does-not-open'
  | 'wrong-kind'
  | 'unknown-scheme'
  | 'suspended-scheme'
  | 'bad-signature';

/** The outcome of opening a key grant. */
export type KeyGrantOpening =
  { ok: true; grant: KeyGrant } | { ok: false; reason: KeyGrantRejection };

/**
 * Opens a grant sealed to `recipient` and verifies the issuing scheme's signature against the
 * directory. `kind` is the only kind this recipient accepts: a member's device passes 'members'
 * (it must never take the matching key), a scheme passes either.
 */
export async function openKeyGrant(
  envelope: unknown,
  recipient: KeyPair,
  directory: Directory,
  kind: GrantedKeyKind,
): Promise<KeyGrantOpening> {
  requireBytes(recipient?.publicKey, 32, 'openKeyGrant: recipient public key');
  requireBytes(recipient.secretKey, 32, 'openKeyGrant: recipient secret key');
  if (!isOneOf(kind, ['members', 'matching'] as const)) throw new TypeError('openKeyGrant: kind');
  if (!isKeyGrantEnvelope(envelope)) return { ok: false, reason: 'malformed' };
  const ownId = recipientId(recipient.publicKey);
  if (envelope.recipient !== ownId) return { ok: false, reason: 'not-for-this-key' };

  const opened = nacl.box.open(
    fromBase64UrlExact(envelope.box, (envelope.box.length * 3) >> 2)!,
    fromBase64UrlExact(envelope.nonce, 24)!,
    fromBase64UrlExact(envelope.epk, 32)!,
    recipient.secretKey,
  );
  if (!opened) return { ok: false, reason: 'does-not-open' };
  const text = fromUtf8(opened);
  wipe(opened);
  const inner = text === null ? null : parseJson(text);
  if (!hasExactKeys(inner, ['grant', 'signature'])) return { ok: false, reason: 'malformed' };

  const { grant } = inner;
  const signature = fromBase64UrlExact(inner.signature, 64);
  const keys = ['v', 'kind', 'scheme', 'recipient', 'epoch', 'key', 'issuedAt'];
  if (!signature || !hasExactKeys(grant, keys) || grant.v !== 1) {
    return { ok: false, reason: 'malformed' };
  }
  const key = fromBase64UrlExact(grant.key, 32);
  const wellFormed =
    isOneOf(grant.kind, ['members', 'matching'] as const) &&
    isSchemeId(grant.scheme) &&
    isInt(grant.epoch, 0, MAX_EPOCH) &&
    isInt(grant.issuedAt) &&
    key !== null;
  if (!wellFormed) return { ok: false, reason: 'malformed' };
  if (grant.scheme !== envelope.scheme || grant.recipient !== ownId) {
    return { ok: false, reason: 'bad-signature' };
  }
  if (grant.kind !== kind) return { ok: false, reason: 'wrong-kind' };

  const scheme = findScheme(directory, grant.scheme);
  if (!scheme) return { ok: false, reason: 'unknown-scheme' };
  if (!isActiveScheme(directory, grant.scheme)) return { ok: false, reason: 'suspended-scheme' };
  const signingKey = fromBase64UrlExact(scheme.signingKey, 32)!;
  if (!(await verifyValue(INNER, grant, signature, signingKey))) {
    return { ok: false, reason: 'bad-signature' };
  }
  return {
    ok: true,
    grant: {
      kind: grant.kind as GrantedKeyKind,
      scheme: grant.scheme,
      epoch: grant.epoch as number,
      key: key!,
      issuedAt: grant.issuedAt as number,
    },
  };
}
