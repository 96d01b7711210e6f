import { fromBase64UrlExact } from '../encoding/bytes.js';
import { openDeviceEnrolment, type EnrolmentRejection } from '../protocol/device-enrolment.js';
import { openKeyGrant, recipientId, sealKeyGrant } from '../protocol/key-grant.js';
import {
  addMembersKey,
  currentMembersKey,
  rotateMembersKey,
  type MembersKey,
  type SchemeSecrets,
} from '../protocol/keys.js';
import type { Directory } from '../protocol/directory.js';
import type { KeyGrantEnvelope } from '../protocol/key-grant.js';
import type { RelayClient } from '../relay-client.js';
import type { SharedInvite } from './journal-view.js';

/**
 * Staff's side of members' key rotation (docs/protocol.md §4.6–4.8, docs/staff.md "Workers'
 * devices"): the devices enrolled under this scheme's invites, leaving one out, and rotating
 * the members' key: a new epoch sealed to every remaining device and to every active scheme's
 * box key (so all staff publish with it). Rotation protects alerts published from then on;
 * whoever held an older key keeps reading the alerts sealed with it.
 */

/** A worker's device whose enrolment opened and whose MAC matched an invite the journal carries. */
export interface EnrolledDevice {
  /** The invite the device joined with (its id, never the code). */
  invite: string;
  enrolledAt: number;
  devicePublicKey: Uint8Array;
}

/** An enrolment that cannot be used: its MAC is wrong, or its invite's key is not usable here. */
export interface UncheckedEnrolment {
  invite: string;
  enrolledAt: number;
  reason: EnrolmentRejection;
}

/**
 * The enrolments a rotation now would cut off without staff having chosen to: their invite's
 * enrolment key is not in the journal here (the invite was made outside a staff page, or on a
 * staff device that has not unlocked since), and no staff member revoked the invite or removed
 * its device. They cannot be sent the new key, so they stop receiving new alerts until the worker
 * joins again with a new invite: the staff page says how many before it rotates. Enrolments that
 * do not match their invite or are not sealed to this scheme are not a worker's device and are
 * left out; one invite enrols one device, so each counts once.
 */
export function enrolmentsCutOffByRotation(
  unchecked: readonly UncheckedEnrolment[],
  invites: ReadonlyMap<string, SharedInvite>,
): UncheckedEnrolment[] {
  const cutOff = new Map<string, UncheckedEnrolment>();
  for (const enrolment of unchecked) {
    if (enrolment.reason !== 'unknown-invite') continue;
    const shared = invites.get(enrolment.invite);
    if (shared?.revoked || shared?.removed) continue;
    if (!cutOff.has(enrolment.invite)) cutOff.set(enrolment.invite, enrolment);
  }
  return [...cutOff.values()];
}

/** Grants one post carries (the relay's limit). */
const GRANTS_PER_POST = 100;

/**
 * Lists the scheme's enrolments and checks each against the enrolment keys staff shared in the
 * journal (`checkableEnrolmentKeys`, invite-keys.ts). Throws RelayError when the relay cannot be
 * reached.
 */
export async function listMemberDevices(
  relay: Pick<RelayClient, 'listEnrolments'>,
  secrets: SchemeSecrets,
  keys: ReadonlyMap<string, Uint8Array>,
): Promise<{ devices: EnrolledDevice[]; unchecked: UncheckedEnrolment[] }> {
  const { enrolments } = await relay.listEnrolments(secrets);
  const devices: EnrolledDevice[] = [];
  const unchecked: UncheckedEnrolment[] = [];
  const seen = new Set<string>();
  for (const { invite, envelope, enrolledAt } of enrolments) {
    const opened = openDeviceEnrolment(envelope, secrets.box.secretKey, (id) =>
      id === invite ? keys.get(id) : undefined,
    );
    if (!opened.ok) {
      unchecked.push({ invite, enrolledAt, reason: opened.reason });
      continue;
    }
    // The same device twice is one device (docs/protocol.md §7, replay).
    const id = recipientId(opened.enrolment.devicePublicKey);
    if (seen.has(id)) continue;
    seen.add(id);
    devices.push({ invite, enrolledAt, devicePublicKey: opened.enrolment.devicePublicKey });
  }
  return { devices, unchecked };
}

/**
 * Takes in the members' key epochs other schemes' staff (or colleagues) granted to this scheme's
 * box key, so publishing uses the newest. Returns the epochs added; `secrets.members` is
 * updated in place. Throws RelayError when offline.
 */
export async function adoptSchemeGrants(
  relay: Pick<RelayClient, 'grants'>,
  secrets: SchemeSecrets,
  directory: Directory,
): Promise<number[]> {
  const { grants } = await relay.grants(recipientId(secrets.box.publicKey));
  const added: number[] = [];
  for (const { envelope } of grants) {
    const opened = await openKeyGrant(envelope, secrets.box, directory, 'members');
    if (!opened.ok) continue;
    const { epoch, key } = opened.grant;
    const next = addMembersKey(secrets.members, { epoch, key });
    if (!next.ok || !next.added) continue;
    secrets.members.splice(0, secrets.members.length, ...next.keys);
    added.push(opened.grant.epoch);
  }
  return added;
}

/**
 * Seals `key` to every device and every active scheme's box key and posts the grants. Safe to
 * repeat: a device given the same epoch and key twice changes nothing. Throws RelayError; grants
 * posted before a failure stay posted.
 */
export async function grantMembersKey(
  relay: Pick<RelayClient, 'postGrants'>,
  secrets: SchemeSecrets,
  directory: Directory,
  devices: readonly EnrolledDevice[],
  key: MembersKey = currentMembersKey(secrets.members),
  now = Date.now(),
): Promise<{ devices: number; schemes: number }> {
  const seal = (recipient: Uint8Array) =>
    sealKeyGrant('members', key, recipient, secrets.scheme, secrets.signing.secretKey, now);
  // Schemes first: if the post fails part-way, every scheme's staff still publish with the new
  // epoch and "send again" reaches the devices.
  const schemes = directory.schemes
    .filter((s) => s.status === 'active')
    .map((s) => fromBase64UrlExact(s.boxKey, 32)!);
  const recipients = [...schemes, ...devices.map((d) => d.devicePublicKey)];
  await postSealed(relay, secrets, recipients, seal);
  return { devices: devices.length, schemes: schemes.length };
}

/**
 * Sends the current members' key to `devices` only (schemes already hold it): the catch-up for
 * devices that joined with an invite made before a rotation. Throws RelayError.
 */
export async function sendMembersKeyToDevices(
  relay: Pick<RelayClient, 'postGrants'>,
  secrets: SchemeSecrets,
  devices: readonly EnrolledDevice[],
  now = Date.now(),
): Promise<number> {
  const key = currentMembersKey(secrets.members);
  const seal = (recipient: Uint8Array) =>
    sealKeyGrant('members', key, recipient, secrets.scheme, secrets.signing.secretKey, now);
  await postSealed(
    relay,
    secrets,
    devices.map((d) => d.devicePublicKey),
    seal,
  );
  return key.epoch;
}

async function postSealed(
  relay: Pick<RelayClient, 'postGrants'>,
  secrets: SchemeSecrets,
  recipients: readonly Uint8Array[],
  seal: (recipient: Uint8Array) => KeyGrantEnvelope,
): Promise<void> {
  // Sealed one post at a time: sealing a thousand grants at once would hold the page (and its
  // idle connection to the relay) for seconds.
  for (let i = 0; i < recipients.length; i += GRANTS_PER_POST) {
    await relay.postGrants(secrets, recipients.slice(i, i + GRANTS_PER_POST).map(seal));
  }
}

/**
 * Rotates the members' key: takes in epochs granted elsewhere first (so the new epoch is above
 * every one issued), makes the next epoch, adds it to `secrets.members` (the caller keeps the
 * session in step) and grants it. Devices not in `devices` (removed ones) never receive it.
 */
export async function rotateMembers(
  relay: Pick<RelayClient, 'grants' | 'postGrants'>,
  secrets: SchemeSecrets,
  directory: Directory,
  devices: readonly EnrolledDevice[],
  now = Date.now(),
): Promise<{ epoch: number; devices: number; schemes: number }> {
  await adoptSchemeGrants(relay, secrets, directory);
  const next = rotateMembersKey(secrets.members);
  secrets.members.push(next);
  const sent = await grantMembersKey(relay, secrets, directory, devices, next, now);
  return { epoch: next.epoch, ...sent };
}
