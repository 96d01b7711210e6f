import { createAlertIndex } from '../../shared/alert-index.js';
import type { CheckIndex } from '../../shared/alert-index/check-index.js';
import type { AlertsRead, QuickAnswer } from '../../shared/alert-store.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import type { Identifier } from '../../shared/domain/codes.js';

/**
 * Checks over the stored check index (shared/alert-index/check-index.ts). In the popup this runs
 * in its index worker (index-worker.ts), so reading the ~9 MB index and its checksum never hold
 * the popup's thread; the code is the same on either thread.
 */

/** Where checks read alerts and, when the store has moved on or the index is damaged, an index. */
export interface CheckerSource {
  alertsByIds(ids: readonly string[]): Promise<AlertsRead>;
  checkIndex(): Promise<CheckIndex | null>;
  rebuildCheckIndex(): Promise<CheckIndex>;
}

/** Checks of identifiers, full or partial, against a check index. */
export interface IndexChecks {
  /**
   * The alerts matching any of `identifiers` and not expired at `now`, as stored now: alerts
   * retracted or corrected away since the index was read are left out, and an index older than
   * the store is read again first. "No reports" (no alerts, `complete`) only from an index whose
   * checksum holds and that is as new as the store: a damaged one is rebuilt first, an older one
   * read again. `complete` is false only if even a rebuilt
   * index fails its checksum, or the store moved on at every reading: then nothing is known.
   */
  check(identifiers: readonly Identifier[], now: number): Promise<QuickAnswer>;
  /** Checks the index's checksum now, rebuilding it if damaged, so a "no reports" waits for neither. */
  confirm(): Promise<void>;
}

/** How many times a check reads a newer or rebuilt index before it gives up on certainty. */
const ATTEMPTS = 3;

/** Checks over `index`, which is replaced by newer ones read from `source` as needed. */
export function createIndexChecks(index: CheckIndex, source: CheckerSource): IndexChecks {
  let current = index;
  let rebuilding: Promise<CheckIndex> | null = null;

  // One rebuild at a time, whichever check found the index damaged.
  const rebuild = () => {
    rebuilding ??= source.rebuildCheckIndex().then(
      (rebuilt) => {
        rebuilding = null;
        current = rebuilt;
        return rebuilt;
      },
      (error: unknown) => {
        rebuilding = null;
        throw error;
      },
    );
    return rebuilding;
  };

  return {
    async check(identifiers, now) {
      let reading = current;
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const ids = liveIds(reading, identifiers, now);
        if (ids.length === 0) {
          // No hits in an index found damaged: never "no reports" from it.
          if (!reading.verified()) {
            reading = await rebuild();
            continue;
          }
          // Nor from one older than the store: a sync may have stored a matching alert a moment
          // before the popup hears of it and reads the index again.
          const { generation } = await source.alertsByIds([]);
          if (generation === null || generation === reading.generation) {
            return { alerts: [], complete: true };
          }
          reading = (await source.checkIndex()) ?? (await rebuild());
          current = reading;
          continue;
        }
        // A hit is confirmed by reading its alert, so it needs no checksum.
        const stored = await source.alertsByIds(ids);
        if (stored.generation === reading.generation || attempt === ATTEMPTS - 1) {
          return { alerts: holding(stored.alerts, identifiers, now), complete: true };
        }
        reading = (await source.checkIndex()) ?? (await rebuild());
        current = reading;
      }
      return { alerts: [], complete: false };
    },
    async confirm() {
      if (!current.verified()) await rebuild();
    },
  };
}

/** Live hits of `identifiers` in `index`. */
function liveIds(index: CheckIndex, identifiers: readonly Identifier[], now: number): string[] {
  const ids = new Set<string>();
  for (const identifier of identifiers) {
    for (const hit of index.lookup(identifier)) if (hit.expiresAt > now) ids.add(hit.id);
  }
  return [...ids];
}

/** Of `alerts`, those live at `now` that hold one of `identifiers` as stored now. */
function holding(
  alerts: readonly AlertContent[],
  identifiers: readonly Identifier[],
  now: number,
): AlertContent[] {
  // A correction may have removed the identifier since the index was written.
  const matching = createAlertIndex(alerts);
  const found = new Map<string, AlertContent>();
  for (const identifier of identifiers) {
    for (const alert of matching.lookup(identifier)) {
      if (alert.expiresAt > now) found.set(alert.id, alert);
    }
  }
  return [...found.values()];
}
