/**
 * Checks that make Ed25519 verification strict and engine-independent (RFC 8032 section 5.1.7
 * plus the small-order rule of "Taming the many EdDSAs", Chalkias et al. 2020):
 * - S must be below the group order L, so a signature has one spelling;
 * - the public key must be a canonical encoding (y below p) and must not have small order, since
 *   a small-order key lets one signature verify for many messages.
 */

// L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const ORDER = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

// The y coordinates (sign bit cleared) of the points of order 1, 2, 4 and 8 (libsodium's list).
const SMALL_ORDER_Y = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
];

/** True when the S half of a 64-byte signature is below the group order. */
export function isCanonicalSignature(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i]!;
    if (s < ORDER[i]!) return true;
    if (s > ORDER[i]!) return false;
  }
  return false;
}

/** True when a 32-byte Ed25519 public key is canonically encoded and not of small order. */
export function isAcceptableSigningKey(publicKey: Uint8Array): boolean {
  // A copy, never a view: Buffer#slice shares memory, and we clear the sign bit below.
  const y = new Uint8Array(publicKey);
  y[31]! &= 0x7f;
  if (isAtLeastP(y)) return false;
  const hex = Array.from(y, (b) => b.toString(16).padStart(2, '0')).join('');
  return !SMALL_ORDER_Y.includes(hex);
}

/** True when a little-endian 255-bit number is at least p = 2^255 - 19. */
export function isAtLeastP(value: Uint8Array): boolean {
  if (value[0]! < 0xed || (value[31]! & 0x7f) !== 0x7f) return false;
  for (let i = 1; i < 31; i++) if (value[i] !== 0xff) return false;
  return true;
}
