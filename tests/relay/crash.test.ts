import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../shared/encoding/bytes.js';
import { openStore } from '../../server/store/open-store.js';
import { BACKENDS } from '../support/relay-backends.js';
import {
  createTestNetwork,
  publishDirectory,
  sampleReport,
  signedFetch,
  type TestNetwork,
} from '../support/relay-network.js';
import { spawnRelay, type RelayProcess } from '../support/relay-process.js';
import type { ReportEnvelope } from '../../shared/protocol/report-envelope.js';

const BURST = 1500;
const KILL_AFTER_ACKS = 400;
const CONCURRENCY = 32;

// kill -9 in the middle of a burst of submissions: every report the relay acknowledged (201)
// must be there after a restart. Reports in flight may or may not be stored; the client's
// outbox resends those, and a resend of a stored one is answered 200 with the first receipt.
describe.each(BACKENDS)('kill -9 during a burst on $name', (backend) => {
  let network: TestNetwork;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  let relay: RelayProcess | undefined;

  beforeAll(async () => {
    const created = await backend.create();
    drop = created.drop;
    const store = await openStore(created.location);
    network = createTestNetwork(['north']);
    await publishDirectory(network, store);
    await store.close();
    env = {
      ...(created.location.databaseUrl
        ? { DATABASE_URL: created.location.databaseUrl }
        : { RELAY_SQLITE_PATH: created.location.sqlitePath! }),
      RELAY_ROOT_PUBLIC_KEY: toBase64Url(network.root.publicKey),
      RELAY_REPORTS_PER_MINUTE: '100000000',
      RELAY_READS_PER_MINUTE: '100000000',
    };
  });

  afterAll(async () => {
    await relay?.stop();
    await drop?.();
  });

  it('keeps every acknowledged report across the crash', async () => {
    relay = await spawnRelay(env);
    const reports: ReportEnvelope[] = Array.from({ length: BURST }, () =>
      sampleReport(network, 'north'),
    );
    const acknowledged = new Map<string, number>();
    let next = 0;
    let killing: Promise<void> | null = null;
    const crashed = relay;

    const worker = async () => {
      while (next < reports.length) {
        const report = reports[next++]!;
        try {
          const response = await fetch(`${crashed.url}/v1/reports`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(report),
          });
          if (response.status === 201) {
            acknowledged.set(report.id, (await response.json()).receivedAt);
          }
        } catch {
          // Connection refused or reset: the relay is dead; this report was never acknowledged.
        }
        if (acknowledged.size >= KILL_AFTER_ACKS && !killing) killing = crashed.kill();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killing;
    expect(crashed.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acknowledged.size).toBeLessThan(BURST);

    relay = await spawnRelay(env);
    const stored = new Set<string>();
    let cursor = 0;
    for (;;) {
      const path = `/v1/schemes/north/reports?after=${cursor}&limit=500`;
      const page = await (await signedFetch(relay.url, network, 'north', 'GET', path)).json();
      for (const row of page.reports) stored.add(row.envelope.id);
      if (page.reports.length < 500) break;
      cursor = page.cursor;
    }
    const lost = [...acknowledged.keys()].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);

    // The outbox resends: an acknowledged report gets its first receipt back, unchanged.
    const [id, receivedAt] = [...acknowledged][0]!;
    const again = await fetch(`${relay.url}/v1/reports`, {
      method: 'POST',
      body: JSON.stringify(reports.find((r) => r.id === id)),
    });
    expect(again.status).toBe(200);
    expect((await again.json()).receivedAt).toBe(receivedAt);
  }, 180_000);
});
