import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { isAlertEnvelope, verifyAlertEnvelope } from '../../shared/protocol/alert-envelope.js';
import { followAlerts } from '../alert-follower.js';
import { FeedCache } from '../feed-cache.js';
import { clientAddress } from '../client-address.js';
import { fail } from '../errors.js';
import { BODY_LIMITS, type RelayContext } from '../relay-context.js';
import { readCount, readJson, readPage } from '../request-input.js';
import { checkSignature, spendNonce } from '../signed-request-guard.js';

const DAY = 86_400_000;
/** Retractions last 400 days (shared/protocol/alert-envelope.ts); allow a little more. */
const LONGEST_LIFE = 420 * DAY;
/** SSE comment interval: proxies close connections that are silent for a minute or so. */
export const KEEP_ALIVE_MS = 15_000;

/** Publishing alerts (signed) and the alert feed; the live stream is addAlertStreamRoute. */
export function addAlertRoutes(app: Hono, relay: RelayContext): void {
  const feed = new FeedCache();

  app.post('/v1/alerts', async (c) => {
    const body = await readJson(c, BODY_LIMITS.alert);
    if (body instanceof Response) return body;
    const signer = await checkSignature(c, relay, body.text);
    if (signer instanceof Response) return signer;
    if (!isAlertEnvelope(body.value)) {
      return fail(c, 'bad-request', 'The body is not an alert envelope.');
    }

    const envelope = body.value;
    if (envelope.scheme !== signer.scheme) {
      return fail(c, 'scheme-mismatch', 'A scheme may only publish its own alerts.');
    }
    const now = relay.now();
    if (envelope.expiresAt <= now || envelope.expiresAt > now + LONGEST_LIFE) {
      return fail(c, 'bad-request', 'The alert has already expired or expires too far ahead.');
    }
    const key = relay.directory.scheme(signer.scheme)!.signingKey;
    if (!(await verifyAlertEnvelope(envelope, key))) {
      return fail(c, 'bad-signature', "The alert's signature does not match the scheme's key.");
    }
    const replay = await spendNonce(c, relay, signer);
    if (replay) return replay;

    const seq = await relay.store.putAlert(envelope, now);
    // Move this process's hub before answering, so the publisher's next feed read (and any
    // cached page) already reflects the alert; other processes follow on NOTIFY.
    await relay.hub.pump();
    return c.json({ seq }, 201);
  });

  app.get('/v1/alerts', async (c) => {
    if (!relay.limiter.take('read', clientAddress(c, relay.trustProxy))) {
      return fail(c, 'rate-limited', 'Too many requests from this connection; try again shortly.');
    }
    const page = readPage(c);
    if (page instanceof Response) return page;
    const now = relay.now();
    // Read the hub's position before the store: if an alert lands in between, the cached page
    // is keyed to the older position and dropped on the next request.
    const lastSeq = relay.hub.lastSeq;
    let body = feed.get(page.after, page.limit, lastSeq, now);
    if (body === undefined) {
      const alerts = await relay.store.listAlerts(page.after, page.limit, now);
      body = Buffer.from(JSON.stringify({ alerts, cursor: alerts.at(-1)?.seq ?? page.after }));
      const firstExpiry = Math.min(now + 60_000, ...alerts.map((a) => a.envelope.expiresAt));
      feed.set(page.after, page.limit, lastSeq, firstExpiry, body);
    }
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/json' });
  });
}

/**
 * GET /v1/alerts/stream. Registered before the CORS middleware (app.ts): Hono merges headers a
 * middleware set into the handler's response by re-creating it, which would turn the
 * "already sent" marker of a response written straight to Node into a second response.
 */
export function addAlertStreamRoute(
  app: Hono,
  relay: RelayContext,
  keepAliveMs = KEEP_ALIVE_MS,
): void {
  app.get('/v1/alerts/stream', (c) => {
    // This route runs before the CORS middleware, so its error answers carry the header here.
    const refuse = (code: 'rate-limited' | 'bad-request', message: string) => {
      c.header('Access-Control-Allow-Origin', '*');
      return fail(c, code, message);
    };
    if (!relay.limiter.take('read', clientAddress(c, relay.trustProxy))) {
      return refuse('rate-limited', 'Too many requests from this connection; try again shortly.');
    }
    // Last-Event-ID (sent by EventSource when it reconnects) wins over ?after=.
    const resumeFrom = c.req.header('last-event-id') ?? c.req.query('after');
    const after = readCount(resumeFrom, relay.hub.lastSeq);
    if (after === null) return refuse('bad-request', 'The cursor must be a whole number.');

    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (outgoing) return streamToNode(relay, outgoing, after, keepAliveMs);

    // Served outside @hono/node-server (app.request in a test): Hono's web-stream SSE.
    return streamSSE(c, async (stream) => {
      const follower = followAlerts(
        relay,
        after,
        {
          send: (alert) =>
            stream.writeSSE({ event: 'alert', id: String(alert.seq), data: JSON.stringify(alert) }),
          idle: () => stream.write(': keep-alive\n\n').then(() => undefined),
          close: () => void stream.close(),
        },
        keepAliveMs,
      );
      stream.onAbort(follower.stop);
      await follower.done;
    });
  });
}

/**
 * Server-sent events written straight to Node's response: a live stream is then a socket and a
 * few closures (about 14 KB) instead of a chain of web streams (about 50 KB), which is what
 * matters with thousands of members connected.
 */
function streamToNode(
  relay: RelayContext,
  outgoing: HttpBindings['outgoing'],
  after: number,
  keepAliveMs: number,
): Response {
  outgoing.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'access-control-allow-origin': '*',
  });
  outgoing.flushHeaders();
  const write = (text: string) =>
    new Promise<void>((resolve, reject) =>
      outgoing.write(text, (error) => (error ? reject(error) : resolve())),
    );
  const follower = followAlerts(
    relay,
    after,
    {
      send: (alert) => write(`event: alert\nid: ${alert.seq}\ndata: ${JSON.stringify(alert)}\n\n`),
      idle: () => write(': keep-alive\n\n'),
      close: () => outgoing.end(),
    },
    keepAliveMs,
  );
  outgoing.once('close', follower.stop);
  return RESPONSE_ALREADY_SENT;
}
