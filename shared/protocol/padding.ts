/**
 * Pads plaintext to a size bucket before encryption, so an envelope's length says little about
 * how much was written. ISO/IEC 7816-4 style: a 0x80 marker, then zeros up to the bucket.
 */

/** Report bucket sizes in bytes; the last is the largest plaintext a report may have. */
export const BUCKETS = [1024, 4096, 16384, 65536] as const;

/**
 * Alert bucket sizes in bytes (the plaintext inside the members' box). The last leaves room for
 * secretbox's 16-byte tag within MAX_ALERT_BOX. Most alerts fit the first bucket, which keeps a
 * cold sync of 10,000 alerts inside its time budget.
 */
export const ALERT_BUCKETS = [1024, 2048, 4096, 8192, 16_368] as const;

/** Reply bucket sizes in bytes (a reply is at most 4,000 characters). */
export const REPLY_BUCKETS = [1024, 4096, 16384] as const;

/** The largest plaintext that fits in the largest report bucket. */
export const MAX_PLAINTEXT = BUCKETS[BUCKETS.length - 1]! - 1;

/** Pads to the smallest bucket that fits; throws when the plaintext is too large for any. */
export function pad(plaintext: Uint8Array, buckets: readonly number[] = BUCKETS): Uint8Array {
  const size = buckets.find((b) => b > plaintext.length);
  if (size === undefined) throw new RangeError('pad: plaintext is larger than the largest bucket');
  const out = new Uint8Array(size);
  out.set(plaintext);
  out[plaintext.length] = 0x80;
  return out;
}

/** Removes padding; null when the input is not a bucket size or the marker is missing. */
export function unpad(padded: Uint8Array, buckets: readonly number[] = BUCKETS): Uint8Array | null {
  if (!buckets.includes(padded.length)) return null;
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 0x80) return null;
  return padded.subarray(0, end);
}
