import type { Context } from 'hono';
import { verifyRequest, SIGNATURE_HEADERS } from '../shared/protocol/signed-request.js';
import { clientAddress } from './client-address.js';
import { fail } from './errors.js';
import type { RelayContext } from './relay-context.js';
import { readEmpty } from './request-input.js';

/** A request signed by an active scheme whose nonce is not yet spent. */
export interface SignedBy {
  scheme: string;
  nonce: string;
  time: number;
}

/**
 * Checks a signed request (docs/api.md): the scheme exists and is active in the verified
 * directory, matches the scheme in the path when there is one, and signed method, path with
 * query, time, nonce and body hash within the time window. Returns the signer, or the error
 * answer to send.
 *
 * The nonce is NOT spent here: call {@link spendNonce} after the body has passed its shape
 * checks, so a request refused for its content stores nothing.
 */
export async function checkSignature(
  c: Context,
  relay: RelayContext,
  body: string,
  pathScheme?: string,
): Promise<SignedBy | Response> {
  // Forged signatures cost a database read and a verification each: limit them like reads.
  if (!relay.limiter.take('read', clientAddress(c, relay.trustProxy))) {
    return fail(c, 'rate-limited', 'Too many requests from this connection; try again shortly.');
  }
  const scheme = c.req.header(SIGNATURE_HEADERS.scheme);
  if (!scheme) return fail(c, 'unsigned', 'This request must be signed by a scheme.');

  await relay.directory.refresh();
  const known = relay.directory.scheme(scheme);
  if (!known) return fail(c, 'unknown-scheme', 'No scheme with that id is in the directory.');
  if (known.status !== 'active') {
    return fail(c, 'scheme-suspended', 'This scheme is suspended; ask the network operator.');
  }
  if (pathScheme !== undefined && pathScheme !== scheme) {
    return fail(c, 'scheme-mismatch', 'A scheme may only act on its own data.');
  }

  const url = new URL(c.req.url);
  const check = await verifyRequest(
    { method: c.req.method, path: url.pathname + url.search, body },
    (name) => c.req.header(name),
    (id) => (id === scheme ? known.signingKey : undefined),
    relay.now(),
  );
  if (check.ok) return { scheme: check.scheme, nonce: check.nonce, time: check.time };

  switch (check.reason) {
    case 'unsigned':
      return fail(c, 'unsigned', 'This request must be signed by a scheme.');
    case 'malformed':
      return fail(c, 'bad-request', 'The signature headers are malformed.');
    case 'stale':
      return fail(c, 'stale', "The request's time is too far from the relay's clock.");
    case 'bad-signature':
      return fail(c, 'bad-signature', "The signature does not match the scheme's key.");
  }
}

/** Spends a verified request's nonce; the error answer when it was already used (a replay). */
export async function spendNonce(
  c: Context,
  relay: RelayContext,
  signer: SignedBy,
): Promise<Response | null> {
  const fresh = await relay.store.useNonce(signer.scheme, signer.nonce, signer.time);
  return fresh ? null : fail(c, 'replayed', 'This signed request was already used.');
}

/**
 * A bodiless request (GET, DELETE) signed by the scheme named in its path, with its nonce
 * spent: the signer, or the error answer to send. `refuse` may answer an error for the path's
 * own ids (or the store's state) before the nonce is spent, so a refused request stores nothing.
 */
export async function checkSignedEmpty(
  c: Context,
  relay: RelayContext,
  refuse: (signer: SignedBy) => Response | null | Promise<Response | null> = () => null,
): Promise<SignedBy | Response> {
  const body = await readEmpty(c);
  if (body instanceof Response) return body;
  const signer = await checkSignature(c, relay, body, c.req.param('scheme'));
  if (signer instanceof Response) return signer;
  const refused = await refuse(signer);
  if (refused) return refused;
  return (await spendNonce(c, relay, signer)) ?? signer;
}
