import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AlertContent, AlertMessage, RetractionContent } from './domain/alert.js';
import {
  createCheckIndex,
  freshIndex,
  isUsable,
  type CheckIndex,
  type IndexBase,
  type IndexChanges,
} from './alert-index/check-index.js';
import { applyBatch, indexStores } from './alert-store/apply-batch.js';
import { indexBefore, rebuildIndex, recordChanges } from './alert-store/index-writes.js';
import { alertKeys, quickCheck, type QuickAnswer } from './alert-store/quick-check.js';
import type { Identifier } from './domain/codes.js';

export type { QuickAnswer };

/**
 * The member's local copy of the network's alerts, in IndexedDB. Checks run against this copy
 * only, so a check never needs the network. Everything here was verified and decrypted by
 * shared/sync before it arrives.
 *
 * The sync cursor lives in the same database and is written in the same transaction as the
 * alerts it covers: if the service worker is stopped mid-sync, either both the alerts and the
 * cursor were stored or neither was, so nothing is lost and nothing is applied twice. The
 * stored check index (shared/alert-index/check-index.ts) is written in that same transaction.
 */

/** An alert as stored, with what the extension knows about it locally. */
export interface StoredAlert {
  id: string;
  alert: AlertContent;
  /** 1 until the worker has seen it (a number so IndexedDB can index it). */
  unread: 0 | 1;
  /** When this copy arrived here (ms). */
  storedAt: number;
  /**
   * The alert's identifier keys (shared/alert-store/quick-check.ts), indexed multiEntry: the
   * popup's quick check finds the alerts holding a full identifier without the check index.
   */
  keys: string[];
}

/** The database's shape (internal to the store). */
export interface AlertDb extends DBSchema {
  alerts: {
    key: string;
    value: StoredAlert;
    indexes: { issuedAt: number; expiresAt: number; unread: number; keys: string };
  };
  retractions: { key: string; value: RetractionContent };
  meta: { key: string; value: number };
  /** 'base' → IndexBase, 'changes' → IndexChanges. */
  'check-index': { key: 'base' | 'changes'; value: IndexBase | IndexChanges };
}

/** The alerts of some index hits as stored now, and the generation they were read at. */
export interface AlertsRead {
  generation: number | null;
  alerts: AlertContent[];
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
  /**
   * The stored check index, read in one transaction, or null when it is missing, damaged or
   * out of step with the alerts (then `rebuildCheckIndex`; never answer from it). `signal`
   * aborts the read (it rejects): the popup lets a quick check go first.
   */
  checkIndex(signal?: AbortSignal): Promise<CheckIndex | null>;
  /** Builds the check index again from every alert held, stores and returns it. */
  rebuildCheckIndex(): Promise<CheckIndex>;
  /**
   * The alerts with these ids as held now (missing ones left out) and the index generation
   * at that moment: a caller whose index is older looks the identifier up again.
   */
  alertsByIds(ids: readonly string[]): Promise<AlertsRead>;
  /**
   * The live alerts matching full identifiers, found through the alerts' own `keys` index
   * without reading the check index (the popup's first answer); null when one is a partial.
   * "No reports" only when `complete`.
   */
  quickCheck(identifiers: readonly Identifier[], now?: number): Promise<QuickAnswer | null>;
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

/** The alert database's name on a worker's device. */
export const ALERT_DB_NAME = 'umn-alerts';

/**
 * Opens (creating on first use) the alert store named `name`. The store gives up its connection
 * whenever another context asks to delete or upgrade the database (versionchange), and opens it
 * again on its next use: the popup, its index worker and the service worker each hold one, and
 * "leave and erase" (deleteAlertStore) is blocked until every holder has closed.
 */
export async function openAlertStore(name = ALERT_DB_NAME): Promise<AlertStore> {
  let opening: Promise<IDBPDatabase<AlertDb>> | null = null;
  const gone = () => {
    const closing = opening;
    opening = null;
    void closing?.then((db) => db.close()).catch(() => undefined);
  };
  const connect = () => {
    if (opening) return opening;
    const next = openAlertDb(name, gone);
    // A failed open is tried again on the next use.
    next.catch(() => {
      if (opening === next) opening = null;
    });
    return (opening = next);
  };
  // Opened now, so a store that cannot open fails here as before.
  await connect();
  return createStore(connect, gone);
}

/**
 * Deletes the alert database, waiting while open connections close (each store closes its own
 * on versionchange). True once it is gone; false on an error, or when it is still blocked after
 * `waitMs` (a holder that did not close): then the browser deletes it once that holder closes.
 */
export function deleteAlertStore(name = ALERT_DB_NAME, waitMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok);
    };
    request.onsuccess = () => done(true);
    request.onerror = () => done(false);
    request.onblocked = () => {
      timer ??= setTimeout(() => done(false), waitMs);
    };
  });
}

function openAlertDb(name: string, gone: () => void): Promise<IDBPDatabase<AlertDb>> {
  return openDB<AlertDb>(name, 3, {
    // Another context deletes or upgrades the database: let it, and open again when next used.
    blocking: gone,
    // The browser closed the connection (the profile's storage was cleared).
    terminated: gone,
    upgrade(database, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        const alerts = database.createObjectStore('alerts', { keyPath: 'id' });
        alerts.createIndex('issuedAt', 'alert.issuedAt');
        alerts.createIndex('expiresAt', 'alert.expiresAt');
        alerts.createIndex('unread', 'unread');
        database.createObjectStore('retractions', { keyPath: 'alertId' });
        database.createObjectStore('meta');
      }
      // Version 2: the stored check index. Alerts kept by version 1 have none yet: the first
      // reader finds it missing and builds it.
      if (oldVersion < 2) database.createObjectStore('check-index');
      if (oldVersion === 0) {
        const empty = freshIndex([], 0);
        void transaction.objectStore('check-index').put(empty.base, 'base');
        void transaction.objectStore('check-index').put(empty.changes, 'changes');
      }
      // Version 3: each alert's identifier keys, for the quick check. Alerts already held get
      // theirs in this upgrade transaction (the store opens once they all have them).
      if (oldVersion < 3) {
        const alerts = transaction.objectStore('alerts');
        alerts.createIndex('keys', 'keys', { multiEntry: true });
        if (oldVersion > 0) void addKeys(alerts);
      }
    },
  });
}

/**
 * Writes `keys` into every alert held (the upgrade to version 3), a chunk at a time: one read
 * of many records and their writes sent together, not a cursor step per alert, which took
 * 53 s for 100,000 alerts in Chromium on the shared test machine.
 */
async function addKeys(alerts: {
  getAll(query: IDBKeyRange | null, count: number): Promise<StoredAlert[]>;
  put(value: StoredAlert): Promise<unknown>;
}) {
  let after: IDBKeyRange | null = null;
  for (;;) {
    const chunk = await alerts.getAll(after, 2_000);
    const last = chunk.at(-1);
    if (!last) return;
    const writes = chunk.map((stored) => alerts.put({ ...stored, keys: alertKeys(stored.alert) }));
    await Promise.all(writes);
    after = IDBKeyRange.lowerBound(last.id, true);
  }
}

function createStore(connect: () => Promise<IDBPDatabase<AlertDb>>, close: () => void): AlertStore {
  return {
    async cursor() {
      return (await (await connect()).get('meta', CURSOR)) ?? 0;
    },

    async apply(messages, cursor, now = Date.now()) {
      const tx = (await connect()).transaction(
        ['alerts', 'retractions', 'meta', 'check-index'],
        'readwrite',
      );
      let result: AppliedBatch;
      try {
        result = await applyBatch(tx, messages, cursor, now);
      } catch (error) {
        // All or nothing, as when the worker is stopped mid-transaction: alerts, index, cursor.
        tx.abort();
        await tx.done.catch(() => undefined);
        throw error;
      }
      await tx.done;
      return result;
    },

    async all() {
      const stored = await (await connect()).getAll('alerts');
      return stored.map((s) => s.alert);
    },

    async checkIndex(signal) {
      signal?.throwIfAborted();
      const db = await connect();
      // Asked to stop while the database was opening.
      signal?.throwIfAborted();
      const tx = db.transaction(['alerts', 'check-index'], 'readonly');
      tx.done.catch(() => undefined);
      const abort = () => tx.abort();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const index = tx.objectStore('check-index');
        const [base, changes, count] = await Promise.all([
          index.get('base'),
          index.get('changes'),
          tx.objectStore('alerts').count(),
        ]);
        if (!isUsable(base, changes, count)) return null;
        return createCheckIndex(base as IndexBase, changes as IndexChanges);
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },

    async rebuildCheckIndex() {
      const tx = (await connect()).transaction(['alerts', 'check-index'], 'readwrite');
      const stores = indexStores(tx);
      const { base, changes } = await rebuildIndex(stores, await indexBefore(stores));
      await tx.done;
      return createCheckIndex(base, changes);
    },

    async alertsByIds(ids) {
      const tx = (await connect()).transaction(['alerts', 'check-index'], 'readonly');
      const alerts = tx.objectStore('alerts');
      const [changes, ...found] = await Promise.all([
        tx.objectStore('check-index').get('changes'),
        ...ids.map((id) => alerts.get(id)),
      ]);
      const generation = (changes as Partial<IndexChanges> | undefined)?.generation;
      return {
        generation: typeof generation === 'number' ? generation : null,
        alerts: found.flatMap((stored) => (stored ? [(stored as StoredAlert).alert] : [])),
      };
    },

    async quickCheck(identifiers, now = Date.now()) {
      return quickCheck(
        (await connect()).transaction('alerts').store.index('keys'),
        identifiers,
        now,
      );
    },

    async recent(limit, keep = () => true) {
      const found: StoredAlert[] = [];
      let cursor = await (
        await connect()
      )
        .transaction('alerts')
        .store.index('issuedAt')
        .openCursor(null, 'prev');
      while (cursor && found.length < limit) {
        if (keep(cursor.value.alert)) found.push(cursor.value);
        cursor = await cursor.continue();
      }
      return found;
    },

    async unreadCount(keep = () => true) {
      const unread = await (await connect()).getAllFromIndex('alerts', 'unread', 1);
      return unread.filter((s) => keep(s.alert)).length;
    },

    async markAllRead() {
      const tx = (await connect()).transaction('alerts', 'readwrite');
      const unread = await tx.store.index('unread').getAll(1);
      for (const stored of unread) await tx.store.put({ ...stored, unread: 0 });
      await tx.done;
    },

    async pruneExpired(now = Date.now()) {
      const tx = (await connect()).transaction(['alerts', 'check-index'], 'readwrite');
      const alerts = tx.objectStore('alerts');
      const stores = indexStores(tx);
      const before = await indexBefore(stores);
      const expired = await alerts.index('expiresAt').getAllKeys(IDBKeyRange.upperBound(now));
      for (const id of expired) await alerts.delete(id);
      await recordChanges(stores, before, new Map(expired.map((id) => [id, null])), expired);
      await tx.done;
      return expired;
    },

    count: async () => (await connect()).count('alerts'),

    async clear() {
      const tx = (await connect()).transaction(
        ['alerts', 'retractions', 'meta', 'check-index'],
        'readwrite',
      );
      const stores = indexStores(tx);
      const before = await indexBefore(stores);
      await Promise.all([
        tx.objectStore('alerts').clear(),
        tx.objectStore('retractions').clear(),
        tx.objectStore('meta').clear(),
      ]);
      await rebuildIndex(stores, before);
      await tx.done;
    },

    close,
  };
}
