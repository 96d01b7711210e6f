import nacl from 'tweetnacl';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import {
  fromBase64UrlExact,
  fromUtf8,
  requireBytes,
  toBase64Url,
  utf8,
  wipe,
} from '../encoding/bytes.js';
import { hasExactKeys, isInt, isSchemeId } from '../encoding/shape.js';
import { labelledHash } from '../crypto/hash.js';
import { randomBytes } from '../crypto/random.js';
import { isAcceptableBoxKey } from '../crypto/x25519-checks.js';
import { createBoxKeyPair, type KeyPair } from './keys.js';
import { inviteId } from './invite.js';
import type { Code } from './code.js';

/**
 * Worker device keys and how staff learn them. A worker's extension makes an X25519 device key
 * when it joins; right after redeeming the invite it sends a device enrolment, sealed to the
 * scheme's box key, naming the invite and carrying the device's public key. Staff then seal each
 * new members' key epoch to that device key (key-grant.ts), and can leave a device out.
 *
 * The enrolment is authenticated with a key derived from the invite code, which only the staff
 * who made the invite and the worker who typed it know. The relay knows invite ids but not codes,
 * so it cannot enrol a device of its own under someone's invite and be sent the next epoch key.
 */
export interface DeviceEnrolmentEnvelope {
  v: 1;
  scheme: string;
  epk: string;
  nonce: string;
  box: string;
}

/** A verified enrolment as staff read it. */
export interface DeviceEnrolment {
  /** The invite (inviteId) the worker redeemed. */
  invite: string;
  devicePublicKey: Uint8Array;
  sentAt: number;
}

/** Creates a worker's device key pair; the secret half never leaves the device. */
export function createDeviceKey(): KeyPair {
  return createBoxKeyPair();
}

/**
 * The key that authenticates enrolments under an invite. Staff compute it when they create the
 * invite and keep it (never the code) with their record of whom the invite was for.
 */
export function enrolmentKey(code: Code): Uint8Array {
  return labelledHash('invite-enrolment', utf8(code.data), 32);
}

/** Seals a device enrolment to the scheme's box key (sent by the worker after redeeming). */
export function sealDeviceEnrolment(
  code: Code,
  scheme: string,
  devicePublicKey: Uint8Array,
  schemeBoxKey: Uint8Array,
  now = Date.now(),
): DeviceEnrolmentEnvelope {
  requireBytes(devicePublicKey, 32, 'sealDeviceEnrolment: device public key');
  requireBytes(schemeBoxKey, 32, 'sealDeviceEnrolment: scheme box key');
  if (typeof code?.data !== 'string' || !isSchemeId(scheme) || !isInt(now)) {
    throw new TypeError('sealDeviceEnrolment: bad code, scheme or time');
  }
  if (!isAcceptableBoxKey(schemeBoxKey)) {
    throw new TypeError('sealDeviceEnrolment: scheme box key has small order');
  }

  const fields = {
    v: 1,
    scheme,
    invite: inviteId(code),
    device: toBase64Url(devicePublicKey),
    sentAt: now,
  };
  const key = enrolmentKey(code);
  const mac = toBase64Url(hmac(sha256, key, utf8(canonicalJson(fields))));
  const plaintext = utf8(canonicalJson({ ...fields, mac }));
  const ephemeralSecret = randomBytes(32);
  const ephemeral = nacl.box.keyPair.fromSecretKey(ephemeralSecret);
  const nonce = randomBytes(24);
  const box = nacl.box(plaintext, nonce, schemeBoxKey, ephemeral.secretKey);
  wipe(key, ephemeralSecret, ephemeral.secretKey, plaintext);

  return {
    v: 1,
    scheme,
    epk: toBase64Url(ephemeral.publicKey),
    nonce: toBase64Url(nonce),
    box: toBase64Url(box),
  };
}

/** True when `value` has the shape of a device enrolment envelope. */
export function isDeviceEnrolmentEnvelope(value: unknown): value is DeviceEnrolmentEnvelope {
  if (!hasExactKeys(value, ['v', 'scheme', 'epk', 'nonce', 'box'])) return false;
  return (
    value.v === 1 &&
    isSchemeId(value.scheme) &&
    fromBase64UrlExact(value.epk, 32) !== null &&
    fromBase64UrlExact(value.nonce, 24) !== null &&
    typeof value.box === 'string' &&
    value.box.length <= 1024 &&
    fromBase64UrlExact(value.box, (value.box.length * 3) >> 2) !== null
  );
}

/** Why an enrolment was refused. */
export type EnrolmentRejection = 'malformed' | 'does-not-open' | 'unknown-invite' | 'bad-mac';

/**
 * Opens an enrolment with the scheme's box secret key. `enrolmentKeyOf` returns the enrolment key
 * staff kept for an invite id, or undefined for an invite they did not make.
 */
export function openDeviceEnrolment(
  envelope: unknown,
  schemeBoxSecret: Uint8Array,
  enrolmentKeyOf: (invite: string) => Uint8Array | undefined,
): { ok: true; enrolment: DeviceEnrolment } | { ok: false; reason: EnrolmentRejection } {
  requireBytes(schemeBoxSecret, 32, 'openDeviceEnrolment: scheme box secret key');
  if (!isDeviceEnrolmentEnvelope(envelope)) return { ok: false, reason: 'malformed' };

  const opened = nacl.box.open(
    fromBase64UrlExact(envelope.box, (envelope.box.length * 3) >> 2)!,
    fromBase64UrlExact(envelope.nonce, 24)!,
    fromBase64UrlExact(envelope.epk, 32)!,
    schemeBoxSecret,
  );
  if (!opened) return { ok: false, reason: 'does-not-open' };
  const text = fromUtf8(opened);
  const inner = text === null ? null : parseJson(text);
  if (!hasExactKeys(inner, ['v', 'scheme', 'invite', 'device', 'sentAt', 'mac'])) {
    return { ok: false, reason: 'malformed' };
  }
  const device = fromBase64UrlExact(inner.device, 32);
  const mac = fromBase64UrlExact(inner.mac, 32);
  const wellFormed =
    inner.v === 1 &&
    inner.scheme === envelope.scheme &&
    fromBase64UrlExact(inner.invite, 16) !== null &&
    isInt(inner.sentAt) &&
    device !== null &&
    isAcceptableBoxKey(device) &&
    mac !== null;
  if (!wellFormed) return { ok: false, reason: 'malformed' };

  const key = enrolmentKeyOf(inner.invite as string);
  if (!key) return { ok: false, reason: 'unknown-invite' };
  requireBytes(key, 32, 'openDeviceEnrolment: enrolment key');
  const fields = { ...inner };
  delete fields.mac;
  const expected = hmac(sha256, key, utf8(canonicalJson(fields)));
  if (!nacl.verify(expected, mac!)) return { ok: false, reason: 'bad-mac' };
  return {
    ok: true,
    enrolment: {
      invite: inner.invite as string,
      devicePublicKey: device!,
      sentAt: inner.sentAt as number,
    },
  };
}
