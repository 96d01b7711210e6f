import { createInvite } from '../protocol/invite.js';
import { enrolmentKey } from '../protocol/device-enrolment.js';
import { currentMembersKey, type SchemeSecrets } from '../protocol/keys.js';
import type { RelayClient } from '../relay-client.js';

/**
 * Single-use member invites. The code is shown to staff once, to pass to a vetted worker in
 * person or by phone; the relay keeps only a hash-derived id and the members' keys sealed with
 * a key from the code.
 */

/** Default invite lifetime: a week is enough to meet the worker and short enough to matter. */
export const DEFAULT_INVITE_DAYS = 7;

/** An invite as the staff page lists it. */
export interface ListedInvite {
  id: string;
  expiresAt: number;
  redeemedAt: number | null;
}

/**
 * Creates an invite on the relay and returns the code to show once, the enrolment key to share
 * with colleagues (invite-keys.ts) so the device that joins with it can be checked, and the
 * newest members' key epoch the code carries. Throws RelayError.
 */
export async function createMemberInvite(
  relay: Pick<RelayClient, 'createInvite'>,
  secrets: SchemeSecrets,
  options: { days?: number; now?: number } = {},
): Promise<{
  code: string;
  id: string;
  expiresAt: number;
  enrolmentKey: Uint8Array;
  epoch: number;
}> {
  const days = options.days ?? DEFAULT_INVITE_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    throw new RangeError('createMemberInvite: days must be 1..90');
  }
  const expiresAt = (options.now ?? Date.now()) + days * 86_400_000;
  const { code, record } = createInvite(secrets.scheme, secrets.members, expiresAt);
  await relay.createInvite(secrets, record);
  return {
    code: code.text,
    id: record.id,
    expiresAt,
    enrolmentKey: enrolmentKey(code),
    epoch: currentMembersKey(secrets.members).epoch,
  };
}

/** Where an invite stands, for display. */
export function inviteState(
  invite: ListedInvite,
  now = Date.now(),
): 'redeemed' | 'expired' | 'open' {
  if (invite.redeemedAt !== null) return 'redeemed';
  return invite.expiresAt <= now ? 'expired' : 'open';
}
