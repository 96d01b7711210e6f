import { REQUEST_WINDOW } from '../shared/protocol/signed-request.js';
import type { EventLog } from './event-log.js';
import type { RelayStore } from './store/relay-store.js';

/** How long the relay keeps things it no longer needs. */
export interface RetentionOptions {
  /** Acknowledged reports are deleted this long after acknowledgement (ms; default 30 days). */
  acknowledgedReportsMs: number;
  /** How often the pruning pass runs (ms; default one hour). */
  intervalMs: number;
}

/** Defaults: staff have a month to re-fetch a report they acknowledged; hourly passes. */
export const DEFAULT_RETENTION: RetentionOptions = {
  acknowledgedReportsMs: 30 * 86_400_000,
  intervalMs: 3_600_000,
};

/**
 * Key grants nobody fetched are deleted this long after they were posted: as long as an alert
 * can live (420 days at most), so a device that was away that long still finds the epoch of
 * every alert it could be shown.
 */
export const GRANT_KEEP_MS = 420 * 86_400_000;

/**
 * Runs one retention pass: acknowledged reports past their keep period, expired alerts and
 * invites, and nonces older than twice the signing window (a request that old is refused as
 * stale anyway, so its nonce need not be remembered).
 */
export async function pruneOnce(
  store: RelayStore,
  options: RetentionOptions,
  now: number,
  log: EventLog,
): Promise<void> {
  const pruned = await store.prune(
    now,
    now - options.acknowledgedReportsMs,
    now - 2 * REQUEST_WINDOW,
    now - GRANT_KEEP_MS,
  );
  log.event('info', 'retention', { ...pruned });
}

/** Runs {@link pruneOnce} now and every `intervalMs`; returns the function that stops it. */
export function scheduleRetention(
  store: RelayStore,
  options: RetentionOptions,
  now: () => number,
  log: EventLog,
): () => void {
  const run = () =>
    pruneOnce(store, options, now(), log).catch(() => log.event('warn', 'retention-failed'));
  void run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
