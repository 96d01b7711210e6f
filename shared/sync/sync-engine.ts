import { createRelayClient, type RelayClient } from '../relay-client.js';
import type { AlertStore } from '../alert-store.js';
import type { NetworkConfig } from '../network-config.js';
import { refreshDirectory, storedDirectory } from './directory-cache.js';
import type { MemberState } from './member-state.js';
import { pullAlerts, type PullOutcome } from './pull-alerts.js';

/**
 * Runs pulls one at a time. The alarm, the live socket and the popup can all ask for a sync at
 * once; they share the pull in flight, and a request that arrives during a pull starts one more
 * afterwards so an alert announced mid-pull is never missed.
 */

/** Why a sync did not run. */
export type SyncSkip = 'no-network' | 'not-member' | 'no-directory' | 'offline';

/** The outcome of asking for a sync. */
export type SyncResult = { ok: true; outcome: PullOutcome } | { ok: false; skipped: SyncSkip };

/** What the engine needs; `network` is read each time so onboarding can set it later. */
export interface SyncEngineDeps {
  state: MemberState;
  store: () => Promise<AlertStore>;
  network: () => Promise<NetworkConfig | null>;
  relay?: (network: NetworkConfig) => RelayClient;
  /** Runs once after each pull that applied something (badge, notifications, page index). */
  onPulled?: (outcome: PullOutcome) => Promise<void>;
}

/** Creates the sync engine. */
export function createSyncEngine(deps: SyncEngineDeps) {
  let running: Promise<SyncResult> | null = null;
  let again = false;

  async function runOnce(): Promise<SyncResult> {
    const network = await deps.network();
    if (!network) return { ok: false, skipped: 'no-network' };
    const membership = await deps.state.membership();
    if (!membership) return { ok: false, skipped: 'not-member' };

    const relay = (deps.relay ?? ((n) => createRelayClient(n.relayUrl)))(network);
    const store = await deps.store();
    // A fresh directory each time, so a suspension reaches members with the next sync; when the
    // relay cannot be reached the last verified one is used.
    const fetched = await refreshDirectory(relay, deps.state, network.rootKey);
    const directory = fetched.ok
      ? fetched.directory
      : await storedDirectory(deps.state, network.rootKey);
    if (!directory) {
      return {
        ok: false,
        skipped: !fetched.ok && fetched.problem === 'offline' ? 'offline' : 'no-directory',
      };
    }

    let outcome: PullOutcome;
    try {
      outcome = await pullAlerts({
        relay,
        store,
        members: membership.members,
        directory,
        refresh: async () => {
          const fetched = await refreshDirectory(relay, deps.state, network.rootKey);
          return fetched.ok ? fetched.directory : null;
        },
      });
    } catch {
      return { ok: false, skipped: 'offline' };
    }

    // What follows a pull (badge, notification) failing must not make the pull look failed.
    await deps.onPulled?.(outcome).catch(() => undefined);
    return { ok: true, outcome };
  }

  return {
    /** Pulls now, or joins the pull in flight and runs once more after it. */
    sync(): Promise<SyncResult> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          let result = await runOnce();
          while (again) {
            again = false;
            result = merge(result, await runOnce());
          }
          return result;
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}

/** Everything two consecutive pulls did, so every caller sharing them hears of all changes. */
function merge(first: SyncResult, second: SyncResult): SyncResult {
  if (!first.ok) return second;
  if (!second.ok) return first;
  const a = first.outcome;
  const b = second.outcome;
  const rejected = { ...a.rejected };
  for (const [reason, n] of Object.entries(b.rejected) as [keyof typeof rejected, number][]) {
    rejected[reason] = (rejected[reason] ?? 0) + n;
  }
  return {
    ok: true,
    outcome: {
      added: [...a.added, ...b.added],
      corrected: [...a.corrected, ...b.corrected],
      retracted: [...a.retracted, ...b.retracted],
      rejected,
      from: Math.min(a.from, b.from),
      cursor: Math.max(a.cursor, b.cursor),
    },
  };
}

/** The sync engine's type. */
export type SyncEngine = ReturnType<typeof createSyncEngine>;
