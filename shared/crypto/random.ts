/**
 * Secure random bytes from WebCrypto's getRandomValues, which every platform we run on has
 * (Chromium and Firefox pages and service workers, Node 20). There is no fallback: without a
 * secure source we throw, never Math.random (STYLE.md, "fail closed").
 *
 * We call WebCrypto ourselves rather than nacl.randomBytes because tweetnacl picks its source
 * once, at import time, and in Node quietly prefers `require('crypto')`; reading the source on
 * every call means a test can take it away and see the refusal.
 */

/** Largest request getRandomValues serves in one call (WebCrypto spec, QuotaExceededError). */
const CHUNK = 65_536;

/** Returns `length` secure random bytes. Throws when no secure random source is present. */
export function randomBytes(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > 1 << 20) {
    throw new RangeError('randomBytes: length must be an integer from 0 to 1 MiB');
  }
  const source = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof source?.getRandomValues !== 'function') {
    throw new Error('No secure random source: refusing to create keys or nonces.');
  }

  const out = new Uint8Array(length);
  try {
    for (let i = 0; i < length; i += CHUNK) {
      source.getRandomValues(out.subarray(i, Math.min(length, i + CHUNK)));
    }
  } catch (cause) {
    throw new Error('No secure random source: refusing to create keys or nonces.', { cause });
  }

  // A source that hands back zeros is broken, not random (chance 2^-128 for 16 bytes).
  if (length >= 16 && out.every((b) => b === 0)) {
    throw new Error('The random source returned only zeros: refusing to create keys or nonces.');
  }
  return out;
}
