import type { MembersKey } from '../protocol/keys.js';
import type { MemberState, UnreadableAlerts } from './member-state.js';
import type { PullOutcome } from './pull-alerts.js';

/**
 * Remembers that this device was left out of a members' key rotation: alerts arrive sealed with
 * an epoch it holds no key for, so a check would answer "no reports" without them. The record
 * outlives the pull (the feed cursor moves past those alerts) and is cleared once a grant brings
 * a key for the newest epoch seen; the re-read that grant starts then counts afresh.
 */

/**
 * Updates the stored record after a pull with `held` keys. `reread` is true when the pull read
 * the whole feed again (its count replaces the stored one rather than adding to it).
 * Returns the record now stored, or undefined when there is none.
 */
export async function noteUnreadable(
  state: MemberState,
  held: readonly MembersKey[],
  seen: PullOutcome['unreadable'],
  reread: boolean,
): Promise<UnreadableAlerts | undefined> {
  const highest = Math.max(-1, ...held.map((k) => k.epoch));
  const stored = await state.unreadable();
  const kept = stored && stored.newestEpoch > highest && !reread ? stored : undefined;
  const count = (kept?.count ?? 0) + seen.count;

  if (count === 0) {
    if (stored) await state.clearUnreadable();
    return undefined;
  }

  const next = { count, newestEpoch: Math.max(kept?.newestEpoch ?? -1, seen.newestEpoch) };
  if (next.count !== stored?.count || next.newestEpoch !== stored.newestEpoch) {
    await state.setUnreadable(next);
  }
  return next;
}
