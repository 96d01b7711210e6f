import nacl from 'tweetnacl';
import { fromBase64UrlExact, requireBytes, toBase64Url, utf8 } from '../encoding/bytes.js';
import { randomBytes } from '../crypto/random.js';
import { signValue, verifyValue } from '../crypto/signing.js';

/**
 * Requests staff make to the relay (list reports, acknowledge, publish, create invites, reply)
 * are signed with the scheme's signing key over method, path, time, a nonce and a hash of the
 * body. The relay accepts a request once, within a time window.
 */

/** Headers that carry a request signature. */
export const SIGNATURE_HEADERS = {
  scheme: 'x-umn-scheme',
  time: 'x-umn-time',
  nonce: 'x-umn-nonce',
  signature: 'x-umn-signature',
} as const;

/** How far a request's clock may be from the relay's (ms). */
export const REQUEST_WINDOW = 5 * 60_000;

const LABEL = 'request';

/** What a request signature covers besides scheme, time and nonce. */
export interface RequestFacts {
  method: string;
  /** Path with query string, as sent. */
  path: string;
  body: string;
}

function signedFields(facts: RequestFacts, scheme: string, time: number, nonce: string) {
  const bodyHash = toBase64Url(nacl.hash(utf8(facts.body)).subarray(0, 32));
  return { method: facts.method.toUpperCase(), path: facts.path, scheme, time, nonce, bodyHash };
}

/** Returns the headers that sign a request for `scheme`. */
export function signRequest(
  facts: RequestFacts,
  scheme: string,
  signingSecretKey: Uint8Array,
  now = Date.now(),
): Record<string, string> {
  requireBytes(signingSecretKey, 64, 'signRequest: signing secret key');
  if (typeof facts?.method !== 'string' || typeof facts.path !== 'string') {
    throw new TypeError('signRequest: method and path are required');
  }
  if (typeof facts.body !== 'string' || !Number.isSafeInteger(now)) {
    throw new TypeError('signRequest: body must be a string and now an integer');
  }
  const nonce = toBase64Url(randomBytes(16));
  const signature = signValue(LABEL, signedFields(facts, scheme, now, nonce), signingSecretKey);
  return {
    [SIGNATURE_HEADERS.scheme]: scheme,
    [SIGNATURE_HEADERS.time]: String(now),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: toBase64Url(signature),
  };
}

/** Why a signed request was refused. */
export type RequestRejection = 'unsigned' | 'malformed' | 'stale' | 'bad-signature';

/** The outcome of checking a request's signature (replay is checked by the caller's store). */
export type RequestCheck =
  | { ok: true; scheme: string; nonce: string; time: number }
  | { ok: false; reason: RequestRejection };

/**
 * Checks a request's signature headers. `lookupKey` returns the signing public key of an active
 * scheme, or undefined. The caller must also record the nonce and refuse one seen before.
 */
export async function verifyRequest(
  facts: RequestFacts,
  header: (name: string) => string | undefined,
  lookupKey: (scheme: string) => Uint8Array | undefined,
  now = Date.now(),
): Promise<RequestCheck> {
  const scheme = header(SIGNATURE_HEADERS.scheme);
  const timeText = header(SIGNATURE_HEADERS.time);
  const nonce = header(SIGNATURE_HEADERS.nonce);
  const signatureText = header(SIGNATURE_HEADERS.signature);
  if (!scheme || !timeText || !nonce || !signatureText) return { ok: false, reason: 'unsigned' };

  const time = /^\d{1,16}$/.test(timeText) ? Number(timeText) : NaN;
  const signature = fromBase64UrlExact(signatureText, 64);
  if (!signature || !Number.isSafeInteger(time) || !fromBase64UrlExact(nonce, 16)) {
    return { ok: false, reason: 'malformed' };
  }
  if (Math.abs(now - time) > REQUEST_WINDOW) return { ok: false, reason: 'stale' };

  const key = lookupKey(scheme);
  if (!key || key.length !== 32) return { ok: false, reason: 'bad-signature' };
  const ok = await verifyValue(LABEL, signedFields(facts, scheme, time, nonce), signature, key);
  return ok ? { ok: true, scheme, nonce, time } : { ok: false, reason: 'bad-signature' };
}
