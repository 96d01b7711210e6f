import type { AlertContent } from '../domain/alert.js';
import type { Identifier } from '../domain/codes.js';
import { createAlertIndex } from '../alert-index.js';
import {
  buildFromRows,
  compactHit,
  compactLookup,
  checksumMatches,
  compactSize,
  hasCompactShape,
  rowOf,
  rowsOf,
  type AlertRow,
  type AlertStub,
  type CompactIndex,
  type IndexHit,
} from './compact-index.js';

/**
 * The stored check index as two records: a large compact index (`base`), rewritten only now and
 * then, and the changes since (`changes`), rewritten by every sync transaction. A look-up asks
 * both; an alert in the changes is answered from there (its newest revision, or nothing once
 * retracted or expired). The alert store writes both in the same transaction as the alerts, so
 * a worker stopped mid-sync leaves the alerts and the index in step.
 */

/** The changes since the base, and what ties them to the base and to the alert store. */
export interface IndexChanges {
  format: 1;
  /** Which base these changes apply to (the base's `generation`). */
  base: number;
  /** Bumped by every transaction that changes the alerts. */
  generation: number;
  /** Alerts the store holds after these changes (checked against the store's own count). */
  count: number;
  /**
   * Alert id → what the index keeps of it now. Never an alert the base holds: changing or
   * removing one of those folds the changes into a new base in the same transaction, so an
   * identifier corrected or retracted away is gone from the index at once, as from the store.
   */
  changed: Map<string, AlertStub>;
}

/** The base record. */
export interface IndexBase {
  generation: number;
  index: CompactIndex;
}

/** Changes beyond this many alerts are folded into a new base (the popup indexes them on open). */
export const MAX_CHANGES = 2_000;

/** What the index keeps of an alert. */
export function stubOf(alert: AlertContent | AlertStub): AlertStub {
  const { id, revision, issuedAt, expiresAt, identifiers } = alert;
  return { id, revision, issuedAt, expiresAt, identifiers };
}

/** A base and empty changes for `stubs` (after a rebuild). */
export function freshIndex(stubs: Iterable<AlertStub>, generation: number) {
  return freshFromRows(Array.from(stubs, rowOf), generation);
}

function freshFromRows(
  rows: AlertRow[],
  generation: number,
): { base: IndexBase; changes: IndexChanges } {
  const index = buildFromRows(rows);
  return {
    base: { generation, index },
    changes: {
      format: 1,
      base: generation,
      generation,
      count: compactSize(index),
      changed: new Map(),
    },
  };
}

/**
 * A new base: the old one and its changes, with `updates` applied (an alert's new stub, or null
 * when it is gone), so nothing retracted or corrected away stays in the stored index.
 */
export function foldChanges(
  base: IndexBase,
  changed: ReadonlyMap<string, AlertStub>,
  updates: ReadonlyMap<string, AlertStub | null>,
  generation: number,
) {
  const rows = rowsOf(base.index).filter((r) => !changed.has(r.id) && !updates.has(r.id));
  for (const stub of changed.values()) if (!updates.has(stub.id)) rows.push(rowOf(stub));
  for (const stub of updates.values()) if (stub) rows.push(rowOf(stub));
  return freshFromRows(rows, generation);
}

/**
 * True when base and changes can answer for a store holding `count` alerts: both of the right
 * shape, belonging together, and counting what the store counts. Anything else is rebuilt.
 * The base's checksum is `CheckIndex.verified`, run before any "no reports".
 */
export function isUsable(base: unknown, changes: unknown, count: number): boolean {
  const b = base as Partial<IndexBase> | undefined;
  const c = changes as Partial<IndexChanges> | undefined;
  return (
    typeof b?.generation === 'number' &&
    c?.format === 1 &&
    c.base === b.generation &&
    typeof c.generation === 'number' &&
    c.count === count &&
    c.changed instanceof Map &&
    hasCompactShape(b.index)
  );
}

/** Look-ups over a base and its changes. */
export interface CheckIndex {
  /** The store generation this index answers for. */
  generation: number;
  /** Hits for `identifier`, newest issued first, at most `limit`. */
  lookup(identifier: Identifier, limit?: number): IndexHit[];
  /**
   * True when the base is as written (its checksum, computed once). A hit is confirmed by the
   * alert it reads; an answer of no hits may be given only once this is true.
   */
  verified(): boolean;
}

/** Opens a base and its changes for look-ups (checked with `isUsable` first). */
export function createCheckIndex(base: IndexBase, changes: IndexChanges): CheckIndex {
  const recent = createAlertIndex<AlertStub>(changes.changed.values());
  let intact: boolean | undefined;
  return {
    generation: changes.generation,
    verified: () => (intact ??= checksumMatches(base.index)),
    lookup(identifier, limit = Infinity) {
      const hits: IndexHit[] = recent.lookup(identifier).map(stubOf);
      for (const ordinal of compactLookup(base.index, identifier)) {
        const hit = compactHit(base.index, ordinal);
        if (!changes.changed.has(hit.id)) hits.push(hit);
      }
      hits.sort((a, b) => b.issuedAt - a.issuedAt);
      return limit === Infinity ? hits : hits.slice(0, limit);
    },
  };
}
