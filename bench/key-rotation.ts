import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBase64Url } from '../shared/encoding/bytes.js';
import {
  createDeviceKey,
  enrolmentKey,
  sealDeviceEnrolment,
} from '../shared/protocol/device-enrolment.js';
import { verifyDirectory } from '../shared/protocol/directory.js';
import { createInvite } from '../shared/protocol/invite.js';
import { recipientId } from '../shared/protocol/key-grant.js';
import { createRelayClient } from '../shared/relay-client.js';
import { listMemberDevices, rotateMembers } from '../shared/staff/member-devices.js';
import { openStore } from '../server/store/open-store.js';
import {
  createTestNetwork,
  nextDirectory,
  publishDirectory,
} from '../tests/support/relay-network.js';
import { spawnRelay } from '../tests/support/relay-process.js';

/**
 * Members' key rotation at scale, against a relay process on 127.0.0.1 (SQLite): staff listing
 * and checking N enrolled devices, rotating to them (sealing and posting N + 2 grants), and a
 * device fetching and acknowledging its grant. Not part of `npm run bench`; run it alone:
 * `N=1000 npx tsx bench/key-rotation.ts` (default 100 devices).
 */
const count = Number(process.env.N ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'umn-rotation-bench-'));
const path = join(dir, 'relay.sqlite');
const network = createTestNetwork(['north-east', 'london']);
const scheme = network.schemes.get('north-east')!;
const staff = { ...scheme, members: [...network.members] };
const keys = new Map<string, Uint8Array>();
const devices = Array.from({ length: count }, () => createDeviceKey());

const store = await openStore({ sqlitePath: path });
await publishDirectory(network, store);
const now = Date.now();
for (const device of devices) {
  const { code, record } = createInvite('north-east', network.members, now + 86_400_000);
  await store.putInvite(record, now);
  await store.redeemInvite(record.id, now);
  keys.set(record.id, enrolmentKey(code));
  const envelope = sealDeviceEnrolment(code, 'north-east', device.publicKey, scheme.box.publicKey);
  await store.putEnrolment(record.id, envelope, now, 86_400_000);
}
await store.close();

const relay = await spawnRelay({
  RELAY_SQLITE_PATH: path,
  RELAY_ROOT_PUBLIC_KEY: toBase64Url(network.root.publicKey),
});
try {
  const client = createRelayClient(relay.url);
  const checked = await verifyDirectory(nextDirectory(network), network.root.publicKey);
  if (!checked.ok) throw new Error('the test directory did not verify');

  let started = performance.now();
  const listed = await listMemberDevices(client, staff, keys);
  const listMs = performance.now() - started;
  started = performance.now();
  const rotated = await rotateMembers(client, staff, checked.directory, listed.devices);
  const rotateMs = performance.now() - started;

  const fetches: number[] = [];
  for (const device of devices.slice(0, 200)) {
    const recipient = recipientId(device.publicKey);
    const start = performance.now();
    const { grants } = await client.grants(recipient);
    await client.ackGrants(
      recipient,
      grants.map((g) => g.id),
    );
    fetches.push(performance.now() - start);
  }
  fetches.sort((a, b) => a - b);
  const at = (q: number) => fetches[Math.min(fetches.length - 1, Math.floor(fetches.length * q))]!;
  console.log(
    `${listed.devices.length} devices: list and check ${listMs.toFixed(0)} ms, rotate to epoch ` +
      `${rotated.epoch} ${rotateMs.toFixed(0)} ms; a device's fetch + ack ` +
      `${at(0.5).toFixed(1)} ms median, ${at(0.95).toFixed(1)} ms p95`,
  );
} finally {
  await relay.stop();
  rmSync(dir, { recursive: true, force: true });
}
