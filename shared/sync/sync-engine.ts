import { createRelayClient, type RelayClient } from '../relay-client.js';
import type { AlertStore } from '../alert-store.js';
import type { MembersKey } from '../protocol/keys.js';
import type { NetworkConfig } from '../network-config.js';
import { refreshDirectory, storedDirectory } from './directory-cache.js';
import type { MemberState } from './member-state.js';
import { pullAlerts, type PullOutcome } from './pull-alerts.js';
import { enrolDevice, receiveGrants } from './member-grants.js';
import { noteUnreadable } from './left-out.js';

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
  let stopped: Promise<unknown> | null = null;

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

    // New members' key epochs first, so alerts sealed with them open in this pull. Neither step
    // failing may stop the pull: alerts of the epochs already held still open. The membership
    // is read back rather than taken from the answer: a grant stored by a run that stopped
    // before acknowledging it counts as new too.
    await enrolDevice(relay, deps.state).catch(() => false);
    await receiveGrants(relay, deps.state, directory).catch(() => null);
    const members = (await deps.state.membership())?.members ?? membership.members;

    const pull = (keys: typeof members, after?: number) =>
      pullAlerts({
        relay,
        store,
        members: keys,
        directory,
        after,
        refresh: async () => {
          const fetched = await refreshDirectory(relay, deps.state, network.rootKey);
          return fetched.ok ? fetched.directory : null;
        },
      });

    let outcome: PullOutcome;
    let held = members;
    // A new epoch: read the whole feed again, in case alerts of it were passed over before.
    const start = gainedEpoch(membership.members, members) ? 0 : undefined;
    try {
      outcome = await pull(members, start);
      // Staff rotated between our grant fetch and the feed read: fetch again and re-read.
      if (outcome.rejected['unknown-epoch']) {
        await receiveGrants(relay, deps.state, directory).catch(() => null);
        const later = (await deps.state.membership())?.members;
        if (later && gainedEpoch(members, later)) {
          held = later;
          outcome = joinPulls(outcome, await pull(later, start ?? outcome.from));
        }
      }
    } catch {
      return { ok: false, skipped: 'offline' };
    }

    // Alerts still sealed with an epoch not held after the grants were fetched: this device was
    // left out of a rotation. Recorded for the popup's warning; a storage failure must not make
    // the pull look failed.
    await noteUnreadable(deps.state, held, outcome.unreadable, start === 0).catch(() => undefined);

    // What follows a pull (badge, notification) failing must not make the pull look failed.
    await deps.onPulled?.(outcome).catch(() => undefined);
    return { ok: true, outcome };
  }

  const engine = {
    /** Pulls now, or joins the pull in flight and runs once more after it. */
    sync(): Promise<SyncResult> {
      // While the device is being erased nothing may write the state back.
      if (stopped) {
        const later = () => engine.sync();
        return stopped.then(later, later);
      }
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

    /**
     * Runs `work` once the pull in flight (and the one queued after it) is over, with no pull
     * starting until it is done: leaving the network must not race a pull that would store a
     * grant's key or a page of alerts after they were erased. Syncs asked for meanwhile run after,
     * and so does work given later.
     */
    async whileStopped<T>(work: () => Promise<T>): Promise<T> {
      const before = stopped;
      const done = (async () => {
        await before?.catch(() => undefined);
        while (running) await running;
        return work();
      })();
      stopped = done;
      try {
        return await done;
      } finally {
        if (stopped === done) stopped = null;
      }
    },
  };
  return engine;
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
      unreadable: b.unreadable.count > 0 ? b.unreadable : a.unreadable,
    },
  };
}

/** True when `after` holds an epoch higher than every one in `before`. */
function gainedEpoch(before: readonly MembersKey[], after: readonly MembersKey[]): boolean {
  const highest = (keys: readonly MembersKey[]) => Math.max(-1, ...keys.map((k) => k.epoch));
  return highest(after) > highest(before);
}

/** A pull and the re-read after it: every change of both, the refusals of the second. */
function joinPulls(first: PullOutcome, second: PullOutcome): PullOutcome {
  return {
    added: [...first.added, ...second.added],
    corrected: [...first.corrected, ...second.corrected],
    retracted: [...first.retracted, ...second.retracted],
    rejected: second.rejected,
    from: first.from,
    cursor: Math.max(first.cursor, second.cursor),
    unreadable: second.unreadable,
  };
}

/** The sync engine's type. */
export type SyncEngine = ReturnType<typeof createSyncEngine>;
