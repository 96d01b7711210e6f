import { verifyDirectory, type Directory } from '../protocol/directory.js';
import type { RelayClient } from '../relay-client.js';
import type { MemberState } from './member-state.js';

/**
 * The scheme directory as this member trusts it: fetched from the relay, verified against the
 * pinned root key, and never replaced by a lower version than one already accepted (a relay that
 * serves an old directory cannot bring back a suspended scheme's key).
 */

/** Why no directory could be had. */
export type DirectoryProblem = 'offline' | 'malformed' | 'bad-signature' | 'rollback';

/** The last verified directory in storage, checked again against the root; null if none. */
export async function storedDirectory(
  state: MemberState,
  rootKey: Uint8Array,
): Promise<Directory | null> {
  const signed = await state.signedDirectory();
  if (!signed) return null;
  const check = await verifyDirectory(signed, rootKey);
  return check.ok ? check.directory : null;
}

/**
 * Fetches and verifies the current directory, storing it when it is at least as new as the one
 * held. On failure the stored directory (if any) stays in use and the reason is returned.
 */
export async function refreshDirectory(
  relay: RelayClient,
  state: MemberState,
  rootKey: Uint8Array,
): Promise<{ ok: true; directory: Directory } | { ok: false; problem: DirectoryProblem }> {
  const held = await storedDirectory(state, rootKey);
  let served: unknown;
  try {
    served = await relay.directory();
  } catch {
    return { ok: false, problem: 'offline' };
  }

  const check = await verifyDirectory(served, rootKey, held?.version ?? 0);
  if (!check.ok) return { ok: false, problem: check.reason };
  await state.setSignedDirectory(served as Parameters<MemberState['setSignedDirectory']>[0]);
  return { ok: true, directory: check.directory };
}
