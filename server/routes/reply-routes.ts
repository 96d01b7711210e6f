import type { Hono } from 'hono';
import { fromBase64Url, fromBase64UrlExact } from '../../shared/encoding/bytes.js';
import { hasExactKeys } from '../../shared/encoding/shape.js';
import { isReplyEnvelope, type ReplyEnvelope } from '../../shared/protocol/receipt.js';
import { clientAddress } from '../client-address.js';
import { fail } from '../errors.js';
import { BODY_LIMITS, type RelayContext } from '../relay-context.js';
import { readJson } from '../request-input.js';
import { checkSignature, spendNonce } from '../signed-request-guard.js';

/** Replies kept per receipt: a conversation, not a mailbox. */
export const MAX_REPLIES_PER_RECEIPT = 100;

/** A scheme's reply to a receipt (signed) and the receipt holder's read. */
export function addReplyRoutes(app: Hono, relay: RelayContext): void {
  app.post('/v1/replies', async (c) => {
    const body = await readJson(c, BODY_LIMITS.reply);
    if (body instanceof Response) return body;
    const signer = await checkSignature(c, relay, body.text);
    if (signer instanceof Response) return signer;
    const value = body.value as { receiptId?: unknown; envelope?: unknown };
    const shaped =
      hasExactKeys(value, ['receiptId', 'envelope']) &&
      fromBase64UrlExact(value.receiptId, 16) !== null &&
      isReplyEnvelope(value.envelope) &&
      fromBase64Url(value.envelope.box) !== null;
    if (!shaped) {
      return fail(
        c,
        'bad-request',
        'The body must be {receiptId, envelope} with a reply envelope.',
      );
    }

    const receiptId = value.receiptId as string;
    if ((await relay.store.countReplies(receiptId)) >= MAX_REPLIES_PER_RECEIPT) {
      return fail(
        c,
        'bad-request',
        'This receipt already holds as many replies as the relay keeps.',
      );
    }
    const replay = await spendNonce(c, relay, signer);
    if (replay) return replay;

    const envelope = value.envelope as ReplyEnvelope;
    const seq = await relay.store.putReply(receiptId, signer.scheme, envelope, relay.now());
    return c.json({ seq }, 201);
  });

  app.get('/v1/replies/:receiptId', async (c) => {
    if (!relay.limiter.take('read', clientAddress(c, relay.trustProxy))) {
      return fail(c, 'rate-limited', 'Too many requests from this connection; try again shortly.');
    }
    const receiptId = c.req.param('receiptId');
    if (!fromBase64UrlExact(receiptId, 16)) {
      return fail(c, 'bad-request', 'That is not a receipt id.');
    }
    return c.json({ replies: await relay.store.listReplies(receiptId) });
  });
}
