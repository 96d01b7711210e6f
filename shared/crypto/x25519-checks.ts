import { isAtLeastP } from './ed25519-checks.js';

/**
 * X25519 public keys of small order (libsodium's list, top bit cleared as X25519 ignores it).
 * nacl.box with such a key derives an all-zero shared secret that anyone can compute, so a
 * report or a key grant sealed to it is readable by whoever stores it. Only a directory signed
 * by a malicious root could list one; we refuse it anyway, and before sealing.
 */
const SMALL_ORDER_X = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

/** True when a 32-byte X25519 public key is canonical and not of small order. */
export function isAcceptableBoxKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false;
  // A copy, never a view: Buffer#slice shares memory, and we clear the top bit below.
  const x = new Uint8Array(publicKey);
  x[31]! &= 0x7f;
  if (isAtLeastP(x)) return false;
  const hex = Array.from(x, (b) => b.toString(16).padStart(2, '0')).join('');
  return !SMALL_ORDER_X.includes(hex);
}
