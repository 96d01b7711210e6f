import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../server/event-log.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import { pruneOnce } from '../../server/retention.js';
import { openStore } from '../../server/store/open-store.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { BACKENDS } from '../support/relay-backends.js';
import {
  createTestNetwork,
  postJson,
  publishDirectory,
  sampleAlert,
  sampleReport,
  signedFetch,
  type TestNetwork,
} from '../support/relay-network.js';

const DAY = 86_400_000;

describe.each(BACKENDS)('retention on $name', (backend) => {
  let network: TestNetwork;
  let store: RelayStore;
  let relay: RunningRelay;
  let drop: () => Promise<void>;
  let clock = Date.now();
  let passes = 0;

  beforeAll(async () => {
    const created = await backend.create();
    drop = created.drop;
    store = await openStore(created.location);
    network = createTestNetwork(['north']);
    await publishDirectory(network, store);
    relay = await startRelay({
      rootPublicKey: network.root.publicKey,
      store,
      now: () => clock,
      log: { event: (_level, name) => void (name === 'retention' && passes++) },
      retention: { acknowledgedReportsMs: 7 * DAY, intervalMs: 100 },
    });
  });

  afterAll(async () => {
    await relay?.close();
    await store?.close();
    await drop?.();
  });

  const listIds = async () => {
    const path = '/v1/schemes/north/reports?after=0&limit=500';
    const response = await signedFetch(relay.url, network, 'north', 'GET', path, undefined, {
      now: clock,
    });
    return (await response.json()).reports.map((r: { envelope: { id: string } }) => r.envelope.id);
  };

  it('deletes acknowledged reports after the keep period, never unacknowledged ones', async () => {
    const kept = sampleReport(network, 'north');
    const acked = sampleReport(network, 'north');
    for (const report of [kept, acked]) {
      expect((await postJson(relay.url, '/v1/reports', report)).status).toBe(201);
    }
    const ack = await signedFetch(
      relay.url,
      network,
      'north',
      'POST',
      '/v1/schemes/north/reports/ack',
      { ids: [acked.id] },
      { now: clock },
    );
    expect(await ack.json()).toEqual({ acknowledged: 1 });

    clock += 6 * DAY;
    await waitForPass();
    expect((await listIds()).sort()).toEqual([kept.id, acked.id].sort());

    clock += 2 * DAY;
    await waitForPass();
    expect(await listIds()).toEqual([kept.id]);
  });

  it('drops an alert from the feed at its expiry even when the page was served before', async () => {
    const alert = sampleAlert(network, 'north', 1, clock);
    await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', alert, { now: clock });
    const feed = async () => (await (await fetch(`${relay.url}/v1/alerts?after=0`)).json()).alerts;
    expect((await feed()).map((a: { envelope: unknown }) => a.envelope)).toContainEqual(alert);
    clock = alert.expiresAt + 1;
    expect((await feed()).map((a: { envelope: unknown }) => a.envelope)).not.toContainEqual(alert);
  });

  it('prunes expired alerts and old nonces', async () => {
    const alert = sampleAlert(network, 'north', 1, clock);
    const published = await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', alert, {
      now: clock,
    });
    expect(published.status).toBe(201);
    const before = await store.stats();
    expect(before.alerts).toBeGreaterThanOrEqual(1);
    expect(before.nonces).toBeGreaterThan(0);

    clock += 3 * DAY;
    await pruneOnce(store, { acknowledgedReportsMs: 7 * DAY, intervalMs: 100 }, clock, silentLog);
    const after = await store.stats();
    expect(after.alerts).toBe(0);
    expect(after.nonces).toBe(0);
  });

  // Retention runs every 100 ms here; two completed passes after a clock change guarantee one
  // that started at the new time.
  async function waitForPass(): Promise<void> {
    const target = passes + 2;
    const deadline = Date.now() + 10_000;
    while (passes < target) {
      if (Date.now() > deadline) throw new Error('retention did not run');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});
