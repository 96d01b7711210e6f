import { fromBase64UrlExact } from '../encoding/bytes.js';
import {
  isAlertEnvelope,
  openAlerts,
  verifyAlertEnvelope,
  type AlertRejection,
} from '../protocol/alert-envelope.js';
import type { Directory } from '../protocol/directory.js';
import type { MembersKey } from '../protocol/keys.js';
import type { AlertMessage } from '../domain/alert.js';
import type { RelayClient } from '../relay-client.js';
import type { AlertStore, AppliedBatch } from '../alert-store.js';

/**
 * One pull of the alert feed: every page after the stored cursor, each envelope decrypted and
 * its signature verified against the directory, then applied to the store together with the new
 * cursor. Safe to stop at any moment (each page is one transaction) and safe to run twice (a
 * page already applied is simply not returned again, and applying an alert twice changes
 * nothing).
 */

/** Feed page size; the relay caps it too. */
const PAGE = 500;

/** What one pull did. */
export interface PullOutcome extends AppliedBatch {
  /** Envelopes that did not open or verify, by reason (counts only). */
  rejected: Partial<Record<AlertRejection, number>>;
  /** Feed position before and after the pull (0 before: the member's first sync). */
  from: number;
  cursor: number;
  /**
   * Envelopes of an active scheme of the directory, outer signature checked, sealed with an
   * epoch newer than any key held: alerts this device cannot read (counts only).
   */
  unreadable: { count: number; newestEpoch: number };
}

/** What a pull needs. `refresh` fetches a newer directory when a scheme is not in ours. */
export interface PullDeps {
  relay: RelayClient;
  store: AlertStore;
  members: readonly MembersKey[];
  directory: Directory;
  refresh?: () => Promise<Directory | null>;
  now?: () => number;
  /**
   * Read the feed from here instead of the stored cursor: 0 after a new members' key epoch
   * arrived, so alerts that did not open before are read again (the stored cursor never moves
   * back, and applying an alert twice changes nothing).
   */
  after?: number;
}

/** Pulls and applies every alert after the stored cursor. Throws RelayError when offline. */
export async function pullAlerts(deps: PullDeps): Promise<PullOutcome> {
  const outcome: PullOutcome = {
    added: [],
    corrected: [],
    retracted: [],
    rejected: {},
    from: 0,
    cursor: 0,
    unreadable: { count: 0, newestEpoch: -1 },
  };
  const held = Math.max(-1, ...deps.members.map((k) => k.epoch));
  let directory = deps.directory;
  let refreshed = false;
  const stored = await deps.store.cursor();
  let after = deps.after ?? stored;
  outcome.from = stored;

  for (;;) {
    const page = await deps.relay.alerts(after, PAGE);
    if (page.alerts.length === 0) break;

    let messages: AlertMessage[] = [];
    let rejected: PullOutcome['rejected'] = {};
    for (let attempt = 0; attempt < 2; attempt++) {
      messages = [];
      rejected = {};
      // openAlerts overlaps decryption with signature checks on the platform's crypto threads:
      // a cold sync of thousands of alerts is bound by verification, not by this loop.
      const envelopes = page.alerts.map((entry) => entry.envelope);
      for (const opened of await openAlerts(envelopes, deps.members, directory)) {
        if (opened.ok) messages.push(opened.message);
        else rejected[opened.reason] = (rejected[opened.reason] ?? 0) + 1;
      }
      // A scheme added since our directory was fetched: fetch it once and open the page again.
      if (!rejected['unknown-scheme'] || refreshed || !deps.refresh) break;
      refreshed = true;
      const newer = await deps.refresh();
      if (!newer) break;
      directory = newer;
    }

    for (const envelope of page.alerts.map((entry) => entry.envelope)) {
      const epoch = await newerEpoch(envelope, held, directory);
      if (epoch === null) continue;
      outcome.unreadable.count++;
      outcome.unreadable.newestEpoch = Math.max(outcome.unreadable.newestEpoch, epoch);
    }

    const last = Math.max(page.cursor, ...page.alerts.map((a) => a.seq));
    const applied = await deps.store.apply(messages, last, deps.now?.());
    outcome.added.push(...applied.added);
    outcome.corrected.push(...applied.corrected);
    outcome.retracted.push(...applied.retracted);
    for (const [reason, n] of Object.entries(rejected) as [AlertRejection, number][]) {
      outcome.rejected[reason] = (outcome.rejected[reason] ?? 0) + n;
    }
    if (last <= after) break;
    after = last;
    if (page.alerts.length < PAGE) break;
  }

  outcome.cursor = Math.max(after, stored);
  return outcome;
}

/**
 * The epoch of a genuine envelope this device cannot open because it is newer than every key
 * held, else null. The outer signature is checked (members skip it otherwise, docs/protocol.md §4.3) so a
 * relay cannot raise the left-out warning with made-up envelopes; only a rare few get here.
 */
async function newerEpoch(
  envelope: unknown,
  held: number,
  directory: Directory,
): Promise<number | null> {
  if (!isAlertEnvelope(envelope) || envelope.epoch <= held) return null;
  const scheme = directory.schemes.find((s) => s.id === envelope.scheme);
  if (scheme?.status !== 'active') return null;
  const key = fromBase64UrlExact(scheme.signingKey, 32);
  return key && (await verifyAlertEnvelope(envelope, key)) ? envelope.epoch : null;
}
