import { browser } from 'wxt/browser';
import { createRelayClient, type RelayClient } from '../../shared/relay-client.js';
import { resolveNetwork, type NetworkConfig } from '../../shared/network-config.js';
import { createMemberState, type KeyValueArea } from '../../shared/sync/member-state.js';
import { refreshDirectory, storedDirectory } from '../../shared/sync/directory-cache.js';
import type { Directory } from '../../shared/protocol/directory.js';
import { browserSessionArea, type SessionArea } from '../../shared/staff/session-area.js';
import { openStaffDb, type StaffDb } from '../../shared/staff/staff-db.js';

/**
 * What the staff page and the popup's staff tab need before anyone unlocks: the network this
 * extension belongs to (built in, or chosen in onboarding), a relay client, the verified
 * directory (never a lower version than one seen), the session area and the staff database.
 */
export interface StaffEnv {
  network: NetworkConfig;
  relay: RelayClient;
  directory: Directory;
  area: SessionArea;
  db: StaffDb;
}

/** Why the staff tools cannot start. */
export type StaffEnvProblem = 'no-network' | 'no-directory';

const local: KeyValueArea = {
  get: (key) => browser.storage.local.get(key),
  set: (items) => browser.storage.local.set(items),
  remove: (key) => browser.storage.local.remove(key),
};

/** The member state in extension storage (shared with the worker's side of the extension). */
export const memberState = createMemberState(local);

/** Loads the staff environment, or says what is missing. */
export async function loadStaffEnv(): Promise<
  { ok: true; env: StaffEnv } | { ok: false; problem: StaffEnvProblem }
> {
  const network = resolveNetwork(await memberState.network());
  if (!network) return { ok: false, problem: 'no-network' };

  const relay = createRelayClient(network.relayUrl);
  const fresh = await refreshDirectory(relay, memberState, network.rootKey);
  const directory = fresh.ok
    ? fresh.directory
    : await storedDirectory(memberState, network.rootKey);
  if (!directory) return { ok: false, problem: 'no-directory' };

  return {
    ok: true,
    env: { network, relay, directory, area: browserSessionArea(), db: await openStaffDb() },
  };
}

/** Calls `listener` whenever the staff session is started, touched or removed. */
export function onSessionChange(listener: () => void): () => void {
  const handler = (changes: Record<string, unknown>) => {
    if ('staff:session' in changes) listener();
  };
  browser.storage.session.onChanged.addListener(handler);
  return () => browser.storage.session.onChanged.removeListener(handler);
}
