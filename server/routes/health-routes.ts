import type { Hono } from 'hono';
import { fail } from '../errors.js';
import type { RelayContext } from '../relay-context.js';

/** GET /v1/health and GET /v1/directory. */
export function addHealthRoutes(app: Hono, relay: RelayContext): void {
  app.get('/v1/health', async (c) => {
    // A ping past the store's deadline (a black-holed database) is an unreachable database too.
    const ok = await relay.store.ping().catch(() => false);
    return ok ? c.json({ ok: true, version: relay.version }) : c.json({ ok: false }, 503);
  });

  app.get('/v1/directory', async (c) => {
    await relay.directory.refresh();
    const signed = relay.directory.signed;
    if (!signed) return fail(c, 'not-found', 'This network has no directory yet.');
    c.header('Cache-Control', 'no-cache');
    return c.json(signed);
  });
}
