import { parseCode, type CodeProblem } from '../protocol/code.js';
import { inviteId, openInvite } from '../protocol/invite.js';
import { findScheme, type DirectoryScheme } from '../protocol/directory.js';
import { createDeviceKey, sealDeviceEnrolment } from '../protocol/device-enrolment.js';
import { fromBase64UrlExact } from '../encoding/bytes.js';
import { RelayError, type RelayClient } from '../relay-client.js';
import { refreshDirectory } from './directory-cache.js';
import type { MemberState, Membership } from './member-state.js';
import { enrolDevice } from './member-grants.js';

/**
 * Joining a scheme with the invite code its staff gave the worker. An invite can be redeemed only
 * once, so everything that can fail without spending it (a typo, no network, no trustworthy
 * directory) is checked before the relay is asked to redeem it.
 */

/** Why joining did not work; each has its own message in the onboarding screen. */
export type JoinProblem =
  | CodeProblem
  | 'offline'
  | 'no-directory'
  | 'invite-unknown'
  | 'invite-used'
  | 'invite-expired'
  | 'does-not-open'
  | 'unknown-scheme'
  | 'relay-error';

/** The outcome of joining. */
export type JoinResult =
  | { ok: true; membership: Membership; scheme: DirectoryScheme }
  | { ok: false; problem: JoinProblem };

/** Redeems the typed invite code, opens the members' keys and stores the membership. */
export async function joinWithInvite(
  typed: string,
  deps: { relay: RelayClient; state: MemberState; rootKey: Uint8Array; now?: number },
): Promise<JoinResult> {
  const parsed = parseCode(typed);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };

  const directory = await refreshDirectory(deps.relay, deps.state, deps.rootKey);
  if (!directory.ok) {
    return { ok: false, problem: directory.problem === 'offline' ? 'offline' : 'no-directory' };
  }

  let answer: { scheme: string; nonce: string; box: string };
  try {
    answer = await deps.relay.redeemInvite(inviteId(parsed.code));
  } catch (cause) {
    return { ok: false, problem: redeemProblem(cause) };
  }

  const now = deps.now ?? Date.now();
  const grant = openInvite(parsed.code, answer, now);
  if (!grant || grant.scheme !== answer.scheme) return { ok: false, problem: 'does-not-open' };
  const scheme = findScheme(directory.directory, grant.scheme);
  if (!scheme || scheme.status !== 'active') return { ok: false, problem: 'unknown-scheme' };

  // The device key staff will seal later epochs to, and its enrolment, kept before the
  // membership: the enrolment needs the code, which is not kept, so it is sealed now and sent
  // now or at the next sync.
  const key = createDeviceKey();
  const boxKey = fromBase64UrlExact(scheme.boxKey, 32)!;
  const envelope = sealDeviceEnrolment(parsed.code, scheme.id, key.publicKey, boxKey, now);
  await deps.state.setDevice({ key, pending: { invite: inviteId(parsed.code), envelope } });
  const membership: Membership = { scheme: grant.scheme, joinedAt: now, members: grant.members };
  await deps.state.setMembership(membership);
  // Offline now: the next sync sends it.
  await enrolDevice(deps.relay, deps.state).catch(() => false);
  const settings = await deps.state.settings();
  if (settings.regions.length === 0) await deps.state.updateSettings({ regions: scheme.regions });
  return { ok: true, membership, scheme };
}

function redeemProblem(cause: unknown): JoinProblem {
  if (!(cause instanceof RelayError)) return 'relay-error';
  if (cause.code === 'offline') return 'offline';
  if (cause.code === 'invite-unknown' || cause.code === 'not-found') return 'invite-unknown';
  if (cause.code === 'invite-used') return 'invite-used';
  if (cause.code === 'invite-expired') return 'invite-expired';
  return 'relay-error';
}
