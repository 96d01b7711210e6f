import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlertStore } from '../../../shared/alert-store.js';
import type { AlertContent } from '../../../shared/domain/alert.js';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import { randomBytes } from '../../../shared/crypto/random.js';
import { sealAlert } from '../../../shared/protocol/alert-envelope.js';
import { verifyDirectory, type Directory } from '../../../shared/protocol/directory.js';
import { recipientId } from '../../../shared/protocol/key-grant.js';
import { currentMembersKey, type SchemeSecrets } from '../../../shared/protocol/keys.js';
import { createRelayClient, RelayError, type RelayClient } from '../../../shared/relay-client.js';
import type { NetworkConfig } from '../../../shared/network-config.js';
import {
  enrolmentKeys,
  forgetEnrolmentKey,
  keepEnrolmentKey,
  openEnrolmentKeyDb,
  type EnrolmentKeyDb,
} from '../../../shared/staff/enrolment-keys.js';
import { createMemberInvite } from '../../../shared/staff/member-invites.js';
import {
  adoptSchemeGrants,
  listMemberDevices,
  rotateMembers,
} from '../../../shared/staff/member-devices.js';
import {
  createMemberState,
  createSyncEngine,
  joinWithInvite,
  type KeyValueArea,
} from '../../../shared/sync/index.js';
import { startRelay, type RunningRelay } from '../../../server/relay.js';
import { openStore } from '../../../server/store/open-store.js';
import type { RelayStore } from '../../../server/store/relay-store.js';
import {
  createTestNetwork,
  nextDirectory,
  publishDirectory,
  type TestNetwork,
} from '../../support/relay-network.js';

/**
 * Members' key rotation end to end against a real relay in this process: workers join and enrol,
 * staff leave one out and rotate, and only the remaining workers open alerts of the new epoch.
 */

function memoryArea(): KeyValueArea {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => (data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}),
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    remove: async (key) => void data.delete(key),
  };
}

function alertFor(scheme: string, area: string): AlertContent {
  const now = Date.now();
  return {
    v: 1,
    kind: 'alert',
    id: toBase64Url(randomBytes(16)),
    scheme,
    revision: 1,
    issuedAt: now,
    expiresAt: now + 86_400_000,
    regions: ['Testshire'],
    area,
    incidentDate: '',
    severity: 'critical',
    incidentTypes: ['robbery'],
    setting: '',
    identifiers: [{ kind: 'phone', value: '+447700900123' }],
    advice: ['do-not-book'],
    description: '',
  };
}

const GENEROUS = {
  report: { burst: 10_000, perMinute: 10_000 },
  redeem: { burst: 1000, perMinute: 1000 },
  read: { burst: 10_000, perMinute: 10_000 },
};

let stores = 0;

describe("members' key rotation, worker and staff", () => {
  let dir: string;
  let store: RelayStore;
  let relayServer: RunningRelay;
  let network: TestNetwork;
  let relay: RelayClient;
  let directory: Directory;
  let keysDb: EnrolmentKeyDb;
  let staff: SchemeSecrets;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'umn-rotation-'));
    store = await openStore({ sqlitePath: join(dir, 'relay.sqlite') });
    network = createTestNetwork(['north-east', 'london']);
    await publishDirectory(network, store);
    relayServer = await startRelay({
      rootPublicKey: network.root.publicKey,
      store,
      rateRules: GENEROUS,
    });
    relay = createRelayClient(relayServer.url);
    const check = await verifyDirectory(nextDirectory(network), network.root.publicKey);
    if (!check.ok) throw new Error('directory');
    directory = check.directory;
    keysDb = await openEnrolmentKeyDb('rotation-keys');
    // Own copies: the test network's schemes share one members' key list.
    const northEast = network.schemes.get('north-east')!;
    staff = { ...northEast, members: [...northEast.members] };
  });

  afterAll(async () => {
    await relayServer?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (): NetworkConfig => ({
    relayUrl: relayServer.url,
    rootKey: network.root.publicKey,
    rootKeyText: toBase64Url(network.root.publicKey),
    builtIn: true,
  });

  /** A worker who joins with a fresh invite of North East, and their sync engine. */
  async function worker(
    client: (base: RelayClient) => RelayClient = (r) => r,
    joinRelay: RelayClient = relay,
  ) {
    const invite = await createMemberInvite(relay, staff);
    await keepEnrolmentKey(keysDb, staff, invite.id, invite.enrolmentKey);
    const state = createMemberState(memoryArea());
    const joined = await joinWithInvite(invite.code, {
      relay: joinRelay,
      state,
      rootKey: network.root.publicKey,
    });
    expect(joined.ok).toBe(true);
    const alerts = await openAlertStore(`rotation-${++stores}`);
    const engine = createSyncEngine({
      state,
      store: async () => alerts,
      network: async () => config(),
      relay: () => client(relay),
    });
    return { invite: invite.id, state, alerts, engine };
  }

  const publish = async (area: string) => {
    const message = alertFor('north-east', area);
    await relay.publishAlert(
      staff,
      sealAlert(message, staff.signing.secretKey, currentMembersKey(staff.members)),
    );
    return message.id;
  };
  const holds = async (w: { alerts: { all(): Promise<AlertContent[]> } }, id: string) =>
    (await w.alerts.all()).some((a) => a.id === id);

  it('enrols at joining; after a rotation only the devices left in read new alerts', async () => {
    const kept = await worker();
    const removed = await worker();
    expect((await kept.state.device())?.pending).toBeNull();

    const keys = await enrolmentKeys(keysDb, staff);
    const listed = await listMemberDevices(relay, staff, keys);
    const invites = listed.devices.map((d) => d.invite);
    expect(invites).toEqual(expect.arrayContaining([kept.invite, removed.invite]));

    // Staff leave the second worker out, then rotate.
    await relay.removeEnrolment(staff, removed.invite);
    await forgetEnrolmentKey(keysDb, staff, removed.invite);
    const remaining = await listMemberDevices(relay, staff, await enrolmentKeys(keysDb, staff));
    expect(remaining.devices.map((d) => d.invite)).not.toContain(removed.invite);
    const before = currentMembersKey(staff.members).epoch;
    const rotated = await rotateMembers(relay, staff, directory, remaining.devices);
    expect(rotated.epoch).toBe(before + 1);
    expect(rotated.schemes).toBe(2);

    const id = await publish('after rotation');
    expect(await kept.engine.sync()).toMatchObject({ ok: true });
    expect(await removed.engine.sync()).toMatchObject({ ok: true });
    expect(await holds(kept, id)).toBe(true);
    expect(await holds(removed, id)).toBe(false);
    const keptEpochs = (await kept.state.membership())!.members.map((m) => m.epoch);
    expect(keptEpochs).toContain(rotated.epoch);
    expect((await removed.state.membership())!.members.map((m) => m.epoch)).not.toContain(
      rotated.epoch,
    );
    // The left-out device remembers that it could not read an alert (count and epoch only),
    // and a later sync that reads nothing new does not forget it or count it again.
    expect(await removed.state.unreadable()).toEqual({ count: 1, newestEpoch: rotated.epoch });
    expect(await kept.state.unreadable()).toBeUndefined();
    expect(await removed.engine.sync()).toMatchObject({ ok: true });
    expect(await removed.state.unreadable()).toEqual({ count: 1, newestEpoch: rotated.epoch });

    // The kept device acknowledged its grant: the relay holds nothing more for it.
    const device = (await kept.state.device())!;
    expect((await relay.grants(recipientId(device.key.publicKey))).grants).toEqual([]);

    // The other scheme's staff take the new epoch from the grant to their box key.
    const london = network.schemes.get('london')!;
    const londonCopy: SchemeSecrets = { ...london, members: [...network.members] };
    expect(await adoptSchemeGrants(relay, londonCopy, directory)).toEqual([rotated.epoch]);
  });

  it('keeps a grant fetched before the worker stopped, and adds it once', async () => {
    let failAck = true;
    const stopped = await worker((base) => ({
      ...base,
      ackGrants: async (recipient: string, ids: number[]) => {
        // The service worker is killed after storing the key, before acknowledging it.
        if (failAck) throw new Error('killed');
        return base.ackGrants(recipient, ids);
      },
    }));
    const { devices } = await listMemberDevices(relay, staff, await enrolmentKeys(keysDb, staff));
    const rotated = await rotateMembers(relay, staff, directory, devices);
    const id = await publish('before the stop');

    await stopped.engine.sync();
    expect(await holds(stopped, id)).toBe(true);
    const device = (await stopped.state.device())!;
    const recipient = recipientId(device.key.publicKey);
    expect((await relay.grants(recipient)).grants).toHaveLength(1);

    failAck = false;
    await stopped.engine.sync();
    expect((await relay.grants(recipient)).grants).toEqual([]);
    const epochs = (await stopped.state.membership())!.members.map((m) => m.epoch);
    expect(epochs.filter((e) => e === rotated.epoch)).toHaveLength(1);
  });

  it('reads again an alert of an epoch granted while the feed was being read', async () => {
    let rotateDuringRead = true;
    let id = '';
    const racing = await worker((base) => ({
      ...base,
      alerts: async (after?: number, limit?: number) => {
        if (rotateDuringRead) {
          // Staff rotate and publish after this worker looked for grants, before it reads.
          rotateDuringRead = false;
          const keys = await enrolmentKeys(keysDb, staff);
          const { devices } = await listMemberDevices(relay, staff, keys);
          await rotateMembers(relay, staff, directory, devices);
          id = await publish('during the read');
        }
        return base.alerts(after, limit);
      },
    }));
    await racing.engine.sync();
    expect(id).not.toBe('');
    expect(await holds(racing, id)).toBe(true);
  });

  it('sends a pending enrolment at the next sync when joining lost the connection', async () => {
    const cut = {
      ...relay,
      enrolDevice: async () => {
        throw new RelayError('offline', 0, 'offline');
      },
    };
    const late = await worker((r) => r, cut);
    expect((await late.state.device())?.pending?.invite).toBe(late.invite);
    const listed = async () =>
      (await relay.listEnrolments(staff)).enrolments.some((e) => e.invite === late.invite);
    expect(await listed()).toBe(false);

    await late.engine.sync();
    expect((await late.state.device())?.pending).toBeNull();
    expect(await listed()).toBe(true);
  });
});
