import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { isSchemeId } from '../shared/encoding/shape.js';
import { SIGNATURE_HEADERS } from '../shared/protocol/signed-request.js';
import { fail } from './errors.js';
import type { RelayContext } from './relay-context.js';
import { addAlertRoutes, addAlertStreamRoute, KEEP_ALIVE_MS } from './routes/alert-routes.js';
import { addHealthRoutes } from './routes/health-routes.js';
import { addInviteRoutes } from './routes/invite-routes.js';
import { addJournalRoutes } from './routes/journal-routes.js';
import { addMatchRoutes } from './routes/match-routes.js';
import { addMembershipRoutes } from './routes/membership-routes.js';
import { addReplyRoutes } from './routes/reply-routes.js';
import { addReportRoutes } from './routes/report-routes.js';
import { addVaultRoutes } from './routes/vault-routes.js';
import type { TrafficCounter } from './traffic-counter.js';

/** Error codes that mean the database is unreachable rather than that our code is wrong. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'SQLITE_BUSY',
  'STORE_TIMEOUT',
  '57P01',
  '57P03',
]);

/**
 * The relay's HTTP API (docs/api.md) as a Hono app. CORS is open to every origin: the widget runs
 * on schemes' own sites and the extension has no host permission for the relay, and nothing here
 * relies on cookies or ambient credentials (signed requests carry their own proof).
 */
export function createRelayApp(
  relay: RelayContext,
  traffic: TrafficCounter,
  keepAliveMs = KEEP_ALIVE_MS,
): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    traffic.count(c.res.status);
  });
  addAlertStreamRoute(app, relay, keepAliveMs);
  app.use(
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      allowHeaders: ['content-type', 'last-event-id', ...Object.values(SIGNATURE_HEADERS)],
      maxAge: 86_400,
    }),
  );
  app.use('/v1/schemes/:scheme/*', async (c, next) => {
    if (!isSchemeId(c.req.param('scheme')))
      return fail(c, 'bad-request', 'That is not a scheme id.');
    await next();
  });

  addHealthRoutes(app, relay);
  addReportRoutes(app, relay);
  addAlertRoutes(app, relay);
  addInviteRoutes(app, relay);
  addReplyRoutes(app, relay);
  addVaultRoutes(app, relay);
  addMatchRoutes(app, relay);
  addJournalRoutes(app, relay);
  addMembershipRoutes(app, relay);

  app.notFound((c) => fail(c, 'not-found', 'There is no such endpoint; see docs/api.md.'));
  app.onError((error, c) => {
    // Only the error's kind is logged: messages from a database driver can quote values.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE.has(code)) {
      relay.log.event('error', 'store-unavailable', { code });
      return fail(c, 'unavailable', 'The relay cannot reach its database; try again soon.');
    }
    relay.log.event('error', 'internal-error', { kind: error.name });
    return fail(c, 'internal', 'Something went wrong on the relay; nothing was stored.');
  });
  return app;
}
