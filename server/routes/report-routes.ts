import type { Hono } from 'hono';
import { isReportEnvelope } from '../../shared/protocol/report-envelope.js';
import { isId } from '../../shared/encoding/shape.js';
import { clientAddress } from '../client-address.js';
import { fail } from '../errors.js';
import { BODY_LIMITS, type RelayContext } from '../relay-context.js';
import { readJson, readPage } from '../request-input.js';
import { checkSignature, checkSignedEmpty, spendNonce } from '../signed-request-guard.js';

const MAX_ACK = 500;

/** Anonymous report submission, and a scheme's signed listing and acknowledgement. */
export function addReportRoutes(app: Hono, relay: RelayContext): void {
  app.post('/v1/reports', async (c) => {
    if (!relay.limiter.take('report', clientAddress(c, relay.trustProxy))) {
      return fail(c, 'rate-limited', 'Too many reports from this connection; try again shortly.');
    }
    const body = await readJson(c, BODY_LIMITS.report);
    if (body instanceof Response) return body;
    if (!isReportEnvelope(body.value)) {
      return fail(c, 'bad-request', 'The body is not a sealed report envelope.');
    }

    const envelope = body.value;
    await relay.directory.refreshIfOlderThan(1000);
    const scheme = relay.directory.scheme(envelope.scheme);
    if (!scheme) return fail(c, 'unknown-scheme', 'No scheme with that id is in the directory.');
    if (scheme.status !== 'active') {
      return fail(c, 'scheme-suspended', 'This scheme is not taking reports; try another scheme.');
    }

    const put = await relay.store.putReport(envelope, relay.now());
    if (put.status === 'conflict') {
      return fail(c, 'duplicate-id', 'Another report was already sent with this id.');
    }
    return c.json(
      { id: envelope.id, receivedAt: put.receivedAt },
      put.status === 'created' ? 201 : 200,
    );
  });

  app.get('/v1/schemes/:scheme/reports', async (c) => {
    const page = readPage(c);
    if (page instanceof Response) return page;
    const signer = await checkSignedEmpty(c, relay);
    if (signer instanceof Response) return signer;

    const reports = await relay.store.listReports(signer.scheme, page.after, page.limit);
    const cursor = reports.at(-1)?.seq ?? page.after;
    return c.json({ reports, cursor });
  });

  app.post('/v1/schemes/:scheme/reports/ack', async (c) => {
    const body = await readJson(c, BODY_LIMITS.ack);
    if (body instanceof Response) return body;
    const signer = await checkSignature(c, relay, body.text, c.req.param('scheme'));
    if (signer instanceof Response) return signer;
    const ids = (body.value as { ids?: unknown } | null)?.ids;
    const shaped =
      isOnlyKey(body.value, 'ids') &&
      Array.isArray(ids) &&
      ids.length <= MAX_ACK &&
      ids.every((id) => isId(id));
    if (!shaped) {
      return fail(c, 'bad-request', `The body must be {"ids": [...]} with at most ${MAX_ACK} ids.`);
    }
    const replay = await spendNonce(c, relay, signer);
    if (replay) return replay;

    const acknowledged = await relay.store.ackReports(signer.scheme, ids, relay.now());
    return c.json({ acknowledged });
  });
}

function isOnlyKey(value: unknown, key: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    Object.hasOwn(value, key)
  );
}
