import type { Hono } from 'hono';
import { isId } from '../../shared/encoding/shape.js';
import { isStaffVault } from '../../shared/protocol/staff-vault.js';
import { clientAddress } from '../client-address.js';
import { fail } from '../errors.js';
import { BODY_LIMITS, type RelayContext } from '../relay-context.js';
import { readJson } from '../request-input.js';
import { checkSignature, checkSignedEmpty, spendNonce } from '../signed-request-guard.js';

/**
 * Staff vaults: passphrase-wrapped scheme secrets, opaque to the relay. Anyone may fetch them (a
 * new staff device must, before it holds any key); only the scheme may add or remove one.
 */
export function addVaultRoutes(app: Hono, relay: RelayContext): void {
  app.get('/v1/schemes/:scheme/staff-vaults', async (c) => {
    if (!relay.limiter.take('read', clientAddress(c, relay.trustProxy))) {
      return fail(c, 'rate-limited', 'Too many requests from this connection; try again shortly.');
    }
    return c.json({ vaults: await relay.store.listVaults(c.req.param('scheme')) });
  });

  app.put('/v1/schemes/:scheme/staff-vaults/:staff', async (c) => {
    const body = await readJson(c, BODY_LIMITS.vault);
    if (body instanceof Response) return body;
    const signer = await checkSignature(c, relay, body.text, c.req.param('scheme'));
    if (signer instanceof Response) return signer;
    const vault = body.value;
    if (!isStaffVault(vault)) return fail(c, 'bad-request', 'The body is not a staff vault.');
    if (vault.scheme !== signer.scheme || vault.staff !== c.req.param('staff')) {
      return fail(c, 'scheme-mismatch', "The vault's scheme and staff id must match the path.");
    }
    const replay = await spendNonce(c, relay, signer);
    if (replay) return replay;

    await relay.store.putVault(vault);
    return c.json({ stored: true });
  });

  app.delete('/v1/schemes/:scheme/staff-vaults/:staff', async (c) => {
    const staff = c.req.param('staff');
    const signer = await checkSignedEmpty(c, relay, async ({ scheme }) => {
      if (!isId(staff)) return fail(c, 'bad-request', 'That is not a staff vault id.');
      // Removing the last vault would lock the scheme out of its own keys for good.
      const vaults = await relay.store.listVaults(scheme);
      return vaults.length === 1 && vaults[0]!.staff === staff
        ? fail(c, 'bad-request', "This is the scheme's last staff vault: add another first.")
        : null;
    });
    if (signer instanceof Response) return signer;

    const deleted = await relay.store.deleteVault(signer.scheme, staff);
    if (!deleted) return fail(c, 'not-found', 'No staff vault with that id.');
    return c.json({ deleted: true });
  });
}
