import { createAlertIndex } from '../alert-index.js';
import { exactKey } from '../alert-index/compact-index.js';
import type { AlertContent } from '../domain/alert.js';
import type { Identifier } from '../domain/codes.js';
import { splitHandle } from '../identifiers/normalize-handle.js';
import type { StoredAlert } from '../alert-store.js';

/**
 * The quick check: a full identifier looked up through IndexedDB's own `keys` index on the
 * alerts, so the popup answers a pasted number, email, handle or plate before it has read the
 * large check index (internal to the store).
 *
 * Every stored alert carries `keys`: the exact key of each identifier it holds (the compact
 * index's "kind value", partials included), and for a handle also its name without the platform.
 * They are written with the alert, in the same put, so they go when it is retracted, expired or
 * corrected: IndexedDB keeps the multiEntry index in step inside that transaction.
 *
 * An alert matching a full identifier holds its exact key, the same handle name, or a partial of
 * that kind ("ends in 513" matches a full number). The quick check reads those candidates (every
 * alert holding a partial of the kind, when there are at most QUICK_PARTIALS of them) and asks
 * the in-memory index (shared/alert-index.ts) which of them match, so it answers exactly as the
 * check index does, and "no reports" only when every candidate was read.
 */

/** What the quick check found. */
export interface QuickAnswer {
  /** Live alerts matching any of the identifiers, as stored now. */
  alerts: AlertContent[];
  /**
   * True when these are all the matches. False when too many alerts hold partials of the kind
   * to read at once: then no match found is not an answer (ask the check index).
   */
  complete: boolean;
}

/** Reading more alerts than this to rule out partials would cost more than the check index. */
export const QUICK_PARTIALS = 1_000;

/** The `keys` of an alert (see above). */
export function alertKeys(alert: Pick<AlertContent, 'identifiers'>): string[] {
  const keys = new Set<string>();
  for (const identifier of alert.identifiers) {
    keys.add(exactKey(identifier));
    if (identifier.kind === 'handle') keys.add(nameKey(identifier.value));
  }
  return [...keys];
}

// "handle-name" sorts apart from "handle …" keys and from the "partial-…" range.
const nameKey = (handle: string) => `handle-name ${splitHandle(handle).name}`;

/** The keys whose holders include every alert matching a full `identifier`; null for a partial. */
function candidateKeys(identifier: Identifier): string[] | null {
  switch (identifier.kind) {
    case 'phone':
    case 'plate':
    case 'email':
      return [exactKey(identifier)];
    case 'handle':
      // Every handle a check for this one can match has the same name (on any platform or none).
      return [nameKey(identifier.value)];
    default:
      return null;
  }
}

/** The part of an object store's `keys` index the quick check reads. */
export interface KeysIndex {
  getAll(query: string | IDBKeyRange): Promise<StoredAlert[]>;
  count(query: IDBKeyRange): Promise<number>;
}

/**
 * Looks full identifiers up through `keys`, in one read transaction; null when one of them is a
 * partial (those are the check index's).
 */
export async function quickCheck(
  keys: KeysIndex,
  identifiers: readonly Identifier[],
  now: number,
): Promise<QuickAnswer | null> {
  const lookups = identifiers.map(candidateKeys);
  if (lookups.some((found) => found === null)) return null;

  const partialKinds = new Set<string>();
  for (const { kind } of identifiers) {
    if (kind === 'phone' || kind === 'plate') partialKinds.add(`partial-${kind}`);
  }
  // "partial-phone " up to (not including) "partial-phone!": every key of that kind.
  const ranges = [...partialKinds].map((kind) =>
    IDBKeyRange.bound(`${kind} `, `${kind}!`, false, true),
  );
  const counts = await Promise.all(ranges.map((range) => keys.count(range)));
  const complete = counts.every((count) => count <= QUICK_PARTIALS);
  const reads = [
    ...(lookups.flat() as string[]).map((key) => keys.getAll(key)),
    ...(complete ? ranges.map((range) => keys.getAll(range)) : []),
  ];

  const candidates = new Map<string, AlertContent>();
  for (const stored of (await Promise.all(reads)).flat()) candidates.set(stored.id, stored.alert);
  const matching = createAlertIndex(candidates.values());
  const found = new Map<string, AlertContent>();
  for (const identifier of identifiers) {
    for (const alert of matching.lookup(identifier)) {
      if (alert.expiresAt > now) found.set(alert.id, alert);
    }
  }
  return { alerts: [...found.values()], complete };
}
