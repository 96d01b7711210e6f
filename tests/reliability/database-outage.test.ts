import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend } from '../support/relay-backends.js';
import { postJson, sampleReport } from '../support/relay-network.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createRelayFixture, type RelayFixture } from './support/relay-fixture.js';
import { recordFigures } from './support/reliability-mode.js';

/**
 * Database unavailable: the relay process reaches PostgreSQL only through a loopback proxy the
 * test controls. When the proxy resets every connection (database host down), the relay must
 * answer clear 503s (`unavailable`, never a 500 or a hang) and store nothing; when the proxy
 * passes bytes again, the same relay process must serve again without a restart.
 */

let proxy: TcpProxy;
let fixture: RelayFixture;
let drop: () => Promise<void>;
let relayPid: number | undefined;

beforeAll(async () => {
  const created = await postgresBackend.create();
  drop = created.drop;
  const direct = new URL(created.location.databaseUrl!);
  proxy = await startTcpProxy(Number(direct.port || 5432));
  const viaProxy = new URL(direct);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  fixture = await createRelayFixture({ databaseUrl: viaProxy.toString() });
  relayPid = fixture.relay.child.pid;
});

afterAll(async () => {
  await fixture?.close();
  await proxy?.close();
  await drop?.();
});

async function timed(run: () => Promise<Response>) {
  const started = performance.now();
  const response = await run();
  const body = (await response.json().catch(() => null)) as {
    ok?: boolean;
    error?: { code: string; message: string };
  } | null;
  return { status: response.status, body, ms: performance.now() - started };
}

describe('PostgreSQL unreachable behind the relay', () => {
  it('answers 503 unavailable while it is down, stores nothing, and recovers without restart', async () => {
    const { url } = fixture.relay;
    const before = sampleReport(fixture.network, 'north');
    expect((await postJson(url, '/v1/reports', before)).status).toBe(201);

    proxy.setMode('refuse');
    const refused = sampleReport(fixture.network, 'north');
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await timed(() => fetch(`${url}/v1/health`)));
      answers.push(await timed(() => postJson(url, '/v1/reports', refused)));
      answers.push(await timed(() => fetch(`${url}/v1/alerts?after=0`)));
    }
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      if (answer.body?.error) {
        expect(answer.body.error.code).toBe('unavailable');
        expect(answer.body.error.message).not.toMatch(/postgres|127\.0\.0\.1|ECONN|password/i);
      } else {
        expect(answer.body).toEqual({ ok: false });
      }
      expect(answer.ms).toBeLessThan(5000);
    }

    const downAt = performance.now();
    proxy.setMode('pass');
    let recoveredMs = Number.NaN;
    for (let i = 0; i < 100; i++) {
      const health = await fetch(`${url}/v1/health`);
      if (health.status === 200) {
        recoveredMs = performance.now() - downAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(Number.isFinite(recoveredMs)).toBe(true);
    expect(fixture.relay.child.pid).toBe(relayPid);
    expect(fixture.relay.child.exitCode).toBeNull();

    // The refused report was not stored: its first successful send is a 201, not a 200.
    expect((await postJson(url, '/v1/reports', refused)).status).toBe(201);
    const ids = (await fixture.listReports('north')).map((r) => r.envelope.id);
    expect(ids).toEqual([before.id, refused.id]);

    recordFigures('database unreachable (refused)', {
      answersWhileDown: answers.length,
      all503: 1,
      slowestAnswerMs: Math.round(Math.max(...answers.map((a) => a.ms))),
      recoveryAfterRestoreMs: Math.round(recoveredMs),
    });
  });

  // Found by this test: with the route black-holed, queries waited forever. The relay now puts a
  // deadline on every store call (server/store/store-deadline.ts, RELAY_STORE_TIMEOUT_MS).
  it('answers within bounded time while the database route is black-holed', async () => {
    const { url } = fixture.relay;
    proxy.setMode('stall');
    const stalled = sampleReport(fixture.network, 'north');
    const started = performance.now();
    const answer = await Promise.race([
      timed(() => postJson(url, '/v1/reports', stalled)),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 12_000)),
    ]);
    const waitedMs = performance.now() - started;
    proxy.setMode('pass');
    recordFigures('database unreachable (black-holed)', {
      answered: answer ? 1 : 0,
      status: answer?.status ?? 'none within 12 s',
      waitedMs: Math.round(waitedMs),
    });
    expect(answer, 'the relay never answered while its database hung').not.toBeNull();
    expect(answer!.status).toBe(503);
    expect(answer!.body?.error?.code).toBe('unavailable');

    // Once the route is back, the client's retry under the same id lands exactly once. (The
    // insert that timed out may still have reached the database: then the retry is a 200.)
    let retried = 0;
    for (let i = 0; i < 50 && retried !== 200 && retried !== 201; i++) {
      retried = (await postJson(url, '/v1/reports', stalled)).status;
      if (retried !== 200 && retried !== 201) await new Promise((r) => setTimeout(r, 200));
    }
    expect([200, 201]).toContain(retried);
    const ids = (await fixture.listReports('north')).map((r) => r.envelope.id);
    expect(ids.filter((id) => id === stalled.id)).toHaveLength(1);
    recordFigures('database black-holed, then back', {
      retryStatus: retried,
      storedDespite503: retried === 200 ? 1 : 0,
    });
  });
});
