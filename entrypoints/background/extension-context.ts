import { openAlertStore, type AlertStore } from '../../shared/alert-store.js';
import { resolveNetwork, type NetworkConfig } from '../../shared/network-config.js';
import { createSyncEngine, type PullOutcome } from '../../shared/sync/index.js';
import { memberState } from '../popup/member-storage.js';

/**
 * The service worker's shared pieces. The worker can be stopped at any moment, so these hold no
 * state of their own beyond caches: everything lasting is in extension storage or IndexedDB.
 */

/** The member's stored state (membership, directory, settings). */
export const state = memberState;

let store: Promise<AlertStore> | null = null;

/** The alert store, opened once per worker life. */
export function alertStore(): Promise<AlertStore> {
  store ??= openAlertStore();
  return store;
}

/** The network this extension syncs with, or null before onboarding chose one. */
export async function currentNetwork(): Promise<NetworkConfig | null> {
  return resolveNetwork(await state.network());
}

let afterPull: (outcome: PullOutcome) => Promise<void> = async () => undefined;

/** Sets what runs after each pull (the worker's entry point wires badge and notifications). */
export function onPulled(run: (outcome: PullOutcome) => Promise<void>): void {
  afterPull = run;
}

/** The one sync engine of this worker life. */
export const syncEngine = createSyncEngine({
  state,
  store: alertStore,
  network: currentNetwork,
  onPulled: (outcome) => afterPull(outcome),
});
