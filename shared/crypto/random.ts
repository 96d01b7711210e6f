import nacl from 'tweetnacl';

/**
 * Secure random bytes. tweetnacl picks WebCrypto (browsers, Node 20) and throws "no PRNG" where
 * there is none; we fail closed the same way and never fall back to Math.random.
 */
export function randomBytes(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError('randomBytes: bad length');
  try {
    return nacl.randomBytes(length);
  } catch (cause) {
    throw new Error('No secure random source: refusing to create keys or nonces.', { cause });
  }
}
