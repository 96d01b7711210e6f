import { openKeyGrant, recipientId, type KeyGrantRejection } from '../protocol/key-grant.js';
import { addMembersKey } from '../protocol/keys.js';
import type { Directory } from '../protocol/directory.js';
import { RelayError, type RelayClient } from '../relay-client.js';
import type { MemberState } from './member-state.js';

/**
 * A member's side of members' key rotation (docs/protocol.md §4.6–4.8): the device enrolment
 * sent after joining, and the key grants staff seal to this device when they rotate. A grant is
 * acknowledged (deleted on the relay) only after the key it carries is stored, so a service
 * worker stopped between the two fetches it again and adding the same epoch twice changes
 * nothing.
 */

/** Grant refusals that will not change with a newer directory: acknowledged and dropped. */
const FINAL: ReadonlySet<KeyGrantRejection> = new Set([
  'malformed',
  'not-for-this-key',
  'does-not-open',
  'wrong-kind',
  'suspended-scheme',
  'bad-signature',
]);

/**
 * Sends the enrolment kept at joining, if it has not been taken yet. Returns true when the relay
 * holds it (now or before); false when it must be tried again (offline) or never can be.
 */
export async function enrolDevice(
  relay: Pick<RelayClient, 'enrolDevice'>,
  state: MemberState,
): Promise<boolean> {
  const device = await state.device();
  if (!device?.pending) return device !== undefined;
  try {
    await relay.enrolDevice(device.pending.invite, device.pending.envelope);
  } catch (cause) {
    if (!(cause instanceof RelayError) || cause.retryable) return false;
    // Refused for good (too late, or another device under this invite): staff must invite again.
    await state.setDevice({ ...device, pending: null });
    return false;
  }
  await state.setDevice({ ...device, pending: null });
  return true;
}

/** What one round of grants did. */
export interface GrantsOutcome {
  /** Epochs newly added to the membership. */
  added: number[];
  /** Grants refused, by reason (counts only); `conflict` is a second key for a held epoch. */
  refused: Partial<Record<KeyGrantRejection | 'conflict', number>>;
}

/**
 * Fetches the grants waiting for this device, adds each members' key that opens and verifies
 * against `directory`, stores the membership, and only then acknowledges them.
 * Throws RelayError when offline.
 */
export async function receiveGrants(
  relay: Pick<RelayClient, 'grants' | 'ackGrants'>,
  state: MemberState,
  directory: Directory,
): Promise<GrantsOutcome> {
  const outcome: GrantsOutcome = { added: [], refused: {} };
  const device = await state.device();
  const membership = await state.membership();
  if (!device || !membership) return outcome;

  const recipient = recipientId(device.key.publicKey);
  const { grants } = await relay.grants(recipient);
  if (grants.length === 0) return outcome;

  let members = membership.members;
  const done: number[] = [];
  for (const { id, envelope } of grants) {
    const opened = await openKeyGrant(envelope, device.key, directory, 'members');
    if (!opened.ok) {
      outcome.refused[opened.reason] = (outcome.refused[opened.reason] ?? 0) + 1;
      if (FINAL.has(opened.reason)) done.push(id);
      continue;
    }
    const added = addMembersKey(members, { epoch: opened.grant.epoch, key: opened.grant.key });
    if (!added.ok) {
      outcome.refused.conflict = (outcome.refused.conflict ?? 0) + 1;
    } else {
      members = added.keys;
      if (added.added) outcome.added.push(opened.grant.epoch);
    }
    done.push(id);
  }

  if (outcome.added.length > 0) await state.setMembership({ ...membership, members });
  if (done.length > 0) await relay.ackGrants(recipient, done);
  return outcome;
}
