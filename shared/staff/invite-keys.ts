import { fromBase64UrlExact, toBase64Url } from '../encoding/bytes.js';
import type { SchemeSecrets } from '../protocol/keys.js';
import type { RelayClient } from '../relay-client.js';
import { enrolmentKeys, forgetEnrolmentKey, type EnrolmentKeyDb } from './enrolment-keys.js';
import type { InviteKeyBody, SharedInvite } from './journal-view.js';
import type { StaffJournal } from './staff-journal.js';

/**
 * Invite enrolment keys shared through the scheme staff journal (docs/protocol.md §4.6, §4.12):
 * the staff device that makes an invite appends its enrolment key, so every staff device of the
 * scheme can check the device that enrols with it and include it in a rotation — on-call staff
 * on another laptop can cut a perpetrator off. The journal is sealed under a key only the
 * scheme's staff hold; the relay sees an entry of the smallest size bucket, nothing more.
 */

/** The journal entry that shares an invite's enrolment key. */
export function inviteKeyEntry(invite: {
  id: string;
  enrolmentKey: Uint8Array;
  createdAt: number | null;
  expiresAt: number | null;
  epoch: number | null;
}): InviteKeyBody {
  const { id, enrolmentKey, createdAt, expiresAt, epoch } = invite;
  if (!(enrolmentKey instanceof Uint8Array) || enrolmentKey.length !== 32) {
    throw new TypeError('inviteKeyEntry: enrolment key must be 32 bytes');
  }
  const key = toBase64Url(enrolmentKey);
  return { type: 'invite-key', invite: id, key, createdAt, expiresAt, epoch };
}

/**
 * The enrolment keys a rotation may use, by invite id: every invite the journal carries except
 * those revoked (staff meant nobody to join with them) and those whose device was removed (so a
 * relay serving the enrolment again cannot bring it back into a rotation).
 */
export function checkableEnrolmentKeys(
  invites: ReadonlyMap<string, SharedInvite>,
): Map<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>();
  for (const invite of invites.values()) {
    if (invite.revoked || invite.removed) continue;
    const key = fromBase64UrlExact(invite.key, 32);
    if (key) keys.set(invite.id, key);
  }
  return keys;
}

/** Invite ids one `members-key-sent` entry lists (well inside the journal's largest bucket). */
const INVITES_PER_ENTRY = 100;

/**
 * The entries that record `epoch` as sent to the devices of `invites` (after a rotation, "send
 * again" or a catch-up), so no staff device sends it to them again.
 */
export function keySentEntries(
  epoch: number,
  invites: readonly string[],
): { type: 'members-key-sent'; epoch: number; invites: string[] }[] {
  const entries = [];
  for (let i = 0; i < invites.length; i += INVITES_PER_ENTRY) {
    entries.push({
      type: 'members-key-sent' as const,
      epoch,
      invites: invites.slice(i, i + INVITES_PER_ENTRY),
    });
  }
  return entries;
}

/**
 * True when the device enrolled with `invite` may lack the `current` members' key epoch: its
 * code carried an older one (or the journal does not say which) and no staff member recorded
 * sending it the current one. Such a device joined with an invite made before a rotation.
 * Devices enrolled before the journal recorded sends count as lacking it once: sending a device
 * an epoch it holds changes nothing.
 */
export function lacksCurrentKey(invite: SharedInvite | undefined, current: number): boolean {
  if (!invite) return false;
  return Math.max(invite.epoch ?? 0, invite.sent ?? 0) < current;
}

/**
 * Publishes the enrolment keys this device kept before the journal carried them (once: each is
 * forgotten here as soon as its entry is queued, and the queue survives going offline). Keys the
 * journal already has are just forgotten. Expiry comes from the relay's invite list when it
 * answers; the creation time was never kept, so it stays null. Returns how many were queued.
 */
export async function shareKeptEnrolmentKeys(
  db: EnrolmentKeyDb,
  journal: Pick<StaffJournal, 'append' | 'view'>,
  relay: Pick<RelayClient, 'listInvites'>,
  secrets: SchemeSecrets,
): Promise<number> {
  const kept = await enrolmentKeys(db, secrets);
  if (kept.size === 0) return 0;

  const shared = (await journal.view()).invites;
  const expiries = new Map<string, number>();
  try {
    for (const invite of (await relay.listInvites(secrets)).invites) {
      expiries.set(invite.id, invite.expiresAt);
    }
  } catch {
    // Offline: the keys matter more than their expiry dates; share them without.
  }
  let queued = 0;
  for (const [id, enrolmentKey] of kept) {
    if (!shared.has(id)) {
      const expiresAt = expiries.get(id) ?? null;
      const entry = inviteKeyEntry({ id, enrolmentKey, createdAt: null, expiresAt, epoch: null });
      await journal.append(entry);
      queued++;
    }
    await forgetEnrolmentKey(db, secrets, id);
  }
  return queued;
}
