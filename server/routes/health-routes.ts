import type { Hono } from 'hono';
import { fail } from '../errors.js';
import type { RelayContext } from '../relay-context.js';

/** GET /v1/health and GET /v1/directory. */
export function addHealthRoutes(app: Hono, relay: RelayContext): void {
  app.get('/v1/health', async (c) => {
    const ok = await relay.store.ping();
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
