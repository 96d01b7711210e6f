import type { IDBPTransaction } from 'idb';
import type { AlertContent, AlertMessage } from '../domain/alert.js';
import type { AlertDb, AppliedBatch } from '../alert-store.js';
import { indexBefore, recordChanges, type IndexStores } from './index-writes.js';
import { alertKeys } from './quick-check.js';

/** Applying a batch of verified messages to the store (internal to the store). */

const CURSOR = 'cursor';

/** The object stores the check index is kept with, from a transaction holding both. */
export function indexStores(tx: {
  objectStore(name: 'alerts'): IndexStores['alerts'];
  objectStore(name: 'check-index'): IndexStores['index'];
}): IndexStores {
  return { alerts: tx.objectStore('alerts'), index: tx.objectStore('check-index') };
}

/** The transaction a batch is applied in. */
export type ApplyTransaction = IDBPTransaction<
  AlertDb,
  ['alerts', 'retractions', 'meta', 'check-index'],
  'readwrite'
>;

/** Applies a batch inside `tx` (see AlertStore.apply); the caller commits or aborts. */
export async function applyBatch(
  tx: ApplyTransaction,
  messages: readonly AlertMessage[],
  cursor: number,
  now: number,
): Promise<AppliedBatch> {
  const alerts = tx.objectStore('alerts');
  const retractions = tx.objectStore('retractions');
  const result: AppliedBatch = { added: [], corrected: [], retracted: [] };
  const stores = indexStores(tx);
  const before = await indexBefore(stores);

  for (const message of messages) {
    if (message.kind === 'retraction') {
      const held = await alerts.get(message.alertId);
      // A scheme can only withdraw its own alert; anything else is ignored, not trusted.
      if (held && held.alert.scheme !== message.scheme) continue;
      await retractions.put(message);
      if (held) {
        await alerts.delete(message.alertId);
        result.retracted.push(message.alertId);
      }
      continue;
    }

    const retraction = await retractions.get(message.id);
    if (retraction && retraction.scheme === message.scheme) continue;
    if (message.expiresAt <= now) continue;
    const held = await alerts.get(message.id);
    if (held && held.alert.scheme !== message.scheme) continue;
    if (held && held.alert.revision >= message.revision) continue;

    await alerts.put({
      id: message.id,
      alert: message,
      unread: held ? held.unread : 1,
      storedAt: now,
      keys: alertKeys(message),
    });
    (held ? result.corrected : result.added).push(message);
  }

  const updates = new Map<string, AlertContent | null>();
  for (const alert of [...result.added, ...result.corrected]) updates.set(alert.id, alert);
  for (const id of result.retracted) updates.set(id, null);
  // Held before this transaction (an alert added and changed in the same batch was not).
  const added = new Set(result.added.map((alert) => alert.id));
  const replaced = [...result.corrected.map((alert) => alert.id), ...result.retracted].filter(
    (id) => !added.has(id),
  );
  await recordChanges(stores, before, updates, replaced);

  const meta = tx.objectStore('meta');
  const previous = (await meta.get(CURSOR)) ?? 0;
  if (cursor > previous) await meta.put(cursor, CURSOR);
  return result;
}
