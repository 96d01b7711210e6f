/**
 * Byte helpers used by every protocol message. Wire format uses unpadded base64url so values can
 * sit in URLs, headers and JSON without escaping.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8, returning null for invalid byte sequences instead of replacement characters. */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
    out += ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/**
 * Decodes unpadded base64url. Returns null for anything that is not canonical base64url (wrong
 * characters, padding, impossible length, non-zero trailing bits), so one value has one spelling.
 */
export function fromBase64Url(text: string): Uint8Array | null {
  if (typeof text !== 'string' || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  const whole = text.length - (text.length % 4);
  let o = 0;
  // Four characters → three bytes per step (a sync decodes megabytes of envelopes). A character
  // outside the alphabet looks up -1, which makes the OR negative.
  for (let i = 0; i < whole; i += 4) {
    const a = lookup(text.charCodeAt(i));
    const b = lookup(text.charCodeAt(i + 1));
    const c = lookup(text.charCodeAt(i + 2));
    const d = lookup(text.charCodeAt(i + 3));
    if ((a | b | c | d) < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }

  const rest = text.length - whole;
  if (rest === 0) return out;
  const a = lookup(text.charCodeAt(whole));
  const b = lookup(text.charCodeAt(whole + 1));
  const c = rest === 3 ? lookup(text.charCodeAt(whole + 2)) : 0;
  if ((a | b | c) < 0) return null;
  // Non-zero bits past the last whole byte would give a second spelling of the same value.
  if (rest === 2 ? (b & 0x0f) !== 0 : (c & 0x03) !== 0) return null;
  const n = (a << 18) | (b << 12) | (c << 6);
  out[o++] = n >> 16;
  if (rest === 3) out[o++] = (n >> 8) & 0xff;
  return out;
}

function lookup(code: number): number {
  return code < 128 ? LOOKUP[code]! : -1;
}

/**
 * True when `text` is canonical unpadded base64url of exactly `length` bytes, checked without
 * decoding (shape checks run on every envelope of a sync).
 */
export function isBase64UrlOfLength(text: unknown, length: number): text is string {
  if (typeof text !== 'string') return false;
  const rest = length % 3;
  if (text.length !== ((length - rest) / 3) * 4 + (rest === 0 ? 0 : rest + 1)) return false;
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return false;
  if (rest === 0) return true;
  const last = lookup(text.charCodeAt(text.length - 1));
  return rest === 1 ? (last & 0x0f) === 0 : (last & 0x03) === 0;
}

/** Decodes base64url that must hold exactly `length` bytes, or null. */
export function fromBase64UrlExact(text: unknown, length: number): Uint8Array | null {
  if (typeof text !== 'string') return null;
  const bytes = fromBase64Url(text);
  return bytes && bytes.length === length ? bytes : null;
}

/** Joins byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Overwrites key material in place; call once a secret is no longer needed. */
export function wipe(...secrets: (Uint8Array | undefined)[]): void {
  for (const secret of secrets) secret?.fill(0);
}

/**
 * Throws a TypeError unless `value` is a Uint8Array of exactly `length` bytes. Every function that
 * takes a key calls this first, so misuse (a string, a 64-byte key where 32 belong) fails before
 * any work is done. `what` names the parameter; it never includes the value.
 */
export function requireBytes(value: unknown, length: number, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
  if (value.length !== length) throw new TypeError(`${what} must be ${length} bytes`);
  return value;
}
