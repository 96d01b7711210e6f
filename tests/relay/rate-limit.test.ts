import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../server/rate-limit.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import { openStore } from '../../server/store/open-store.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { sqliteBackend } from '../support/relay-backends.js';
import {
  createTestNetwork,
  publishDirectory,
  sampleReport,
  type TestNetwork,
} from '../support/relay-network.js';

const rules = (report: number) => ({
  report: { burst: report, perMinute: 6 },
  redeem: { burst: 2, perMinute: 1 },
  read: { burst: 1000, perMinute: 1000 },
});

describe('RateLimiter', () => {
  it('allows a burst, then refills at the steady rate, per client', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(rules(3), () => now);
    const taken = [1, 2, 3, 4].map(() => limiter.take('report', '203.0.113.10'));
    expect(taken).toEqual([true, true, true, false]);
    expect(limiter.take('report', '203.0.113.11')).toBe(true);
    expect(limiter.take('redeem', '203.0.113.10')).toBe(true);

    now += 10_000; // 6 a minute: one token back every 10 s
    expect(limiter.take('report', '203.0.113.10')).toBe(true);
    expect(limiter.take('report', '203.0.113.10')).toBe(false);
  });

  it('keys clients by a keyed hash that differs between limiter instances', () => {
    // Two relays (or one relay after a restart) cannot link a client: the key is per instance.
    // Observable effect: exhausting one limiter does not affect another.
    const a = new RateLimiter(rules(1));
    const b = new RateLimiter(rules(1));
    expect(a.take('report', '203.0.113.12')).toBe(true);
    expect(a.take('report', '203.0.113.12')).toBe(false);
    expect(b.take('report', '203.0.113.12')).toBe(true);
  });
});

describe('rate limiting on the relay', () => {
  let network: TestNetwork;
  let store: RelayStore;
  let drop: () => Promise<void>;
  const relays: RunningRelay[] = [];

  beforeAll(async () => {
    const created = await sqliteBackend.create();
    drop = created.drop;
    store = await openStore(created.location);
    network = createTestNetwork(['north']);
    await publishDirectory(network, store);
  });

  afterAll(async () => {
    for (const relay of relays) await relay.close();
    await store?.close();
    await drop?.();
  });

  const submit = (relay: RunningRelay, from: string) =>
    fetch(`${relay.url}/v1/reports`, {
      method: 'POST',
      headers: { 'x-forwarded-for': from },
      body: JSON.stringify(sampleReport(network, 'north')),
    });

  it('behind a proxy, limits each client address on its own and stores nothing when refusing', async () => {
    const relay = await startRelay({
      rootPublicKey: network.root.publicKey,
      store,
      rateRules: rules(2),
      trustProxy: true,
    });
    relays.push(relay);
    expect((await submit(relay, '198.51.100.1, 203.0.113.20')).status).toBe(201);
    expect((await submit(relay, '203.0.113.20')).status).toBe(201);
    const before = await store.stats();
    const limited = await submit(relay, '203.0.113.20');
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('rate-limited');
    expect(await store.stats()).toEqual(before);
    expect((await submit(relay, '203.0.113.21')).status).toBe(201);

    // Redeeming invites has its own, tighter limit.
    const redeem = () =>
      fetch(`${relay.url}/v1/invites/AAAAAAAAAAAAAAAAAAAAAA/redeem`, {
        method: 'POST',
        headers: { 'x-forwarded-for': '203.0.113.22' },
      });
    expect((await redeem()).status).toBe(404);
    expect((await redeem()).status).toBe(404);
    expect((await redeem()).status).toBe(429);
  });

  it('without a trusted proxy, ignores X-Forwarded-For (a client cannot dodge its limit)', async () => {
    const relay = await startRelay({
      rootPublicKey: network.root.publicKey,
      store,
      rateRules: rules(2),
    });
    relays.push(relay);
    expect((await submit(relay, '203.0.113.30')).status).toBe(201);
    expect((await submit(relay, '203.0.113.31')).status).toBe(201);
    expect((await submit(relay, '203.0.113.32')).status).toBe(429);
  });
});
