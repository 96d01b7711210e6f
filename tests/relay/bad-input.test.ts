import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import { openStore } from '../../server/store/open-store.js';
import type { RelayStore, StoreStats } from '../../server/store/relay-store.js';
import { BACKENDS } from '../support/relay-backends.js';
import {
  createTestNetwork,
  newId,
  publishDirectory,
  sampleAlert,
  sampleReport,
  signedFetch,
  type TestNetwork,
} from '../support/relay-network.js';

const GENEROUS = {
  report: { burst: 100_000, perMinute: 100_000 },
  redeem: { burst: 100_000, perMinute: 100_000 },
  read: { burst: 100_000, perMinute: 100_000 },
};

/** Sends raw bytes over a socket and returns what came back before the server closed it. */
function rawExchange(
  port: number,
  writes: { data: string; delayMs?: number }[],
  timeoutMs = 15_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('raw exchange: no answer in time'));
    }, timeoutMs);
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    void (async () => {
      for (const write of writes) {
        if (write.delayMs) await new Promise((r) => setTimeout(r, write.delayMs));
        if (socket.destroyed) return;
        socket.write(write.data);
      }
    })();
  });
}

describe.each(BACKENDS)('bad input on $name', (backend) => {
  let network: TestNetwork;
  let store: RelayStore;
  let relay: RunningRelay;
  let drop: () => Promise<void>;
  let before: StoreStats;

  beforeAll(async () => {
    const created = await backend.create();
    drop = created.drop;
    store = await openStore(created.location);
    network = createTestNetwork(['north', 'south']);
    await publishDirectory(network, store);
    relay = await startRelay({
      rootPublicKey: network.root.publicKey,
      store,
      rateRules: GENEROUS,
      requestTimeoutMs: 1500,
    });
  });

  afterAll(async () => {
    await relay?.close();
    await store?.close();
    await drop?.();
  });

  beforeEach(async () => {
    before = await store.stats();
  });

  /** Sends a request and checks it was refused with `status` and `code`, storing nothing. */
  async function refused(response: Response, status: number, code: string): Promise<void> {
    const body = await response.json();
    expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
    expect(body.error.message).toMatch(/^[A-Z].{10,}/);
    expect(await store.stats()).toEqual(before);
  }

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(relay.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('refuses malformed JSON and text that is not UTF-8', async () => {
    for (const body of ['', '{', '{"v":1,', 'nul', '[1,2', '{"a":1}}', '\u0000']) {
      await refused(await post('/v1/reports', body), 400, 'bad-json');
    }
    const notUtf8 = await fetch(`${relay.url}/v1/reports`, {
      method: 'POST',
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    await refused(notUtf8, 400, 'bad-json');
  });

  it('refuses wrong shapes and types in report envelopes', async () => {
    const good = sampleReport(network, 'north');
    const variants: unknown[] = [
      null,
      42,
      'report',
      [good],
      { ...good, v: 2 },
      { ...good, v: '1' },
      { ...good, extra: true },
      (({ box: _box, ...rest }) => rest)(good),
      { ...good, id: 12345 },
      { ...good, id: good.id + 'A' },
      { ...good, scheme: 'North East' },
      { ...good, scheme: ['north'] },
      { ...good, epk: good.epk.slice(0, -2) },
      { ...good, nonce: good.nonce + 'AA' },
      { ...good, box: good.box.slice(0, -4) },
      { ...good, box: good.box.slice(0, -1) + '!' },
      { ...good, box: good.box.replace(/.$/, '=') },
      { ...good, epk: { bytes: good.epk } },
      { ...good, box: null },
    ];
    for (const variant of variants) {
      await refused(await post('/v1/reports', JSON.stringify(variant)), 400, 'bad-request');
    }
    // Unknown scheme with a valid envelope.
    await refused(
      await post('/v1/reports', JSON.stringify({ ...good, scheme: 'nowhere' })),
      404,
      'unknown-scheme',
    );
  });

  it('refuses oversized bodies, declared or chunked, and keeps serving', async () => {
    const huge = JSON.stringify({ ...sampleReport(network, 'north'), box: 'A'.repeat(200_000) });
    await refused(await post('/v1/reports', huge), 413, 'too-large');

    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 50; i++) controller.enqueue(new Uint8Array(4096).fill(0x41));
        controller.close();
      },
    });
    const streamed = await fetch(`${relay.url}/v1/reports`, {
      method: 'POST',
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    await refused(streamed, 413, 'too-large');

    const alert = JSON.stringify({ ...sampleAlert(network, 'north'), box: 'A'.repeat(30_000) });
    const signedBig = await signedFetch(
      relay.url,
      network,
      'north',
      'POST',
      '/v1/alerts',
      JSON.parse(alert),
    );
    await refused(signedBig, 413, 'too-large');
    expect((await fetch(`${relay.url}/v1/health`)).status).toBe(200);
  });

  it('refuses bad cursors, unknown paths and bad path ids', async () => {
    for (const query of [
      'after=-1',
      'after=abc',
      'limit=0',
      'limit=501',
      'after=1e3',
      'after=9999999999999999',
    ]) {
      await refused(await fetch(`${relay.url}/v1/alerts?${query}`), 400, 'bad-request');
    }
    await refused(await fetch(`${relay.url}/v1/nothing-here`), 404, 'not-found');
    await refused(await fetch(`${relay.url}/v2/alerts`), 404, 'not-found');
    await refused(
      await fetch(`${relay.url}/v1/schemes/NOT%20AN%20ID/staff-vaults`),
      400,
      'bad-request',
    );
    await refused(await fetch(`${relay.url}/v1/replies/short`), 400, 'bad-request');
    await refused(
      await fetch(`${relay.url}/v1/invites/not-an-id/redeem`, { method: 'POST' }),
      404,
      'invite-unknown',
    );
    await refused(await fetch(`${relay.url}/v1/alerts/stream?after=x`), 400, 'bad-request');
  });

  it('refuses bad signatures, wrong key lengths, replays and unknown schemes on signed routes', async () => {
    const path = '/v1/alerts';
    const alert = sampleAlert(network, 'north');
    const sign = (await import('../../shared/protocol/signed-request.js')).signRequest;
    const headers = sign(
      { method: 'POST', path, body: JSON.stringify(alert) },
      'north',
      network.schemes.get('north')!.signing.secretKey,
    );
    const withHeaders = (changes: Record<string, string>) =>
      post(path, JSON.stringify(alert), { ...headers, ...changes });

    const signature = headers['x-umn-signature']!;
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    await refused(await withHeaders({ 'x-umn-signature': flipped }), 401, 'bad-signature');
    await refused(
      await withHeaders({ 'x-umn-signature': signature.slice(0, 40) }),
      400,
      'bad-request',
    );
    await refused(await withHeaders({ 'x-umn-nonce': 'AAAA' }), 400, 'bad-request');
    await refused(await withHeaders({ 'x-umn-time': 'yesterday' }), 400, 'bad-request');
    await refused(await withHeaders({ 'x-umn-time': '1000' }), 401, 'stale');
    await refused(await withHeaders({ 'x-umn-scheme': 'nowhere' }), 404, 'unknown-scheme');
    await refused(await post(path, JSON.stringify(alert)), 401, 'unsigned');

    // Signed body, then a different body under the same headers.
    await refused(
      await post(path, JSON.stringify({ ...alert, epoch: 7 }), headers),
      401,
      'bad-signature',
    );

    // A valid signature over a malformed alert: refused, and the nonce is not spent either.
    const wrongLength = { ...alert, nonce: alert.nonce.slice(0, 20) };
    await refused(
      await signedFetch(relay.url, network, 'north', 'POST', path, wrongLength),
      400,
      'bad-request',
    );

    const ok = await withHeaders({});
    expect(ok.status).toBe(201);
    before = await store.stats();
    await refused(await withHeaders({}), 409, 'replayed');
  });

  it('refuses signed requests with malformed bodies before storing anything', async () => {
    const ack = '/v1/schemes/north/reports/ack';
    for (const body of [{}, { ids: 'x' }, { ids: [1] }, { ids: ['short'] }, { ids: [], more: 1 }]) {
      await refused(
        await signedFetch(relay.url, network, 'north', 'POST', ack, body),
        400,
        'bad-request',
      );
    }
    const tooMany = { ids: Array.from({ length: 501 }, () => newId()) };
    await refused(
      await signedFetch(relay.url, network, 'north', 'POST', ack, tooMany),
      400,
      'bad-request',
    );
    await refused(
      await signedFetch(relay.url, network, 'north', 'POST', '/v1/invites', { id: newId() }),
      400,
      'bad-request',
    );
    await refused(
      await signedFetch(relay.url, network, 'north', 'POST', '/v1/replies', {
        receiptId: newId(),
        envelope: { v: 1, epk: 'x', nonce: 'y', box: 'z' },
      }),
      400,
      'bad-request',
    );
    await refused(
      await signedFetch(
        relay.url,
        network,
        'north',
        'PUT',
        `/v1/schemes/north/staff-vaults/${newId()}`,
        {
          v: 1,
        },
      ),
      400,
      'bad-request',
    );
    const getWithBody = await signedFetch(
      relay.url,
      network,
      'north',
      'DELETE',
      `/v1/schemes/north/invites/${newId()}`,
      {
        unexpected: true,
      },
    );
    await refused(getWithBody, 400, 'bad-request');
  });

  it('cuts slowloris headers and slow bodies with 408, and keeps serving others meanwhile', async () => {
    const slowHeaders = rawExchange(relay.port, [
      { data: 'GET /v1/health HTTP/1.1\r\n' },
      ...Array.from({ length: 10 }, () => ({ data: 'X-Slow: 1\r\n', delayMs: 400 })),
    ]);
    const body = JSON.stringify(sampleReport(network, 'north'));
    const slowBody = rawExchange(relay.port, [
      {
        data:
          'POST /v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${body.length}\r\n\r\n`,
      },
      ...Array.from({ length: 10 }, (_, i) => ({
        data: body.slice(i * 10, i * 10 + 10),
        delayMs: 400,
      })),
    ]);

    // While both trickle, the relay answers everyone else at once.
    const started = Date.now();
    expect((await fetch(`${relay.url}/v1/health`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(500);

    for (const answer of await Promise.all([slowHeaders, slowBody])) {
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    }
    expect(await store.stats()).toEqual(before);
  });
});
