import nacl from 'tweetnacl';
import { concatBytes, utf8 } from '../encoding/bytes.js';

/**
 * SHA-512 of a domain label and data, truncated to `length` bytes. The label keeps a hash made for
 * one purpose (an invite id, a receipt id) from being valid for another.
 */
export function labelledHash(label: string, data: Uint8Array, length = 32): Uint8Array {
  if (length < 1 || length > 64) throw new RangeError('labelledHash: length must be 1..64');
  return nacl.hash(concatBytes(utf8(`umn1:${label}\n`), data)).slice(0, length);
}
