import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeviceKey,
  enrolmentKey,
  openDeviceEnrolment,
  sealDeviceEnrolment,
} from '../../shared/protocol/device-enrolment.js';
import { createInvite, inviteId } from '../../shared/protocol/invite.js';
import { openKeyGrant, recipientId, sealKeyGrant } from '../../shared/protocol/key-grant.js';
import { rotateMembersKey } from '../../shared/protocol/keys.js';
import { verifyDirectory } from '../../shared/protocol/directory.js';
import type { Code } from '../../shared/protocol/code.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import { openStore } from '../../server/store/open-store.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { BACKENDS } from '../support/relay-backends.js';
import { spawnRelay } from '../support/relay-process.js';
import { toBase64Url } from '../../shared/encoding/bytes.js';
import {
  createTestNetwork,
  newId,
  nextDirectory,
  postJson,
  publishDirectory,
  signedFetch,
  type TestNetwork,
} from '../support/relay-network.js';

const GENEROUS = {
  report: { burst: 10_000, perMinute: 10_000 },
  redeem: { burst: 1000, perMinute: 1000 },
  read: { burst: 10_000, perMinute: 10_000 },
};

describe.each(BACKENDS)("members' key rotation routes on $name", (backend) => {
  let network: TestNetwork;
  let store: RelayStore;
  let relay: RunningRelay;
  let drop: () => Promise<void>;
  let clock = Date.now();

  beforeAll(async () => {
    const created = await backend.create();
    drop = created.drop;
    store = await openStore(created.location);
    network = createTestNetwork(['london', 'north-east', 'east']);
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

  /** Creates an invite of `scheme` on the relay and redeems it, as staff then a worker would. */
  async function redeemedInvite(scheme: string): Promise<Code> {
    const secrets = network.schemes.get(scheme)!;
    const { code, record } = createInvite(scheme, network.members, clock + 86_400_000);
    expect(
      (await signedFetch(relay.url, network, scheme, 'POST', '/v1/invites', record)).status,
    ).toBe(201);
    expect((await postJson(relay.url, `/v1/invites/${record.id}/redeem`, {})).status).toBe(200);
    expect(secrets.scheme).toBe(scheme);
    return code;
  }

  const enrol = (scheme: string, code: Code, device = createDeviceKey()) => {
    const boxKey = network.schemes.get(scheme)!.box.publicKey;
    const envelope = sealDeviceEnrolment(code, scheme, device.publicKey, boxKey, clock);
    return { device, envelope, body: { invite: inviteId(code), envelope } };
  };
  const listEnrolments = (scheme: string) =>
    signedFetch(relay.url, network, scheme, 'GET', `/v1/schemes/${scheme}/enrolments`);

  it('stores one enrolment per redeemed invite, which staff list and open', async () => {
    const code = await redeemedInvite('london');
    const { device, body } = enrol('london', code);

    const posted = await postJson(relay.url, '/v1/enrolments', body);
    expect(posted.status).toBe(201);
    expect((await postJson(relay.url, '/v1/enrolments', body)).status).toBe(200);
    const second = await postJson(relay.url, '/v1/enrolments', enrol('london', code).body);
    expect(second.status).toBe(409);
    expect((await second.json()).error.code).toBe('duplicate-id');

    const listed = await listEnrolments('london');
    expect(listed.status).toBe(200);
    const { enrolments } = await listed.json();
    const mine = enrolments.find((e: { invite: string }) => e.invite === inviteId(code));
    expect(mine.enrolledAt).toBe(clock);
    const opened = openDeviceEnrolment(
      mine.envelope,
      network.schemes.get('london')!.box.secretKey,
      (invite) => (invite === inviteId(code) ? enrolmentKey(code) : undefined),
    );
    expect(opened.ok && opened.enrolment.devicePublicKey).toEqual(device.publicKey);

    // Another scheme sees none of it.
    const other = await (await listEnrolments('north-east')).json();
    expect(other.enrolments).toEqual([]);
  });

  it('refuses enrolments without a fresh redeemed invite of that scheme', async () => {
    const scheme = 'london';
    const { code: unredeemed, record } = createInvite(scheme, network.members, clock + 3_600_000);
    await signedFetch(relay.url, network, scheme, 'POST', '/v1/invites', record);
    const notRedeemed = await postJson(relay.url, '/v1/enrolments', enrol(scheme, unredeemed).body);
    expect(notRedeemed.status).toBe(404);
    expect((await notRedeemed.json()).error.code).toBe('invite-unknown');

    // An invite of London named in an enrolment for North East.
    const code = await redeemedInvite(scheme);
    const crossed = enrol('north-east', code);
    expect((await postJson(relay.url, '/v1/enrolments', crossed.body)).status).toBe(404);

    const bad = [
      {},
      { invite: 'x', envelope: enrol(scheme, code).envelope },
      { invite: inviteId(code), envelope: { ...enrol(scheme, code).envelope, v: 2 } },
      { invite: inviteId(code), envelope: enrol(scheme, code).envelope, extra: 1 },
    ];
    for (const body of bad) {
      expect((await postJson(relay.url, '/v1/enrolments', body)).status).toBe(400);
    }
    const before = (await store.stats()).enrolments;
    const suspended = await postJson(relay.url, '/v1/enrolments', {
      invite: newId(),
      envelope: { ...enrol(scheme, code).envelope, scheme: 'east' },
    });
    expect(suspended.status).toBe(403);
    expect((await store.stats()).enrolments).toBe(before);
  });

  it('lets a scheme remove an enrolment, and only its own', async () => {
    const code = await redeemedInvite('london');
    await postJson(relay.url, '/v1/enrolments', enrol('london', code).body);
    const path = (scheme: string) => `/v1/schemes/${scheme}/enrolments/${inviteId(code)}`;

    expect(
      (await signedFetch(relay.url, network, 'north-east', 'DELETE', path('north-east'))).status,
    ).toBe(404);
    expect(
      (await signedFetch(relay.url, network, 'north-east', 'DELETE', path('london'))).status,
    ).toBe(403);
    expect((await signedFetch(relay.url, network, 'london', 'DELETE', path('london'))).status).toBe(
      200,
    );
    const { enrolments } = await (await listEnrolments('london')).json();
    expect(enrolments.some((e: { invite: string }) => e.invite === inviteId(code))).toBe(false);
  });

  it('files grants under the recipient, serves them until acknowledged, then forgets them', async () => {
    const london = network.schemes.get('london')!;
    const device = createDeviceKey();
    const next = rotateMembersKey(network.members);
    const toDevice = sealKeyGrant(
      'members',
      next,
      device.publicKey,
      'london',
      london.signing.secretKey,
    );
    const toScheme = sealKeyGrant(
      'members',
      next,
      network.schemes.get('north-east')!.box.publicKey,
      'london',
      london.signing.secretKey,
    );
    const posted = await signedFetch(relay.url, network, 'london', 'POST', '/v1/grants', {
      grants: [toDevice, toScheme],
    });
    expect(posted.status).toBe(201);
    expect((await posted.json()).stored).toBe(2);

    const recipient = recipientId(device.publicKey);
    const first = await (await fetch(`${relay.url}/v1/grants/${recipient}`)).json();
    expect(first.grants).toHaveLength(1);
    expect(first.grants[0].envelope).toEqual(toDevice);
    // Fetched again before it is acknowledged (the worker was stopped before storing it).
    const again = await (await fetch(`${relay.url}/v1/grants/${recipient}`)).json();
    expect(again.grants).toEqual(first.grants);

    const check = await verifyDirectory(nextDirectory(network), network.root.publicKey);
    if (!check.ok) throw new Error('directory');
    const opened = await openKeyGrant(first.grants[0].envelope, device, check.directory, 'members');
    expect(opened.ok && opened.grant.epoch).toBe(next.epoch);

    const ack = await postJson(relay.url, `/v1/grants/${recipient}/ack`, {
      ids: [first.grants[0].id],
    });
    expect((await ack.json()).deleted).toBe(1);
    expect((await (await fetch(`${relay.url}/v1/grants/${recipient}`)).json()).grants).toEqual([]);

    // A scheme's grants stay for all its staff: nobody can delete them.
    const schemeRecipient = recipientId(network.schemes.get('north-east')!.box.publicKey);
    const held = await (await fetch(`${relay.url}/v1/grants/${schemeRecipient}`)).json();
    expect(held.grants).toHaveLength(1);
    const refused = await postJson(relay.url, `/v1/grants/${schemeRecipient}/ack`, {
      ids: [held.grants[0].id],
    });
    expect(refused.status).toBe(400);
    expect(
      (await (await fetch(`${relay.url}/v1/grants/${schemeRecipient}`)).json()).grants,
    ).toHaveLength(1);
  });

  it('refuses grants not signed by the posting scheme, storing nothing', async () => {
    const london = network.schemes.get('london')!;
    const northEast = network.schemes.get('north-east')!;
    const device = createDeviceKey();
    const next = rotateMembersKey(network.members);
    const byNorthEast = sealKeyGrant(
      'members',
      next,
      device.publicKey,
      'north-east',
      northEast.signing.secretKey,
    );
    const forged = {
      ...sealKeyGrant('members', next, device.publicKey, 'london', northEast.signing.secretKey),
    };
    const good = sealKeyGrant(
      'members',
      next,
      device.publicKey,
      'london',
      london.signing.secretKey,
    );
    const before = (await store.stats()).grants;

    const cases: [unknown, number][] = [
      [{ grants: [byNorthEast] }, 403],
      [{ grants: [good, forged] }, 401],
      [{ grants: [] }, 400],
      [{ grants: [{ ...good, v: 2 }] }, 400],
      [{ grants: Array.from({ length: 101 }, () => good) }, 400],
    ];
    for (const [body, status] of cases) {
      const answer = await signedFetch(relay.url, network, 'london', 'POST', '/v1/grants', body);
      expect(answer.status).toBe(status);
    }
    const unsigned = await postJson(relay.url, '/v1/grants', { grants: [good] });
    expect(unsigned.status).toBe(401);
    expect((await fetch(`${relay.url}/v1/grants/not-an-id`)).status).toBe(400);
    expect((await postJson(relay.url, `/v1/grants/${newId()}/ack`, { ids: ['1'] })).status).toBe(
      400,
    );
    expect((await store.stats()).grants).toBe(before);
  });

  it('prunes grants nobody fetched after the keep period', async () => {
    const london = network.schemes.get('london')!;
    const device = createDeviceKey();
    const grant = sealKeyGrant(
      'members',
      rotateMembersKey(network.members),
      device.publicKey,
      'london',
      london.signing.secretKey,
    );
    await signedFetch(relay.url, network, 'london', 'POST', '/v1/grants', { grants: [grant] });
    const pruned = await store.prune(clock, 0, 0, clock + 1);
    expect(pruned.grants).toBeGreaterThanOrEqual(1);
    expect(await store.listGrants(recipientId(device.publicKey), 10)).toEqual([]);
  });

  // Last: the relay's clock only moves forward (the rate limiter and signed requests share it).
  it('refuses an enrolment long after the redemption', async () => {
    const late = await redeemedInvite('london');
    clock += 2 * 86_400_000;
    const tooLate = await postJson(relay.url, '/v1/enrolments', enrol('london', late).body);
    expect(tooLate.status).toBe(404);
  });
});

describe.each(BACKENDS)("what the relay logs of members' key rotation on $name", (backend) => {
  it('logs no invite id, recipient id, device key or address', async () => {
    const created = await backend.create();
    const location = created.location;
    const network = createTestNetwork(['north']);
    const setup = await openStore(location);
    await publishDirectory(network, setup);
    await setup.close();
    const relay = await spawnRelay({
      ...(location.databaseUrl
        ? { DATABASE_URL: location.databaseUrl }
        : { RELAY_SQLITE_PATH: location.sqlitePath! }),
      RELAY_ROOT_PUBLIC_KEY: toBase64Url(network.root.publicKey),
      RELAY_TRUST_PROXY: 'true',
      RELAY_LOG_LEVEL: 'debug',
    });
    const address = '203.0.113.91';
    const headers = { 'content-type': 'application/json', 'x-forwarded-for': address };
    const secrets: string[] = [address];
    try {
      const north = network.schemes.get('north')!;
      const { code, record } = createInvite('north', network.members, Date.now() + 86_400_000);
      await signedFetch(relay.url, network, 'north', 'POST', '/v1/invites', record);
      await fetch(`${relay.url}/v1/invites/${record.id}/redeem`, { method: 'POST', headers });
      const device = createDeviceKey();
      const envelope = sealDeviceEnrolment(code, 'north', device.publicKey, north.box.publicKey);
      secrets.push(record.id, toBase64Url(device.publicKey), recipientId(device.publicKey));
      secrets.push(envelope.box.slice(0, 40), envelope.epk);
      const enrolled = await fetch(`${relay.url}/v1/enrolments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ invite: record.id, envelope }),
      });
      expect(enrolled.status).toBe(201);
      await signedFetch(relay.url, network, 'north', 'GET', '/v1/schemes/north/enrolments');
      const grant = sealKeyGrant(
        'members',
        rotateMembersKey(network.members),
        device.publicKey,
        'north',
        north.signing.secretKey,
      );
      secrets.push(grant.box.slice(0, 40), grant.signature);
      await signedFetch(relay.url, network, 'north', 'POST', '/v1/grants', { grants: [grant] });
      const recipient = recipientId(device.publicKey);
      const { grants } = await (
        await fetch(`${relay.url}/v1/grants/${recipient}`, { headers })
      ).json();
      expect(grants).toHaveLength(1);
      await fetch(`${relay.url}/v1/grants/${recipient}/ack`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ids: [grants[0].id] }),
      });
    } finally {
      await relay.stop();
      await created.drop();
    }

    const log = relay.output.join('\n');
    expect(relay.output.length).toBeGreaterThan(0);
    expect(secrets.length).toBe(8);
    for (const secret of secrets) expect(log).not.toContain(secret);
    for (const line of relay.output) expect(() => JSON.parse(line)).not.toThrow();
  });
});
