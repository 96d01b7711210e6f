import type { Hono } from 'hono';
import { fromBase64Url, fromBase64UrlExact } from '../../shared/encoding/bytes.js';
import { hasExactKeys, isInt, isSchemeId } from '../../shared/encoding/shape.js';
import type { InviteRecord } from '../../shared/protocol/invite.js';
import { clientAddress } from '../client-address.js';
import { fail } from '../errors.js';
import { BODY_LIMITS, type RelayContext } from '../relay-context.js';
import { readBody } from '../read-body.js';
import { readJson } from '../request-input.js';
import { checkSignature, checkSignedEmpty, spendNonce } from '../signed-request-guard.js';

/** An invite may be valid for at most this long: codes handed over in person are used soon. */
const LONGEST_INVITE = 90 * 86_400_000;
/** Base64url length of the largest grant box (100 members' keys fit in well under 8 KiB). */
const MAX_GRANT_TEXT = 16_384;

/** True when `value` is an InviteRecord the relay will store (shared/protocol/invite.ts). */
export function isInviteRecord(value: unknown): value is InviteRecord {
  if (!hasExactKeys(value, ['id', 'scheme', 'expiresAt', 'nonce', 'box'])) return false;
  return (
    fromBase64UrlExact(value.id, 16) !== null &&
    isSchemeId(value.scheme) &&
    isInt(value.expiresAt) &&
    fromBase64UrlExact(value.nonce, 24) !== null &&
    typeof value.box === 'string' &&
    value.box.length >= 22 &&
    value.box.length <= MAX_GRANT_TEXT &&
    fromBase64Url(value.box) !== null
  );
}

/** Creating, listing and revoking invites (signed), and redeeming one (anyone with the code). */
export function addInviteRoutes(app: Hono, relay: RelayContext): void {
  app.post('/v1/invites', async (c) => {
    const body = await readJson(c, BODY_LIMITS.invite);
    if (body instanceof Response) return body;
    const signer = await checkSignature(c, relay, body.text);
    if (signer instanceof Response) return signer;
    if (!isInviteRecord(body.value)) return fail(c, 'bad-request', 'The body is not an invite.');

    const record = body.value;
    if (record.scheme !== signer.scheme) {
      return fail(c, 'scheme-mismatch', 'A scheme may only invite to itself.');
    }
    const now = relay.now();
    if (record.expiresAt <= now || record.expiresAt > now + LONGEST_INVITE) {
      return fail(c, 'bad-request', 'An invite must expire in the future, within 90 days.');
    }
    const replay = await spendNonce(c, relay, signer);
    if (replay) return replay;

    const stored = await relay.store.putInvite(record, now);
    if (!stored) return fail(c, 'duplicate-id', 'An invite with this id already exists.');
    return c.json({ id: record.id }, 201);
  });

  app.get('/v1/schemes/:scheme/invites', async (c) => {
    const signer = await checkSignedEmpty(c, relay);
    if (signer instanceof Response) return signer;

    return c.json({ invites: await relay.store.listInvites(signer.scheme) });
  });

  app.delete('/v1/schemes/:scheme/invites/:id', async (c) => {
    const id = c.req.param('id');
    const signer = await checkSignedEmpty(c, relay, () =>
      fromBase64UrlExact(id, 16) ? null : fail(c, 'bad-request', 'That is not an invite id.'),
    );
    if (signer instanceof Response) return signer;

    const revoked = await relay.store.revokeInvite(signer.scheme, id);
    if (!revoked) return fail(c, 'not-found', 'No unredeemed invite with that id.');
    return c.json({ revoked: true });
  });

  app.post('/v1/invites/:id/redeem', async (c) => {
    if (!relay.limiter.take('redeem', clientAddress(c, relay.trustProxy))) {
      return fail(c, 'rate-limited', 'Too many tries from this connection; wait a few minutes.');
    }
    // Any small body is ignored: the id in the path is all a redemption needs.
    const body = await readBody(c, BODY_LIMITS.empty);
    if (!body.ok) return fail(c, body.code, body.message);
    const id = c.req.param('id');
    if (!fromBase64UrlExact(id, 16)) {
      return fail(c, 'invite-unknown', 'This invite code is not known; check it with staff.');
    }

    const redeemed = await relay.store.redeemInvite(id, relay.now());
    if (redeemed.ok) {
      return c.json({ scheme: redeemed.scheme, nonce: redeemed.nonce, box: redeemed.box });
    }
    switch (redeemed.reason) {
      case 'invite-unknown':
        return fail(c, 'invite-unknown', 'This invite code is not known; check it with staff.');
      case 'invite-used':
        return fail(
          c,
          'invite-used',
          'This invite code was already used; ask staff for a new one.',
        );
      case 'invite-expired':
        return fail(c, 'invite-expired', 'This invite code has expired; ask staff for a new one.');
    }
  });
}
