import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../shared/encoding/bytes.js';
import { openStore } from '../../server/store/open-store.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { postgresBackend } from '../support/relay-backends.js';
import {
  createTestNetwork,
  publishDirectory,
  sampleAlert,
  signedFetch,
  type TestNetwork,
} from '../support/relay-network.js';
import { spawnRelay, type RelayProcess } from '../support/relay-process.js';
import { openAlertSocket, openSse } from '../support/relay-streams.js';

// Two relay processes on one PostgreSQL database: an alert published through either reaches
// live clients of both, which only LISTEN/NOTIFY can carry (the processes share no memory).
describe('live fan-out across relay processes (PostgreSQL)', () => {
  let network: TestNetwork;
  let store: RelayStore;
  let drop: () => Promise<void>;
  let relays: RelayProcess[] = [];

  beforeAll(async () => {
    const created = await postgresBackend.create();
    drop = created.drop;
    store = await openStore(created.location);
    network = createTestNetwork(['north']);
    await publishDirectory(network, store);
    const env = {
      DATABASE_URL: created.location.databaseUrl!,
      RELAY_ROOT_PUBLIC_KEY: toBase64Url(network.root.publicKey),
    };
    relays = await Promise.all([spawnRelay(env), spawnRelay(env)]);
  });

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await store?.close();
    await drop?.();
  });

  it('delivers an alert published on one process to SSE and WebSocket clients of the other', async () => {
    const [a, b] = relays as [RelayProcess, RelayProcess];
    expect(a.url).not.toBe(b.url);
    const sseOnB = await openSse(`${b.url}/v1/alerts/stream?after=0`);
    const socketOnA = await openAlertSocket(
      `${a.url.replace('http', 'ws')}/v1/alerts/socket?after=0`,
    );

    const first = sampleAlert(network, 'north');
    const second = sampleAlert(network, 'north');
    expect((await signedFetch(a.url, network, 'north', 'POST', '/v1/alerts', first)).status).toBe(
      201,
    );
    expect((await signedFetch(b.url, network, 'north', 'POST', '/v1/alerts', second)).status).toBe(
      201,
    );

    const events = await sseOnB.next(2);
    expect(events.map((e) => JSON.parse(e.data).envelope)).toEqual([first, second]);
    const messages = await socketOnA.next(2);
    expect(messages.map((m) => m.envelope)).toEqual([first, second]);
    sseOnB.close();
    socketOnA.close();
  });
});
