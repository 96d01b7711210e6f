/**
 * Strict readers for untrusted JSON. Signed data with a field we do not know is refused rather
 * than ignored: a verifier that skips unknown fields could be shown one meaning and sign another.
 */

/** A plain object parsed from JSON. */
export type Fields = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when `value` is an object whose keys are all in `required` or `optional` and that has
 * every key in `required`.
 */
export function hasExactKeys(
  value: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): value is Fields {
  if (!isFields(value)) return false;
  for (const key of required) if (!Object.hasOwn(value, key)) return false;
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) return false;
  }
  return true;
}

/** True for a string of at most `max` UTF-16 units (and at least `min`). */
export function isText(value: unknown, max: number, min = 0): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

/** True for a safe integer within [min, max]. */
export function isInt(value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** True for an array of at most `max` items that all pass `check`. */
export function isListOf<T>(
  value: unknown,
  max: number,
  check: (item: unknown) => item is T,
): value is T[] {
  return Array.isArray(value) && value.length <= max && value.every((item) => check(item));
}

/** True when `value` is one of `options`. */
export function isOneOf<T extends string>(value: unknown, options: readonly T[]): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value);
}

/** An id we generate: 16 random bytes as base64url (22 characters). */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value);
}

/** A scheme id: lowercase letters, digits and dashes, as chosen by the network operator. */
export function isSchemeId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(value);
}
