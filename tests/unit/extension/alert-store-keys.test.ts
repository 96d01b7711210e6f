import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertIndex } from '../../../shared/alert-index.js';
import { openAlertStore, type AlertStore } from '../../../shared/alert-store.js';
import { QUICK_PARTIALS, quickCheck } from '../../../shared/alert-store/quick-check.js';
import type { AlertContent, AlertMessage } from '../../../shared/domain/alert.js';
import type { Identifier } from '../../../shared/domain/codes.js';
import { testAlert } from './fixtures.js';

/**
 * The alerts' `keys` (schema version 3) are written and removed with the alert, and the quick
 * check over them answers exactly as the in-memory index, "complete" only when it read every
 * alert that could match.
 */

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const phone = (n: number): Identifier => ({
  kind: 'phone',
  value: `+447700900${String(n).padStart(3, '0')}`,
});
const partialPhone = (value: string): Identifier => ({ kind: 'partial-phone', value });
const handle = (value: string): Identifier => ({ kind: 'handle', value });
const plate = (value: string): Identifier => ({ kind: 'plate', value });

function alert(
  id: string,
  identifiers: Identifier[],
  change: Partial<AlertContent> = {},
): AlertContent {
  return testAlert(id, identifiers, NOW, change);
}

const retraction = (alertId: string): AlertMessage => ({
  v: 1,
  kind: 'retraction',
  id: `r-${alertId}`,
  scheme: 'north-east',
  alertId,
  issuedAt: NOW,
});

/** Ids the quick check finds for `identifier`, sorted. */
async function quickIds(store: AlertStore, identifier: Identifier, now = NOW) {
  const answer = await store.quickCheck([identifier], now);
  return answer && { ids: answer.alerts.map((a) => a.id).sort(), complete: answer.complete };
}

/** The `keys` every stored alert carries, by id. */
async function storedKeys(name: string): Promise<Record<string, string[]>> {
  const db = await openDB(name);
  const all = (await db.getAll('alerts')) as { id: string; keys: string[] }[];
  db.close();
  return Object.fromEntries(all.map((stored) => [stored.id, [...stored.keys].sort()]));
}

let store: AlertStore;
let name: string;
let n = 0;
beforeEach(async () => {
  name = `alert-keys-${++n}`;
  store = await openAlertStore(name);
});
afterEach(() => store.close());

describe('alert keys', () => {
  it('are written with the alert, full and partial, with a handle name', async () => {
    await store.apply(
      [alert('a', [phone(1), partialPhone('*513'), handle('instagram:bigdave_69')])],
      1,
      NOW,
    );
    expect(await storedKeys(name)).toEqual({
      a: [
        'handle instagram:bigdave_69',
        'handle-name bigdave_69',
        'partial-phone *513',
        'phone +447700900001',
      ],
    });
  });

  it('follow a correction, a retraction and expiry', async () => {
    await store.apply(
      [
        alert('a', [phone(1)]),
        alert('b', [phone(2)]),
        alert('c', [phone(3)], { expiresAt: NOW + DAY }),
      ],
      1,
      NOW,
    );
    await store.apply([alert('a', [phone(4)], { revision: 2 })], 2, NOW);
    expect(await quickIds(store, phone(1))).toEqual({ ids: [], complete: true });
    expect(await quickIds(store, phone(4))).toEqual({ ids: ['a'], complete: true });

    await store.apply([retraction('b')], 3, NOW);
    expect(await quickIds(store, phone(2))).toEqual({ ids: [], complete: true });

    // Past its expiry it is not answered even before the prune; after it, its keys are gone.
    expect(await quickIds(store, phone(3), NOW + 2 * DAY)).toEqual({ ids: [], complete: true });
    await store.pruneExpired(NOW + 2 * DAY);
    expect(await storedKeys(name)).toEqual({ a: ['phone +447700900004'] });
  });

  it('are kept when alerts are marked read', async () => {
    await store.apply([alert('a', [phone(1)])], 1, NOW);
    await store.markAllRead();
    expect(await quickIds(store, phone(1))).toEqual({ ids: ['a'], complete: true });
  });

  it('are filled for alerts kept by version 2 of the store', async () => {
    store.close();
    name = `version-2-${n}`;
    const db = await openDB(name, 2, {
      upgrade(database) {
        const alerts = database.createObjectStore('alerts', { keyPath: 'id' });
        alerts.createIndex('issuedAt', 'alert.issuedAt');
        alerts.createIndex('expiresAt', 'alert.expiresAt');
        alerts.createIndex('unread', 'unread');
        database.createObjectStore('retractions', { keyPath: 'alertId' });
        database.createObjectStore('meta');
        database.createObjectStore('check-index');
      },
    });
    // More than one chunk of the upgrade's reads.
    const tx = db.transaction('alerts', 'readwrite');
    for (let i = 0; i < 4_500; i++) {
      const held = alert(`old-${i}`, i === 7 ? [phone(i), partialPhone('*999')] : [phone(i)]);
      void tx.store.put({ id: held.id, alert: held, unread: 0, storedAt: NOW });
    }
    await tx.done;
    db.close();

    store = await openAlertStore(name);
    const keys = await storedKeys(name);
    expect(Object.keys(keys)).toHaveLength(4_500);
    expect(Object.values(keys).every((held) => held.length > 0)).toBe(true);
    expect(keys['old-7']).toEqual(['partial-phone *999', 'phone +447700900007']);
    expect(await quickIds(store, phone(512))).toEqual({ ids: ['old-512'], complete: true });
    // The partial an old alert holds is found for a full number too.
    expect(await quickIds(store, phone(999))).toEqual({
      ids: ['old-7', 'old-999'],
      complete: true,
    });
    await store.apply([alert('new', [phone(512)])], 1, NOW);
    expect(await quickIds(store, phone(512))).toEqual({ ids: ['new', 'old-512'], complete: true });
  });
});

describe('quick check', () => {
  it('leaves partial queries to the check index', async () => {
    await store.apply([alert('a', [phone(1)])], 1, NOW);
    expect(await store.quickCheck([partialPhone('*001')], NOW)).toBeNull();
    expect(await store.quickCheck([phone(1), partialPhone('*001')], NOW)).toBeNull();
  });

  it('finds handles across platforms as the index does', async () => {
    await store.apply(
      [
        alert('a', [handle('instagram:bigdave_69')]),
        alert('b', [handle('bigdave_69')]),
        alert('c', [handle('tiktok:bigdave_69')]),
      ],
      1,
      NOW,
    );
    expect((await quickIds(store, handle('bigdave_69')))!.ids).toEqual(['a', 'b', 'c']);
    expect((await quickIds(store, handle('instagram:bigdave_69')))!.ids).toEqual(['a', 'b']);
  });

  it('answers as the in-memory index for any alerts and full queries', async () => {
    const values = ['+447700900001', '+447700900513', '+442079460001', 'AB12CDE', 'AB12CDF'];
    const identifier = fc.oneof(
      fc.constantFrom(...values.slice(0, 3)).map((value): Identifier => ({ kind: 'phone', value })),
      fc.constantFrom(...values.slice(3)).map(plate),
      fc.constantFrom('*513', '*001', '+4477009005??').map(partialPhone),
      fc
        .constantFrom('AB12*', '*CDF')
        .map((value): Identifier => ({ kind: 'partial-plate', value })),
      fc.constantFrom('x@example.com', 'y@example.org').map((value): Identifier => ({
        kind: 'email',
        value,
      })),
      fc.constantFrom('instagram:bigdave_69', 'bigdave_69', 'tiktok:bigdave_69').map(handle),
    );
    const queries: Identifier[] = [
      ...values.slice(0, 3).map((value): Identifier => ({ kind: 'phone', value })),
      ...values.slice(3).map(plate),
      { kind: 'email', value: 'x@example.com' },
      handle('bigdave_69'),
      handle('instagram:bigdave_69'),
    ];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(identifier, { minLength: 1, maxLength: 3 }), { maxLength: 8 }),
        async (held) => {
          const checked = await openAlertStore(`${name}-random-${++run}`);
          const alerts = held.map((identifiers, i) =>
            alert(`a${i}`, identifiers, { expiresAt: NOW + (i % 3 === 0 ? -1 : 30) * DAY }),
          );
          await checked.apply(
            alerts.filter((a) => a.expiresAt > NOW),
            1,
            NOW - 2 * DAY,
          );
          await checked.apply(
            alerts.filter((a) => a.expiresAt > NOW - 2 * DAY && a.expiresAt <= NOW),
            2,
            NOW - 2 * DAY,
          );
          const memory = createAlertIndex(alerts);
          for (const query of queries) {
            const answer = (await checked.quickCheck([query], NOW))!;
            const expected = memory
              .lookup(query)
              .filter((a) => a.expiresAt > NOW)
              .map((a) => a.id)
              .sort();
            expect(answer.complete).toBe(true);
            expect(answer.alerts.map((a) => a.id).sort(), query.value).toEqual(expected);
          }
          checked.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('can abort a check index read under way, which then reads again', async () => {
    await store.apply([alert('a', [phone(1)])], 1, NOW);
    const controller = new AbortController();
    const read = store.checkIndex(controller.signal);
    controller.abort();
    await expect(read).rejects.toThrow();
    await expect(store.checkIndex(controller.signal)).rejects.toThrow();
    const again = (await store.checkIndex(new AbortController().signal))!;
    expect(again.lookup(phone(1)).map((hit) => hit.id)).toEqual(['a']);
  });

  it('is not complete when too many alerts hold partials to read at once', async () => {
    const held = alert('a', [phone(1)]);
    const reads: unknown[] = [];
    const keys = {
      getAll: async (query: string | IDBKeyRange) => {
        reads.push(query);
        return typeof query === 'string'
          ? [{ id: 'a', alert: held, unread: 0 as const, storedAt: NOW, keys: [] }]
          : [];
      },
      count: async () => QUICK_PARTIALS + 1,
    };
    const answer = await quickCheck(keys, [phone(1)], NOW);
    expect(answer!.alerts.map((a) => a.id)).toEqual(['a']);
    expect(answer!.complete).toBe(false);
    // Only the exact key was read, not the partials' range.
    expect(reads).toEqual(['phone +447700900001']);
    const none = await quickCheck(keys, [phone(2)], NOW);
    expect(none).toEqual({ alerts: [], complete: false });
  });
});
