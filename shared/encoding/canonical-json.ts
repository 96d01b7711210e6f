/**
 * Canonical JSON: the one byte encoding that signatures cover. Object keys are sorted by UTF-16
 * code units, there is no whitespace, and only strings, safe integers, booleans, null, arrays and
 * plain objects are allowed. Anything else is a programming error and throws before signing, so a
 * signer and a verifier can never disagree about the bytes.
 */

/** A value that canonical JSON can encode. */
export type CanonicalValue =
  string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

/** Encodes a value as canonical JSON text. Throws on floats, undefined, functions and cycles. */
export function canonicalJson(value: unknown): string {
  return encode(value, 0);
}

function encode(value: unknown, depth: number): string {
  if (depth > 32) throw new TypeError('canonicalJson: nesting deeper than 32 levels');
  if (value === null) return 'null';

  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new TypeError('canonicalJson: only safe integers can be signed');
      }
      return String(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }

  // Built by concatenation rather than map/join: a sync re-encodes 10,000 alerts.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + encode(value[i], depth + 1);
    return out + ']';
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError('canonicalJson: only plain objects can be signed');
  }

  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const field = record[keys[i]!];
    if (field === undefined) throw new TypeError('canonicalJson: undefined field');
    out += (i ? ',' : '') + JSON.stringify(keys[i]) + ':' + encode(field, depth + 1);
  }
  return out + '}';
}

/** Parses JSON text, returning null instead of throwing on malformed input. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
