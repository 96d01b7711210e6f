import type { Hono } from 'hono';
import { fromBase64UrlExact } from '../../shared/encoding/bytes.js';
import { hasExactKeys, isInt, isListOf } from '../../shared/encoding/shape.js';
import {
  isDeviceEnrolmentEnvelope,
  type DeviceEnrolmentEnvelope,
} from '../../shared/protocol/device-enrolment.js';
import {
  isKeyGrantEnvelope,
  verifyKeyGrantEnvelope,
  type KeyGrantEnvelope,
} from '../../shared/protocol/key-grant.js';
import { clientAddress } from '../client-address.js';
import { fail } from '../errors.js';
import { BODY_LIMITS, type RelayContext } from '../relay-context.js';
import { readJson } from '../request-input.js';
import { checkSignature, checkSignedEmpty, spendNonce } from '../signed-request-guard.js';

/**
 * A device must enrol within this long of redeeming its invite. The extension enrols right after
 * redeeming and retries at each sync, so a day covers a dropped connection; a longer window would
 * only give whoever learns an invite id later more time to enrol under it first.
 */
export const ENROL_WITHIN_MS = 86_400_000;
/** Key grants one post may carry, and one fetch returns. */
export const MAX_GRANTS = 100;

/**
 * Members' key rotation (docs/protocol.md §4.6–4.8, docs/api.md): a worker's device enrols under
 * the invite it redeemed; staff list their scheme's enrolments and post key grants (the outer
 * signature checked against the directory), filed under each recipient id; a device fetches its
 * grants by recipient id and acknowledges them once stored, which deletes them.
 *
 * The relay cannot check an enrolment's MAC (it never sees invite codes), so it accepts one
 * enrolment per recently redeemed invite and staff check the MAC; it cannot open a grant, and a
 * recipient id reveals nothing of the key it stands for.
 */
export function addMembershipRoutes(app: Hono, relay: RelayContext): void {
  app.post('/v1/enrolments', async (c) => {
    // Enrolling follows a redemption one for one: the redemption budget fits it.
    if (!relay.limiter.take('redeem', clientAddress(c, relay.trustProxy))) {
      return fail(c, 'rate-limited', 'Too many tries from this connection; wait a few minutes.');
    }
    const body = await readJson(c, BODY_LIMITS.enrolment);
    if (body instanceof Response) return body;
    const value = body.value;
    const shaped =
      hasExactKeys(value, ['invite', 'envelope']) &&
      fromBase64UrlExact(value.invite, 16) !== null &&
      isDeviceEnrolmentEnvelope(value.envelope);
    if (!shaped) {
      return fail(c, 'bad-request', 'The body must be {invite, envelope}: a device enrolment.');
    }
    const { invite, envelope } = value as { invite: string; envelope: DeviceEnrolmentEnvelope };
    await relay.directory.refreshIfOlderThan(5_000);
    const scheme = relay.directory.scheme(envelope.scheme);
    if (!scheme) return fail(c, 'unknown-scheme', 'No scheme with that id is in the directory.');
    if (scheme.status !== 'active') {
      return fail(c, 'scheme-suspended', 'This scheme is suspended; ask the network operator.');
    }

    const stored = await relay.store.putEnrolment(invite, envelope, relay.now(), ENROL_WITHIN_MS);
    switch (stored) {
      case 'stored':
        return c.json({ enrolled: true }, 201);
      case 'existing':
        return c.json({ enrolled: true }, 200);
      case 'conflict':
        return fail(c, 'duplicate-id', 'A device is already enrolled under this invite.');
      case 'no-invite':
        return fail(
          c,
          'invite-unknown',
          'Enrol right after redeeming an invite of this scheme; ask staff for a new one.',
        );
    }
  });

  app.get('/v1/schemes/:scheme/enrolments', async (c) => {
    const signer = await checkSignedEmpty(c, relay);
    if (signer instanceof Response) return signer;

    return c.json({ enrolments: await relay.store.listEnrolments(signer.scheme) });
  });

  app.delete('/v1/schemes/:scheme/enrolments/:invite', async (c) => {
    const invite = c.req.param('invite');
    const signer = await checkSignedEmpty(c, relay, () =>
      fromBase64UrlExact(invite, 16) ? null : fail(c, 'bad-request', 'That is not an invite id.'),
    );
    if (signer instanceof Response) return signer;

    const deleted = await relay.store.deleteEnrolment(signer.scheme, invite);
    if (!deleted) return fail(c, 'not-found', 'No enrolment under that invite.');
    return c.json({ deleted: true });
  });

  app.post('/v1/grants', async (c) => {
    const body = await readJson(c, BODY_LIMITS.grants);
    if (body instanceof Response) return body;
    const signer = await checkSignature(c, relay, body.text);
    if (signer instanceof Response) return signer;
    const value = body.value;
    const shaped =
      hasExactKeys(value, ['grants']) &&
      Array.isArray(value.grants) &&
      value.grants.length >= 1 &&
      isListOf(value.grants, MAX_GRANTS, isKeyGrantEnvelope);
    if (!shaped) {
      return fail(c, 'bad-request', `The body must be {grants}: 1 to ${MAX_GRANTS} key grants.`);
    }
    const grants = value.grants as KeyGrantEnvelope[];
    if (grants.some((g) => g.scheme !== signer.scheme)) {
      return fail(c, 'scheme-mismatch', 'A scheme may only post grants it issued.');
    }
    const signingKey = relay.directory.scheme(signer.scheme)!.signingKey;
    for (const grant of grants) {
      if (!(await verifyKeyGrantEnvelope(grant, signingKey))) {
        return fail(c, 'bad-signature', "A grant's signature does not match the scheme's key.");
      }
    }
    const replay = await spendNonce(c, relay, signer);
    if (replay) return replay;

    const stored = await relay.store.putGrants(grants, relay.now());
    return c.json({ stored }, 201);
  });

  app.get('/v1/grants/:recipient', async (c) => {
    if (!relay.limiter.take('read', clientAddress(c, relay.trustProxy))) {
      return fail(c, 'rate-limited', 'Too many requests from this connection; try again shortly.');
    }
    const recipient = c.req.param('recipient');
    if (!fromBase64UrlExact(recipient, 16)) {
      return fail(c, 'bad-request', 'That is not a recipient id.');
    }
    return c.json({ grants: await relay.store.listGrants(recipient, MAX_GRANTS) });
  });

  app.post('/v1/grants/:recipient/ack', async (c) => {
    if (!relay.limiter.take('read', clientAddress(c, relay.trustProxy))) {
      return fail(c, 'rate-limited', 'Too many requests from this connection; try again shortly.');
    }
    const recipient = c.req.param('recipient');
    if (!fromBase64UrlExact(recipient, 16)) {
      return fail(c, 'bad-request', 'That is not a recipient id.');
    }
    const body = await readJson(c, BODY_LIMITS.grantAck);
    if (body instanceof Response) return body;
    const value = body.value;
    const shaped =
      hasExactKeys(value, ['ids']) &&
      isListOf(value.ids, MAX_GRANTS, (id): id is number => isInt(id, 1));
    if (!shaped) return fail(c, 'bad-request', `The body must be {ids}: up to ${MAX_GRANTS} ids.`);
    await relay.directory.refreshIfOlderThan(5_000);
    if (relay.directory.isSchemeRecipient(recipient)) {
      return fail(c, 'bad-request', 'Grants to a scheme are kept for all of its staff.');
    }

    const deleted = await relay.store.deleteGrants(recipient, value.ids as number[]);
    return c.json({ deleted });
  });
}
