import { describe, expect, it } from 'vitest';
import { startRelay } from '../../server/relay.js';
import { openStore } from '../../server/store/open-store.js';
import { sqliteBackend } from '../support/relay-backends.js';
import { createTestNetwork, publishDirectory, sampleReport } from '../support/relay-network.js';

describe('health when the database goes away', () => {
  it('answers 503 on /v1/health and a JSON error elsewhere, and keeps serving', async () => {
    const { location, drop } = await sqliteBackend.create();
    const store = await openStore(location);
    const network = createTestNetwork(['north']);
    await publishDirectory(network, store);
    const relay = await startRelay({ rootPublicKey: network.root.publicKey, store });
    try {
      expect((await fetch(`${relay.url}/v1/health`)).status).toBe(200);
      await store.close();

      const health = await fetch(`${relay.url}/v1/health`);
      expect([health.status, await health.json()]).toEqual([503, { ok: false }]);
      const report = await fetch(`${relay.url}/v1/reports`, {
        method: 'POST',
        body: JSON.stringify(sampleReport(network, 'north')),
      });
      expect(report.status).toBeGreaterThanOrEqual(500);
      const body = await report.json();
      expect(['internal', 'unavailable']).toContain(body.error.code);
      expect(body.error.message).toMatch(/nothing was stored|try again/);
      expect((await fetch(`${relay.url}/v1/health`)).status).toBe(503);
    } finally {
      await relay.close();
      await drop();
    }
  });
});
