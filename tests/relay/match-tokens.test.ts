import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../shared/encoding/bytes.js';
import { randomBytes } from '../../shared/crypto/random.js';
import { createMatchingKey, matchingToken } from '../../shared/protocol/matching-token.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import { MAX_QUERY_TOKENS, MAX_TOKENS_PER_REF } from '../../server/routes/match-routes.js';
import { openStore } from '../../server/store/open-store.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { BACKENDS } from '../support/relay-backends.js';
import {
  createTestNetwork,
  publishDirectory,
  signedFetch,
  type TestNetwork,
} from '../support/relay-network.js';

const GENEROUS = {
  report: { burst: 10_000, perMinute: 10_000 },
  redeem: { burst: 1000, perMinute: 1000 },
  read: { burst: 10_000, perMinute: 10_000 },
};
const DAY = 24 * 60 * 60 * 1000;
const key = createMatchingKey();
const phone = (value: string) => matchingToken({ kind: 'phone', value }, key)!;
const ref = () => toBase64Url(randomBytes(16));

describe.each(BACKENDS)('blind matching routes on $name', (backend) => {
  let network: TestNetwork;
  let store: RelayStore;
  let relay: RunningRelay;
  let drop: () => Promise<void>;
  let clock = Date.now();

  beforeAll(async () => {
    const created = await backend.create();
    drop = created.drop;
    store = await openStore(created.location);
    network = createTestNetwork(['london', 'north-east', 'south', 'east']);
    network.suspended.add('east');
    await publishDirectory(network, store);
    relay = await startRelay({
      rootPublicKey: network.root.publicKey,
      store,
      rateRules: GENEROUS,
      now: () => clock,
    });
  });

  afterAll(async () => {
    await relay?.close();
    await store?.close();
    await drop?.();
  });

  const put = (scheme: string, at: string, body: unknown, path = scheme) =>
    signedFetch(relay.url, network, scheme, 'PUT', `/v1/schemes/${path}/match-tokens/${at}`, body, {
      now: clock,
    });
  const query = (scheme: string, tokens: unknown) =>
    signedFetch(
      relay.url,
      network,
      scheme,
      'POST',
      '/v1/match-queries',
      { tokens },
      { now: clock },
    );

  it('tells a scheme which other schemes hold a token, never its own and never refs', async () => {
    const shared = phone('+447700900321');
    const londonRef = ref();
    expect(
      (await put('london', londonRef, { tokens: [shared], expiresAt: clock + DAY })).status,
    ).toBe(200);
    expect(
      (
        await put('north-east', ref(), {
          tokens: [shared, phone('+447700900322')],
          expiresAt: clock + DAY,
        })
      ).status,
    ).toBe(200);

    const answer = await query('north-east', [shared, phone('+447700900999')]);
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body).toEqual({ matches: [{ token: shared, schemes: ['london'] }] });
    expect(JSON.stringify(body)).not.toContain(londonRef);

    const fromSouth = await (await query('south', [shared])).json();
    expect(fromSouth).toEqual({ matches: [{ token: shared, schemes: ['london', 'north-east'] }] });

    // Withdrawn: london no longer answers for it.
    const withdrawn = await signedFetch(
      relay.url,
      network,
      'london',
      'DELETE',
      `/v1/schemes/london/match-tokens/${londonRef}`,
      undefined,
      { now: clock },
    );
    expect(await withdrawn.json()).toEqual({ deleted: true });
    expect(await (await query('north-east', [shared])).json()).toEqual({ matches: [] });
  });

  it('replaces a ref’s set on a second put, and forgets expired sets', async () => {
    const at = ref();
    const first = phone('+447700900401');
    const second = phone('+447700900402');
    await put('london', at, { tokens: [first], expiresAt: clock + DAY });
    await put('london', at, { tokens: [second], expiresAt: clock + DAY });
    expect(await (await query('south', [first, second])).json()).toEqual({
      matches: [{ token: second, schemes: ['london'] }],
    });

    clock += 2 * DAY;
    expect(await (await query('south', [second])).json()).toEqual({ matches: [] });
    const pruned = await store.prune(clock, 0, 0);
    expect(pruned.matchTokens).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad shapes, other schemes’ paths, suspended schemes and unsigned calls, storing nothing', async () => {
    const before = (await store.stats()).matchTokens;
    const token = phone('+447700900500');
    const tooMany = Array.from({ length: MAX_TOKENS_PER_REF + 1 }, (_, i) =>
      phone(`+4477009005${String(i).padStart(2, '0')}`),
    );
    const bad: [string, unknown][] = [
      ['no tokens', { tokens: [], expiresAt: clock + DAY }],
      ['too many tokens', { tokens: tooMany, expiresAt: clock + DAY }],
      ['not a token', { tokens: ['07700900500'], expiresAt: clock + DAY }],
      ['expired', { tokens: [token], expiresAt: clock - 1 }],
      ['too far ahead', { tokens: [token], expiresAt: clock + 400 * DAY }],
      ['extra key', { tokens: [token], expiresAt: clock + DAY, reportId: 'x' }],
    ];
    for (const [, body] of bad) expect((await put('london', ref(), body)).status).toBe(400);
    expect(
      (await put('london', 'not-a-ref', { tokens: [token], expiresAt: clock + DAY })).status,
    ).toBe(400);
    expect(
      (await put('london', ref(), { tokens: [token], expiresAt: clock + DAY }, 'south')).status,
    ).toBe(403);
    expect((await put('east', ref(), { tokens: [token], expiresAt: clock + DAY })).status).toBe(
      403,
    );
    const unsigned = await fetch(`${relay.url}/v1/match-queries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokens: [token] }),
    });
    expect(unsigned.status).toBe(401);
    const bigQuery = Array.from({ length: MAX_QUERY_TOKENS + 1 }, () => token);
    expect((await query('london', bigQuery)).status).toBe(400);
    expect((await query('london', 'x')).status).toBe(400);
    expect((await store.stats()).matchTokens).toBe(before);
  });

  it('caps the sets one scheme holds, while still letting it replace one it has', async () => {
    const now = clock;
    const refs = [ref(), ref()];
    const token = phone('+447700900600');
    for (const at of refs) {
      expect(await store.putMatchTokens('south', at, [token], now + DAY, now, 2)).toBe(true);
    }
    expect(await store.putMatchTokens('south', ref(), [token], now + DAY, now, 2)).toBe(false);
    expect(await store.putMatchTokens('south', refs[0]!, [token], now + DAY, now, 2)).toBe(true);
    // Expired sets do not count against the cap.
    expect(await store.putMatchTokens('south', ref(), [token], now + DAY, now + 2 * DAY, 2)).toBe(
      true,
    );
    for (const at of refs) await store.deleteMatchTokens('south', at);
  });
});
