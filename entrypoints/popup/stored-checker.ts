import { createAlertIndex } from '../../shared/alert-index.js';
import type { CheckIndex } from '../../shared/alert-index/check-index.js';
import type { AlertsRead } from '../../shared/alert-store.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import type { Identifier } from '../../shared/domain/codes.js';
import type { readIdentifier } from '../../shared/identifiers/index.js';
import type { Checker } from './use-alert-index.js';

/**
 * The popup's checker over the stored check index (loaded after the first paint: it brings the
 * in-memory index code, which reads partial patterns with libphonenumber-js).
 */

/** Where a checker reads alerts and, when the store has moved on, a newer index. */
export interface CheckerSource {
  alertsByIds(ids: readonly string[]): Promise<AlertsRead>;
  checkIndex(): Promise<CheckIndex | null>;
  rebuildCheckIndex(): Promise<CheckIndex>;
}

/** Live hits of `identifiers` in `index`. */
function liveIds(index: CheckIndex, identifiers: readonly Identifier[], now: number): string[] {
  const ids = new Set<string>();
  for (const identifier of identifiers) {
    for (const hit of index.lookup(identifier)) if (hit.expiresAt > now) ids.add(hit.id);
  }
  return [...ids];
}

/** A checker over `index`; `onNewer` hears of a newer index read on the way. */
export function createChecker(
  index: CheckIndex,
  source: CheckerSource,
  read: typeof readIdentifier,
  onNewer: (newer: Checker) => void = () => undefined,
): Checker {
  let rebuilding = false;
  return {
    read,
    lookup: (identifier) => index.lookup(identifier),
    confirmsNone() {
      if (index.verified()) return true;
      if (!rebuilding) {
        rebuilding = true;
        void source
          .rebuildCheckIndex()
          .then((rebuilt) => onNewer(createChecker(rebuilt, source, read, onNewer)));
      }
      return false;
    },
    async alerts(identifiers, now) {
      let current = index;
      for (let attempt = 0; ; attempt++) {
        const ids = liveIds(current, identifiers, now);
        if (ids.length === 0) {
          if (current.verified()) return [];
          // No hits in an index found damaged: never "no reports" from it.
          current = await source.rebuildCheckIndex();
          onNewer(createChecker(current, source, read, onNewer));
          continue;
        }
        // A hit is confirmed by reading its alert, so it needs no checksum.
        const stored = await source.alertsByIds(ids);
        if (stored.generation === current.generation || attempt === 2) {
          // Only alerts that hold the identifier as stored now (a correction may have removed it).
          const matching = createAlertIndex(stored.alerts);
          const found = new Map<string, AlertContent>();
          for (const identifier of identifiers) {
            for (const alert of matching.lookup(identifier)) {
              if (alert.expiresAt > now) found.set(alert.id, alert);
            }
          }
          return [...found.values()];
        }
        current = (await source.checkIndex()) ?? (await source.rebuildCheckIndex());
        onNewer(createChecker(current, source, read, onNewer));
      }
    },
  };
}
