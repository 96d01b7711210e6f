import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemeSecrets } from '../../shared/protocol/keys.js';
import { verifyDirectory } from '../../shared/protocol/directory.js';
import { createInvite, openInvite } from '../../shared/protocol/invite.js';
import { openReport } from '../../shared/protocol/report-envelope.js';
import { createReceipt, sealReply } from '../../shared/protocol/receipt.js';
import { createStaffVault } from '../../shared/protocol/staff-vault.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import { openStore } from '../../server/store/open-store.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { BACKENDS } from '../support/relay-backends.js';
import {
  createTestNetwork,
  newId,
  postJson,
  publishDirectory,
  sampleAlert,
  sampleReport,
  sampleRetraction,
  signedFetch,
  type TestNetwork,
} from '../support/relay-network.js';
import { openAlertSocket, openSse } from '../support/relay-streams.js';

const GENEROUS = {
  report: { burst: 10_000, perMinute: 10_000 },
  redeem: { burst: 1000, perMinute: 1000 },
  read: { burst: 10_000, perMinute: 10_000 },
};

describe.each(BACKENDS)('relay API on $name', (backend) => {
  let network: TestNetwork;
  let store: RelayStore;
  let relay: RunningRelay;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await backend.create();
    drop = created.drop;
    store = await openStore(created.location);
    network = createTestNetwork(['north', 'south', 'east']);
    network.suspended.add('east');
    await publishDirectory(network, store);
    relay = await startRelay({
      rootPublicKey: network.root.publicKey,
      store,
      rateRules: GENEROUS,
      keepAliveMs: 200,
    });
  });

  afterAll(async () => {
    await relay?.close();
    await store?.close();
    await drop?.();
  });

  it('reports health and serves the directory the root signed', async () => {
    const health = await fetch(`${relay.url}/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, version: expect.any(String) });

    const directory = await (await fetch(`${relay.url}/v1/directory`)).json();
    const check = await verifyDirectory(directory, network.root.publicKey);
    expect(check.ok).toBe(true);
  });

  it('answers CORS preflights for any origin with the signature headers allowed', async () => {
    const response = await fetch(`${relay.url}/v1/alerts`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://scheme.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-umn-signature',
      },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-umn-signature');
  });

  it('takes a sealed report once per id and lets only its scheme read it', async () => {
    const report = sampleReport(network, 'north');
    const first = await postJson(relay.url, '/v1/reports', report);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    expect(firstBody).toEqual({ id: report.id, receivedAt: expect.any(Number) });

    const again = await postJson(relay.url, '/v1/reports', report);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstBody);

    const other = sampleReport(network, 'north', report.id);
    const conflict = await postJson(relay.url, '/v1/reports', other);
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe('duplicate-id');

    const listed = await signedFetch(
      relay.url,
      network,
      'north',
      'GET',
      '/v1/schemes/north/reports?after=0',
    );
    expect(listed.status).toBe(200);
    const page = await listed.json();
    const mine = page.reports.find(
      (r: { envelope: { id: string } }) => r.envelope.id === report.id,
    );
    expect(mine.envelope).toEqual(report);
    expect(page.cursor).toBe(page.reports.at(-1).seq);
    const opened = openReport(mine.envelope, network.schemes.get('north')!.box.secretKey);
    expect(opened?.id).toBe(report.id);

    const cross = await signedFetch(
      relay.url,
      network,
      'south',
      'GET',
      '/v1/schemes/north/reports',
    );
    expect(cross.status).toBe(403);
    expect((await cross.json()).error.code).toBe('scheme-mismatch');

    const southList = await signedFetch(
      relay.url,
      network,
      'south',
      'GET',
      '/v1/schemes/south/reports',
    );
    expect((await southList.json()).reports).toEqual([]);
  });

  it('pages reports by cursor and acknowledges them once', async () => {
    const reports = [1, 2, 3].map(() => sampleReport(network, 'south'));
    for (const r of reports) expect((await postJson(relay.url, '/v1/reports', r)).status).toBe(201);

    const first = await (
      await signedFetch(
        relay.url,
        network,
        'south',
        'GET',
        '/v1/schemes/south/reports?after=0&limit=2',
      )
    ).json();
    expect(first.reports.map((r: { envelope: { id: string } }) => r.envelope.id)).toEqual([
      reports[0]!.id,
      reports[1]!.id,
    ]);
    const rest = await (
      await signedFetch(
        relay.url,
        network,
        'south',
        'GET',
        `/v1/schemes/south/reports?after=${first.cursor}`,
      )
    ).json();
    expect(rest.reports.map((r: { envelope: { id: string } }) => r.envelope.id)).toEqual([
      reports[2]!.id,
    ]);

    const ids = reports.map((r) => r.id);
    const ack = await signedFetch(
      relay.url,
      network,
      'south',
      'POST',
      '/v1/schemes/south/reports/ack',
      { ids },
    );
    expect(await ack.json()).toEqual({ acknowledged: 3 });
    const again = await signedFetch(
      relay.url,
      network,
      'south',
      'POST',
      '/v1/schemes/south/reports/ack',
      { ids },
    );
    expect(await again.json()).toEqual({ acknowledged: 0 });
    // Another scheme cannot acknowledge them.
    const foreign = await signedFetch(
      relay.url,
      network,
      'north',
      'POST',
      '/v1/schemes/north/reports/ack',
      { ids },
    );
    expect(await foreign.json()).toEqual({ acknowledged: 0 });
  });

  it('refuses reports for unknown and suspended schemes', async () => {
    const unknown = { ...sampleReport(network, 'north'), scheme: 'nowhere' };
    const a = await postJson(relay.url, '/v1/reports', unknown);
    expect(a.status).toBe(404);
    expect((await a.json()).error.code).toBe('unknown-scheme');

    const b = await postJson(relay.url, '/v1/reports', sampleReport(network, 'east'));
    expect(b.status).toBe(403);
    expect((await b.json()).error.code).toBe('scheme-suspended');
  });

  it('refuses unsigned, stale, forged, replayed and suspended signed requests', async () => {
    const path = '/v1/schemes/north/reports';
    const unsigned = await fetch(relay.url + path);
    expect([unsigned.status, (await unsigned.json()).error.code]).toEqual([401, 'unsigned']);

    const stale = await signedFetch(relay.url, network, 'north', 'GET', path, undefined, {
      now: Date.now() - 10 * 60_000,
    });
    expect([stale.status, (await stale.json()).error.code]).toEqual([401, 'stale']);

    // Signed by south's key but claiming to be north.
    const forged = await signedFetch(relay.url, network, 'south', 'GET', path, undefined, {
      headers: { 'x-umn-scheme': 'north' },
    });
    expect([forged.status, (await forged.json()).error.code]).toEqual([401, 'bad-signature']);

    // The path is signed: the same headers on another path are refused.
    const headers = Object.fromEntries(
      (await signedHeaders(network, 'north', 'GET', path)).entries(),
    );
    const moved = await fetch(`${relay.url}${path}?after=5`, { headers });
    expect((await moved.json()).error.code).toBe('bad-signature');
    const first = await fetch(relay.url + path, { headers });
    expect(first.status).toBe(200);
    const replay = await fetch(relay.url + path, { headers });
    expect([replay.status, (await replay.json()).error.code]).toEqual([409, 'replayed']);

    const suspended = await signedFetch(
      relay.url,
      network,
      'east',
      'GET',
      '/v1/schemes/east/reports',
    );
    expect([suspended.status, (await suspended.json()).error.code]).toEqual([
      403,
      'scheme-suspended',
    ]);

    const unknown = await fetch(relay.url + '/v1/schemes/nowhere/reports', {
      headers: { ...headers, 'x-umn-scheme': 'nowhere' },
    });
    expect((await unknown.json()).error.code).toBe('unknown-scheme');
  });

  it('publishes verified alerts and retractions to the feed, in order', async () => {
    const alert = sampleAlert(network, 'north');
    const published = await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', alert);
    expect(published.status).toBe(201);
    const { seq } = await published.json();

    const retraction = sampleRetraction(network, 'north');
    const second = await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', retraction);
    expect((await second.json()).seq).toBeGreaterThan(seq);

    const feed = await (await fetch(`${relay.url}/v1/alerts?after=${seq - 1}`)).json();
    expect(feed.alerts.map((a: { envelope: unknown }) => a.envelope)).toEqual([alert, retraction]);
    expect(feed.cursor).toBe(feed.alerts.at(-1).seq);

    const empty = await (await fetch(`${relay.url}/v1/alerts?after=${feed.cursor}`)).json();
    expect(empty).toEqual({ alerts: [], cursor: feed.cursor });
  });

  it("refuses another scheme's alert, a tampered one and an expired one", async () => {
    const foreign = await signedFetch(
      relay.url,
      network,
      'south',
      'POST',
      '/v1/alerts',
      sampleAlert(network, 'north'),
    );
    expect((await foreign.json()).error.code).toBe('scheme-mismatch');

    const alert = sampleAlert(network, 'north');
    const tampered = { ...alert, epoch: alert.epoch + 1 };
    const bad = await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', tampered);
    expect([bad.status, (await bad.json()).error.code]).toEqual([401, 'bad-signature']);

    const before = (await store.stats()).alerts;
    const expired = { ...alert, expiresAt: Date.now() - 86_400_000 };
    const old = await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', expired);
    expect(old.status).toBe(400);
    expect((await store.stats()).alerts).toBe(before);
  });

  it('never serves a cached feed page that misses a newer alert', async () => {
    const first = await (await fetch(`${relay.url}/v1/alerts?after=0&limit=500`)).json();
    const again = await (await fetch(`${relay.url}/v1/alerts?after=0&limit=500`)).json();
    expect(again).toEqual(first);
    const alert = sampleAlert(network, 'north');
    await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', alert);
    const after = await (await fetch(`${relay.url}/v1/alerts?after=0&limit=500`)).json();
    expect(after.alerts.at(-1).envelope).toEqual(alert);
  });

  it('leaves expired alerts out of the feed', async () => {
    const alert = sampleAlert(network, 'south');
    const seq = await store.putAlert({ ...alert, expiresAt: Date.now() - 1000 }, Date.now());
    const feed = await (await fetch(`${relay.url}/v1/alerts?after=${seq - 1}`)).json();
    expect(feed.alerts.map((a: { seq: number }) => a.seq)).not.toContain(seq);
  });

  it('streams alerts over SSE and resumes after Last-Event-ID', async () => {
    const start = (await (await fetch(`${relay.url}/v1/alerts?after=0&limit=500`)).json()).cursor;
    const stream = await openSse(`${relay.url}/v1/alerts/stream?after=${start}`);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.response.headers.get('access-control-allow-origin')).toBe('*');
    const bad = await fetch(`${relay.url}/v1/alerts/stream?after=x`);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
    expect((await bad.json()).error.code).toBe('bad-request');

    const one = sampleAlert(network, 'north');
    const two = sampleAlert(network, 'north');
    await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', one);
    await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', two);
    const events = await stream.next(2);
    expect(events.map((e) => e.event)).toEqual(['alert', 'alert']);
    expect(events.map((e) => JSON.parse(e.data).envelope)).toEqual([one, two]);
    expect(JSON.parse(events[0]!.data).seq).toBe(Number(events[0]!.id));
    await waitFor(() => stream.comments.length > 0);
    stream.close();

    const resumed = await openSse(`${relay.url}/v1/alerts/stream`, {
      'last-event-id': events[0]!.id,
    });
    const [only] = await resumed.next(1);
    expect(JSON.parse(only!.data).envelope).toEqual(two);
    resumed.close();
  });

  it('streams the same alerts over the WebSocket, backlog first', async () => {
    const start = (await (await fetch(`${relay.url}/v1/alerts?after=0&limit=500`)).json()).cursor;
    const backlog = sampleAlert(network, 'south');
    await signedFetch(relay.url, network, 'south', 'POST', '/v1/alerts', backlog);

    const socket = await openAlertSocket(
      `${relay.url.replace('http', 'ws')}/v1/alerts/socket?after=${start}`,
    );
    const live = sampleAlert(network, 'south');
    await signedFetch(relay.url, network, 'south', 'POST', '/v1/alerts', live);
    const messages = await socket.next(2);
    expect(messages.map((m) => m.envelope)).toEqual([backlog, live]);
    socket.close();
  });

  it('creates, lists, redeems once and revokes invites', async () => {
    const north = network.schemes.get('north')!;
    const { code, record } = createInvite('north', north.members, Date.now() + 86_400_000);
    const created = await signedFetch(relay.url, network, 'north', 'POST', '/v1/invites', record);
    expect([created.status, await created.json()]).toEqual([201, { id: record.id }]);
    const duplicate = await signedFetch(relay.url, network, 'north', 'POST', '/v1/invites', record);
    expect((await duplicate.json()).error.code).toBe('duplicate-id');

    const list = await (
      await signedFetch(relay.url, network, 'north', 'GET', '/v1/schemes/north/invites')
    ).json();
    expect(list.invites).toContainEqual({
      id: record.id,
      expiresAt: record.expiresAt,
      redeemedAt: null,
    });

    const redeemed = await fetch(`${relay.url}/v1/invites/${record.id}/redeem`, { method: 'POST' });
    expect(redeemed.status).toBe(200);
    const grant = openInvite(code, await redeemed.json());
    expect(grant?.members[0]?.key).toEqual(north.members[0]!.key);

    const twice = await fetch(`${relay.url}/v1/invites/${record.id}/redeem`, { method: 'POST' });
    expect([twice.status, (await twice.json()).error.code]).toEqual([410, 'invite-used']);
    const unknown = await fetch(`${relay.url}/v1/invites/${newId()}/redeem`, { method: 'POST' });
    expect([unknown.status, (await unknown.json()).error.code]).toEqual([404, 'invite-unknown']);

    const other = createInvite('north', north.members, Date.now() + 86_400_000).record;
    await signedFetch(relay.url, network, 'north', 'POST', '/v1/invites', other);
    const revoke = await signedFetch(
      relay.url,
      network,
      'north',
      'DELETE',
      `/v1/schemes/north/invites/${other.id}`,
    );
    expect(await revoke.json()).toEqual({ revoked: true });
    const gone = await fetch(`${relay.url}/v1/invites/${other.id}/redeem`, { method: 'POST' });
    expect((await gone.json()).error.code).toBe('invite-unknown');

    const soon = createInvite('north', north.members, Date.now() + 60_000).record;
    await store.putInvite({ ...soon, expiresAt: Date.now() - 1 }, Date.now());
    const expired = await fetch(`${relay.url}/v1/invites/${soon.id}/redeem`, { method: 'POST' });
    expect([expired.status, (await expired.json()).error.code]).toEqual([410, 'invite-expired']);

    const foreign = createInvite('north', north.members, Date.now() + 60_000).record;
    const mismatch = await signedFetch(relay.url, network, 'south', 'POST', '/v1/invites', foreign);
    expect((await mismatch.json()).error.code).toBe('scheme-mismatch');
  });

  it('stores replies to a receipt for its holder', async () => {
    const receipt = createReceipt();
    const north = network.schemes.get('north')!;
    const replyKey = Buffer.from(receipt.replyKey, 'base64url');
    const envelope = sealReply(
      { v: 1, scheme: 'north', sentAt: Date.now(), text: 'We have your report.' },
      replyKey,
      north.signing.secretKey,
    );
    const posted = await signedFetch(relay.url, network, 'north', 'POST', '/v1/replies', {
      receiptId: receipt.receiptId,
      envelope,
    });
    expect(posted.status).toBe(201);
    const read = await (await fetch(`${relay.url}/v1/replies/${receipt.receiptId}`)).json();
    expect(read.replies).toEqual([
      { seq: expect.any(Number), envelope, createdAt: expect.any(Number) },
    ]);
    const none = await (await fetch(`${relay.url}/v1/replies/${newId()}`)).json();
    expect(none).toEqual({ replies: [] });
  });

  it('keeps staff vaults that only their scheme can change', async () => {
    const north = network.schemes.get('north')!;
    const staff = newId();
    const vault = await createStaffVault(north, 'correct horse battery staple', staff, {
      logN: 10,
      r: 8,
      p: 1,
    });
    const path = `/v1/schemes/north/staff-vaults/${staff}`;
    const put = await signedFetch(relay.url, network, 'north', 'PUT', path, vault);
    expect(put.status).toBe(200);
    const listed = await (await fetch(`${relay.url}/v1/schemes/north/staff-vaults`)).json();
    expect(listed.vaults).toContainEqual(vault);

    const foreign = await signedFetch(relay.url, network, 'south', 'PUT', path, vault);
    expect((await foreign.json()).error.code).toBe('scheme-mismatch');

    const last = await signedFetch(relay.url, network, 'north', 'DELETE', path);
    expect((await last.json()).error.code).toBe('bad-request');
    const second = await createStaffVault(north, 'another long passphrase', newId(), {
      logN: 10,
      r: 8,
      p: 1,
    });
    const secondPath = `/v1/schemes/north/staff-vaults/${second.staff}`;
    expect((await signedFetch(relay.url, network, 'north', 'PUT', secondPath, second)).status).toBe(
      200,
    );
    const removed = await signedFetch(relay.url, network, 'north', 'DELETE', path);
    expect(await removed.json()).toEqual({ deleted: true });
    const after = await (await fetch(`${relay.url}/v1/schemes/north/staff-vaults`)).json();
    expect(after.vaults).not.toContainEqual(vault);
  });

  it('picks up a new directory version written by the operator while running', async () => {
    network.schemes.set('west', createSchemeSecrets('west', network.members));
    await publishDirectory(network, store);
    const listed = await signedFetch(relay.url, network, 'west', 'GET', '/v1/schemes/west/reports');
    expect(listed.status).toBe(200);
    // The anonymous submission path re-reads the directory at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const report = await postJson(relay.url, '/v1/reports', sampleReport(network, 'west'));
    expect(report.status).toBe(201);
  });
});

async function signedHeaders(network: TestNetwork, scheme: string, method: string, path: string) {
  const { signRequest } = await import('../../shared/protocol/signed-request.js');
  return new Headers(
    signRequest({ method, path, body: '' }, scheme, network.schemes.get(scheme)!.signing.secretKey),
  );
}

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
