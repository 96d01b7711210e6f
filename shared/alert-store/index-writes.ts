import type { AlertContent } from '../domain/alert.js';
import {
  foldChanges,
  freshIndex,
  MAX_CHANGES,
  stubOf,
  type IndexBase,
  type IndexChanges,
} from '../alert-index/check-index.js';
import { isCompactIndex, type AlertStub } from '../alert-index/compact-index.js';
import type { StoredAlert } from '../alert-store.js';

/**
 * How the alert store keeps the stored check index in step, inside the transaction that changes
 * the alerts (internal to the store). New alerts are added to the small changes record; an alert
 * the base holds that is corrected, retracted or expired folds everything into a new base at
 * once, so its old identifiers never outlive it; an index found out of step is rebuilt.
 */

/** The two object stores of a transaction that changes alerts. */
export interface IndexStores {
  alerts: { count(): Promise<number>; getAll(): Promise<StoredAlert[]> };
  index: {
    get(key: 'base' | 'changes'): Promise<IndexBase | IndexChanges | undefined>;
    put(value: IndexBase | IndexChanges, key: 'base' | 'changes'): Promise<unknown>;
  };
}

/** The changes record and the alert count, read before the transaction changed anything. */
export interface IndexBefore {
  changes: Partial<IndexChanges> | undefined;
  count: number;
}

/** Reads what `recordChanges` needs, before the transaction changes alerts. */
export async function indexBefore(stores: IndexStores): Promise<IndexBefore> {
  const [changes, count] = await Promise.all([stores.index.get('changes'), stores.alerts.count()]);
  return { changes: changes as Partial<IndexChanges> | undefined, count };
}

const nextGeneration = (changes: Partial<IndexChanges> | undefined) =>
  typeof changes?.generation === 'number' ? changes.generation + 1 : Date.now();

/** Builds the index from every alert held now and stores it. */
export async function rebuildIndex(stores: IndexStores, before: IndexBefore) {
  const held = await stores.alerts.getAll();
  const fresh = freshIndex(
    held.map((stored) => stubOf(stored.alert)),
    nextGeneration(before.changes),
  );
  await Promise.all([
    stores.index.put(fresh.base, 'base'),
    stores.index.put(fresh.changes, 'changes'),
  ]);
  return fresh;
}

/**
 * Records in the index what the transaction did to the alerts: `updates` maps an alert id to
 * the alert now held, or null when it went; `replaced` lists the ids among them the store held
 * before (corrected, retracted, expired).
 */
export async function recordChanges(
  stores: IndexStores,
  before: IndexBefore,
  updates: ReadonlyMap<string, AlertContent | null>,
  replaced: readonly string[],
): Promise<void> {
  if (updates.size === 0) return;

  const old = before.changes;
  const inStep =
    old?.format === 1 &&
    old.changed instanceof Map &&
    typeof old.base === 'number' &&
    typeof old.generation === 'number' &&
    old.count === before.count;
  if (!inStep) {
    await rebuildIndex(stores, before);
    return;
  }

  const generation = nextGeneration(old);
  const changed = old.changed as Map<string, AlertStub>;
  const stubs = new Map([...updates].map(([id, alert]) => [id, alert && stubOf(alert)] as const));
  const count = await stores.alerts.count();
  // Every alert held is in the base or in the changes: one held before and not in the changes
  // is in the base, and its old identifiers must leave it now.
  const inBase = replaced.some((id) => !changed.has(id));
  if (!inBase && changed.size + updates.size <= MAX_CHANGES) {
    const next = new Map(changed);
    for (const [id, stub] of stubs) {
      if (stub) next.set(id, stub);
      else next.delete(id);
    }
    const record: IndexChanges = {
      format: 1,
      base: old.base as number,
      generation,
      count,
      changed: next,
    };
    await stores.index.put(record, 'changes');
    return;
  }

  const base = (await stores.index.get('base')) as Partial<IndexBase> | undefined;
  if (base === undefined || base.generation !== old.base || !isCompactIndex(base.index)) {
    await rebuildIndex(stores, before);
    return;
  }
  const fresh = foldChanges(base as IndexBase, changed, stubs, generation);
  // A fold that does not count what the store holds means the index had drifted: rebuild.
  if (fresh.changes.count !== count) {
    await rebuildIndex(stores, before);
    return;
  }
  await Promise.all([
    stores.index.put(fresh.base, 'base'),
    stores.index.put(fresh.changes, 'changes'),
  ]);
}
