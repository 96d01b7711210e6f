import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startRelay } from '../../server/relay.js';
import { openStore } from '../../server/store/open-store.js';
import { sqliteBackend } from '../support/relay-backends.js';
import { createTestNetwork, publishDirectory, sampleReport } from '../support/relay-network.js';

describe('relay lifecycle: database loss and shutdown', () => {
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

  it('finishes a request in progress before shutting down', async () => {
    const { location, drop } = await sqliteBackend.create();
    const store = await openStore(location);
    const network = createTestNetwork(['north']);
    await publishDirectory(network, store);
    const relay = await startRelay({ rootPublicKey: network.root.publicKey, store });
    const body = JSON.stringify(sampleReport(network, 'north'));
    try {
      const socket = connect(relay.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += String(chunk)));
      const ended = new Promise((resolve) => socket.on('close', resolve));
      socket.write(
        'POST /v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${body.length}\r\n\r\n` +
          body.slice(0, 100),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const closing = relay.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
      socket.write(body.slice(100));
      await closing;
      await ended;
      expect(answer).toMatch(/^HTTP\/1\.1 201/);
      expect((await store.stats()).reports).toBe(1);
    } finally {
      await store.close();
      await drop();
    }
  });
});
