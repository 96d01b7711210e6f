import { openAlert } from '../protocol/alert-envelope.js';
import type { Directory } from '../protocol/directory.js';
import type { MembersKey } from '../protocol/keys.js';
import type { AlertContent } from '../domain/alert.js';
import type { RelayClient } from '../relay-client.js';

/**
 * The network's current alerts as staff see them (they hold the members' keys too): every
 * envelope verified against the directory, the highest revision of each alert kept, retracted
 * and expired ones left out. Used for matching a report against earlier alerts, for managing the
 * scheme's own alerts (correct, retract, expire) and for the printable bulletin.
 */
export interface AlertFeedState {
  /** Current alerts, newest first. */
  alerts: AlertContent[];
  /** Ids of alerts withdrawn by their own scheme. */
  retracted: Set<string>;
  /** Envelopes refused (bad signature, unknown epoch, suspended scheme...). */
  refused: number;
}

const PAGE = 500;
const MAX_PAGES = 400;

/** Fetches the whole feed and reduces it to current alerts. */
export async function fetchAlertFeed(
  relay: Pick<RelayClient, 'alerts'>,
  members: readonly MembersKey[],
  directory: Directory,
  now = Date.now(),
): Promise<AlertFeedState> {
  const latest = new Map<string, AlertContent>();
  const retractions: { scheme: string; alertId: string }[] = [];
  let refused = 0;
  let after = 0;

  for (let page = 0; page < MAX_PAGES; page++) {
    const { alerts, cursor } = await relay.alerts(after, PAGE);
    for (const { envelope } of alerts) {
      const opened = await openAlert(envelope, members, directory);
      if (!opened.ok) {
        refused++;
        continue;
      }
      const message = opened.message;
      if (message.kind === 'retraction') {
        retractions.push({ scheme: message.scheme, alertId: message.alertId });
        continue;
      }
      const known = latest.get(key(message.scheme, message.id));
      if (!known || known.revision < message.revision)
        latest.set(key(message.scheme, message.id), message);
    }
    if (alerts.length < PAGE || cursor <= after) break;
    after = cursor;
  }

  // Only the scheme that published an alert can withdraw it.
  const retracted = new Set<string>();
  for (const r of retractions) {
    if (latest.has(key(r.scheme, r.alertId))) retracted.add(r.alertId);
  }
  const current = [...latest.values()]
    .filter((a) => !retracted.has(a.id) && a.expiresAt > now)
    .sort((a, b) => b.issuedAt - a.issuedAt);
  return { alerts: current, retracted, refused };
}

function key(scheme: string, id: string): string {
  return `${scheme}\n${id}`;
}
