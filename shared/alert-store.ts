import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AlertContent, AlertMessage, RetractionContent } from './domain/alert.js';

/**
 * The member's local copy of the network's alerts, in IndexedDB. Checks run against this copy
 * only, so a check never needs the network. Everything here was verified and decrypted by
 * shared/sync before it arrives.
 *
 * The sync cursor lives in the same database and is written in the same transaction as the
 * alerts it covers: if the service worker is stopped mid-sync, either both the alerts and the
 * cursor were stored or neither was, so nothing is lost and nothing is applied twice.
 */

/** An alert as stored, with what the extension knows about it locally. */
export interface StoredAlert {
  id: string;
  alert: AlertContent;
  /** 1 until the worker has seen it (a number so IndexedDB can index it). */
  unread: 0 | 1;
  /** When this copy arrived here (ms). */
  storedAt: number;
}

interface AlertDb extends DBSchema {
  alerts: {
    key: string;
    value: StoredAlert;
    indexes: { issuedAt: number; expiresAt: number; unread: number };
  };
  retractions: { key: string; value: RetractionContent };
  meta: { key: string; value: number };
}

/** What applying a batch changed, for the badge and notifications. */
export interface AppliedBatch {
  /** Alerts seen for the first time. */
  added: AlertContent[];
  /** Corrections of alerts already held (a higher revision). */
  corrected: AlertContent[];
  /** Ids of alerts removed by a retraction. */
  retracted: string[];
}

/** The local alert store. */
export interface AlertStore {
  /** The feed position up to which every alert has been applied (0 before the first sync). */
  cursor(): Promise<number>;
  /**
   * Applies verified messages and moves the cursor to `cursor`, atomically. Corrections replace
   * an alert only with a higher revision; a retraction removes the alert and keeps it from
   * coming back, and only its own scheme can retract it. The cursor never moves backwards.
   */
  apply(messages: readonly AlertMessage[], cursor: number, now?: number): Promise<AppliedBatch>;
  /** Every alert held, for building the check index. */
  all(): Promise<AlertContent[]>;
  /** Newest first, at most `limit`, keeping only those `keep` accepts. */
  recent(limit: number, keep?: (alert: AlertContent) => boolean): Promise<StoredAlert[]>;
  /** Alerts not yet seen, counted where `keep` accepts them (the worker's regions). */
  unreadCount(keep?: (alert: AlertContent) => boolean): Promise<number>;
  /** Marks every alert as seen. */
  markAllRead(): Promise<void>;
  /** Deletes alerts past their expiry; returns their ids. */
  pruneExpired(now?: number): Promise<string[]>;
  /** Number of alerts held. */
  count(): Promise<number>;
  /** Deletes everything (leaving the network). */
  clear(): Promise<void>;
  close(): void;
}

const CURSOR = 'cursor';

/** Opens (creating on first use) the alert store named `name`. */
export async function openAlertStore(name = 'umn-alerts'): Promise<AlertStore> {
  const db = await openDB<AlertDb>(name, 1, {
    upgrade(database) {
      const alerts = database.createObjectStore('alerts', { keyPath: 'id' });
      alerts.createIndex('issuedAt', 'alert.issuedAt');
      alerts.createIndex('expiresAt', 'alert.expiresAt');
      alerts.createIndex('unread', 'unread');
      database.createObjectStore('retractions', { keyPath: 'alertId' });
      database.createObjectStore('meta');
    },
  });
  return createStore(db);
}

function createStore(db: IDBPDatabase<AlertDb>): AlertStore {
  return {
    async cursor() {
      return (await db.get('meta', CURSOR)) ?? 0;
    },

    async apply(messages, cursor, now = Date.now()) {
      const tx = db.transaction(['alerts', 'retractions', 'meta'], 'readwrite');
      const alerts = tx.objectStore('alerts');
      const retractions = tx.objectStore('retractions');
      const result: AppliedBatch = { added: [], corrected: [], retracted: [] };

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
        });
        (held ? result.corrected : result.added).push(message);
      }

      const meta = tx.objectStore('meta');
      const previous = (await meta.get(CURSOR)) ?? 0;
      if (cursor > previous) await meta.put(cursor, CURSOR);
      await tx.done;
      return result;
    },

    async all() {
      const stored = await db.getAll('alerts');
      return stored.map((s) => s.alert);
    },

    async recent(limit, keep = () => true) {
      const found: StoredAlert[] = [];
      let cursor = await db.transaction('alerts').store.index('issuedAt').openCursor(null, 'prev');
      while (cursor && found.length < limit) {
        if (keep(cursor.value.alert)) found.push(cursor.value);
        cursor = await cursor.continue();
      }
      return found;
    },

    async unreadCount(keep = () => true) {
      const unread = await db.getAllFromIndex('alerts', 'unread', 1);
      return unread.filter((s) => keep(s.alert)).length;
    },

    async markAllRead() {
      const tx = db.transaction('alerts', 'readwrite');
      const unread = await tx.store.index('unread').getAll(1);
      for (const stored of unread) await tx.store.put({ ...stored, unread: 0 });
      await tx.done;
    },

    async pruneExpired(now = Date.now()) {
      const tx = db.transaction('alerts', 'readwrite');
      const expired = await tx.store.index('expiresAt').getAllKeys(IDBKeyRange.upperBound(now));
      for (const id of expired) await tx.store.delete(id);
      await tx.done;
      return expired;
    },

    count: () => db.count('alerts'),

    async clear() {
      const tx = db.transaction(['alerts', 'retractions', 'meta'], 'readwrite');
      await Promise.all([
        tx.objectStore('alerts').clear(),
        tx.objectStore('retractions').clear(),
        tx.objectStore('meta').clear(),
      ]);
      await tx.done;
    },

    close: () => db.close(),
  };
}
