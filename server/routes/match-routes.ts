import type { Hono } from 'hono';
import { fromBase64UrlExact } from '../../shared/encoding/bytes.js';
import { hasExactKeys, isInt, isListOf } from '../../shared/encoding/shape.js';
import { fail } from '../errors.js';
import { BODY_LIMITS, type RelayContext } from '../relay-context.js';
import { readJson } from '../request-input.js';
import { checkSignature, checkSignedEmpty, spendNonce } from '../signed-request-guard.js';

/** Tokens one report may publish: every identifier a report form can hold, with room to spare. */
export const MAX_TOKENS_PER_REF = 32;

/** Tokens one query may ask about (one report's tokens, or a small batch). */
export const MAX_QUERY_TOKENS = 64;

/** Unexpired refs one scheme may hold: far above any scheme's open caseload, a bound on abuse. */
export const MAX_REFS_PER_SCHEME = 5000;

/** Longest a published token set may live before the scheme must publish it again. */
export const MAX_TOKEN_LIFETIME_MS = 366 * 24 * 60 * 60 * 1000;

/** A matching token or ref: 16 bytes in base64url. */
function isBlindId(value: unknown): value is string {
  return fromBase64UrlExact(value, 16) !== null;
}

/**
 * Blind matching (issue 8, docs/api.md "Match tokens"): a scheme publishes, signed, the keyed
 * tokens of a report it holds unpublished under a random ref, withdraws them, and asks which
 * OTHER schemes hold any of a set of tokens. The relay compares opaque tokens only; it never
 * returns refs, nor the asking scheme's own holdings.
 */
export function addMatchRoutes(app: Hono, relay: RelayContext): void {
  app.put('/v1/schemes/:scheme/match-tokens/:ref', async (c) => {
    const body = await readJson(c, BODY_LIMITS.match);
    if (body instanceof Response) return body;
    const signer = await checkSignature(c, relay, body.text, c.req.param('scheme'));
    if (signer instanceof Response) return signer;
    const ref = c.req.param('ref');
    if (!isBlindId(ref)) return fail(c, 'bad-request', 'That is not a match token ref.');
    const value = body.value as { tokens?: unknown; expiresAt?: unknown };
    const now = relay.now();
    const shaped =
      hasExactKeys(value, ['tokens', 'expiresAt']) &&
      isListOf(value.tokens, MAX_TOKENS_PER_REF, isBlindId) &&
      value.tokens.length > 0 &&
      isInt(value.expiresAt, now + 1, now + MAX_TOKEN_LIFETIME_MS);
    if (!shaped) {
      return fail(
        c,
        'bad-request',
        `The body must be {tokens, expiresAt}: 1 to ${MAX_TOKENS_PER_REF} tokens and an expiry within a year.`,
      );
    }
    const replay = await spendNonce(c, relay, signer);
    if (replay) return replay;

    const tokens = value.tokens as string[];
    const stored = await relay.store.putMatchTokens(
      signer.scheme,
      ref,
      tokens,
      value.expiresAt as number,
      now,
      MAX_REFS_PER_SCHEME,
    );
    if (!stored) {
      return fail(
        c,
        'bad-request',
        'This scheme already holds as many token sets as the relay keeps.',
      );
    }
    return c.json({ stored: true });
  });

  app.delete('/v1/schemes/:scheme/match-tokens/:ref', async (c) => {
    const ref = c.req.param('ref');
    const signer = await checkSignedEmpty(c, relay, () =>
      isBlindId(ref) ? null : fail(c, 'bad-request', 'That is not a match token ref.'),
    );
    if (signer instanceof Response) return signer;

    // Withdrawing twice is not an error: the caller's intent (nothing held) is met either way.
    const deleted = await relay.store.deleteMatchTokens(signer.scheme, ref);
    return c.json({ deleted });
  });

  app.post('/v1/match-queries', async (c) => {
    const body = await readJson(c, BODY_LIMITS.match);
    if (body instanceof Response) return body;
    const signer = await checkSignature(c, relay, body.text);
    if (signer instanceof Response) return signer;
    const value = body.value as { tokens?: unknown };
    const shaped =
      hasExactKeys(value, ['tokens']) && isListOf(value.tokens, MAX_QUERY_TOKENS, isBlindId);
    if (!shaped) {
      return fail(
        c,
        'bad-request',
        `The body must be {tokens} with at most ${MAX_QUERY_TOKENS} tokens.`,
      );
    }
    const replay = await spendNonce(c, relay, signer);
    if (replay) return replay;

    const matches = await relay.store.findMatches(
      signer.scheme,
      value.tokens as string[],
      relay.now(),
    );
    return c.json({ matches });
  });
}
