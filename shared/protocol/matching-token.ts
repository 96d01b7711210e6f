import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { requireBytes, toBase64Url, utf8 } from '../encoding/bytes.js';
import { isOneOf, isText } from '../encoding/shape.js';
import { randomBytes } from '../crypto/random.js';
import type { Identifier, IdentifierKind } from '../domain/codes.js';

/**
 * Blind matching tokens (issue 8): a keyed hash of one normalised identifier, so schemes can learn
 * that another scheme holds an unpublished report naming the same number, email, handle or plate,
 * by comparing tokens on the relay, without the relay learning the identifier.
 *
 * token = base64url(HMAC-SHA-256(matchingKey, "umn1:matching-token\n" kind "\n" value)[0..16])
 *
 * The matching key is one network-wide 32-byte key held by schemes' staff only (in SchemeSecrets,
 * handed between schemes by key grants). Members and the relay never hold it.
 *
 * Limits, stated plainly (docs/protocol.md, "Blind matching"):
 * - anyone holding the key can test guesses: a UK mobile number has about 10^9 possibilities, so
 *   a key holder recovers any phone token by brute force in minutes. The tokens protect against
 *   the relay and outsiders, not against a scheme's staff or a stolen unlocked staff device;
 * - the relay still sees which tokens are equal across schemes, how many each scheme holds, and
 *   when they appear: that two schemes hold reports on the same person is itself learnt;
 * - tokens only match when identifiers are normalised the same way (shared/identifiers);
 * - partial identifiers are refused: their few characters would be even easier to guess and
 *   would match unrelated people.
 */

/** Identifier kinds that can be tokenised (full identifiers only). */
export const MATCHABLE_KINDS = ['phone', 'email', 'handle', 'plate'] as const;

/** Creates a new network matching key (the operator or the first scheme does this once). */
export function createMatchingKey(): Uint8Array {
  return randomBytes(32);
}

/**
 * The matching token of a normalised identifier, or null for a kind that is not matchable or an
 * empty value. Throws when the key is not 32 bytes.
 */
export function matchingToken(identifier: Identifier, matchingKey: Uint8Array): string | null {
  requireBytes(matchingKey, 32, 'matchingToken: matching key');
  if (!isOneOf<IdentifierKind>(identifier?.kind, MATCHABLE_KINDS)) return null;
  if (!isText(identifier.value, 200, 1)) return null;

  const input = utf8(`umn1:matching-token\n${identifier.kind}\n${identifier.value}`);
  return toBase64Url(hmac(sha256, matchingKey, input).subarray(0, 16));
}

/** The distinct tokens of a report's or alert's identifiers (unmatchable ones left out). */
export function matchingTokens(
  identifiers: readonly Identifier[],
  matchingKey: Uint8Array,
): string[] {
  requireBytes(matchingKey, 32, 'matchingTokens: matching key');
  const tokens = new Set<string>();
  for (const identifier of identifiers) {
    const token = matchingToken(identifier, matchingKey);
    if (token) tokens.add(token);
  }
  return [...tokens];
}
