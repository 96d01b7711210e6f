import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertIndex } from '../../../shared/alert-index.js';
import type { IndexBase, IndexChanges } from '../../../shared/alert-index/check-index.js';
import { openAlertStore, type AlertStore } from '../../../shared/alert-store.js';
import type { AlertContent, AlertMessage } from '../../../shared/domain/alert.js';
import type { Identifier } from '../../../shared/domain/codes.js';
import { testAlert } from './fixtures.js';

/**
 * The stored check index stays in step with the alerts through every change the sync makes,
 * in the same transaction, and is rebuilt (never used) when missing, damaged or out of step.
 */

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const phone = (n: number): Identifier => ({
  kind: 'phone',
  value: `+447700900${String(n).padStart(3, '0')}`,
});

function alert(
  id: string,
  identifiers: Identifier[],
  change: Partial<AlertContent> = {},
): AlertContent {
  return testAlert(id, identifiers, NOW, change);
}

const retraction = (alertId: string, scheme = 'north-east'): AlertMessage => ({
  v: 1,
  kind: 'retraction',
  id: `r-${alertId}`,
  scheme,
  alertId,
  issuedAt: NOW,
});

const QUERIES: Identifier[] = [
  phone(1),
  phone(2),
  phone(3),
  phone(7),
  { kind: 'partial-phone', value: '*001' },
  { kind: 'partial-phone', value: '+4477009000??' },
  { kind: 'plate', value: 'LX21FKE' },
  { kind: 'partial-plate', value: 'LX*' },
  { kind: 'handle', value: 'bigdave' },
];

/** Every query answered from the stored index as the in-memory index of the store's alerts. */
async function expectInStep(store: AlertStore) {
  const index = await store.checkIndex();
  expect(index, 'stored index usable').not.toBeNull();
  expect(index!.verified()).toBe(true);
  const live = createAlertIndex(await store.all());
  for (const query of QUERIES) {
    const stored = index!
      .lookup(query)
      .map((hit) => hit.id)
      .sort();
    expect(stored, query.value).toEqual(
      live
        .lookup(query)
        .map((a) => a.id)
        .sort(),
    );
  }
}

/** The stored index records, raw. */
async function rawIndex(name: string) {
  const db = await openDB(name);
  const base = (await db.get('check-index', 'base')) as IndexBase;
  const changes = (await db.get('check-index', 'changes')) as IndexChanges;
  db.close();
  return { base, changes };
}

/** Every identifier value the stored records hold, as text. */
async function storedText(name: string): Promise<string> {
  const { base, changes } = await rawIndex(name);
  const { exact, reversed, names } = base.index;
  return [
    exact.keys.text,
    reversed.keys.text,
    names.keys.text,
    JSON.stringify([...changes.changed]),
  ].join('|');
}

let store: AlertStore;
let name = '';
let n = 0;
beforeEach(async () => {
  name = `index-${++n}`;
  store = await openAlertStore(name);
});
afterEach(() => store.close());

describe('stored check index', () => {
  it('is usable and empty in a new store', async () => {
    const index = await store.checkIndex();
    expect(index?.lookup(phone(1))).toEqual([]);
  });

  it('follows additions, corrections, retractions and expiry', async () => {
    await store.apply(
      [alert('a', [phone(1)]), alert('b', [phone(2), { kind: 'plate', value: 'LX21FKE' }])],
      1,
      NOW,
    );
    await expectInStep(store);
    await store.apply([alert('a', [phone(3)], { revision: 2 })], 2, NOW);
    await expectInStep(store);
    expect((await store.checkIndex())!.lookup(phone(1))).toEqual([]);
    await store.apply([retraction('b')], 3, NOW);
    await expectInStep(store);
    expect((await store.checkIndex())!.lookup({ kind: 'plate', value: 'LX21FKE' })).toEqual([]);
    await store.apply([alert('c', [phone(7)], { expiresAt: NOW + DAY })], 4, NOW);
    expect(await store.pruneExpired(NOW + 2 * DAY)).toEqual(['c']);
    await expectInStep(store);
  });

  it('stays in step through any sequence of sync changes', async () => {
    const change = fc.oneof(
      fc.record({
        op: fc.constant('put' as const),
        id: fc.integer({ min: 0, max: 6 }),
        revision: fc.integer({ min: 1, max: 4 }),
        phones: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }),
        days: fc.integer({ min: 1, max: 5 }),
      }),
      fc.record({ op: fc.constant('retract' as const), id: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ op: fc.constant('prune' as const), days: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ op: fc.constant('rebuild' as const) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(change, { minLength: 1, maxLength: 4 }), { maxLength: 6 }),
        async (batches) => {
          const local = await openAlertStore(`sequence-${++run}`);
          try {
            let cursor = 0;
            for (const batch of batches) {
              const messages: AlertMessage[] = [];
              for (const step of batch) {
                if (step.op === 'put') {
                  messages.push(
                    alert(`s${step.id}`, step.phones.map(phone), {
                      revision: step.revision,
                      expiresAt: NOW + step.days * DAY,
                    }),
                  );
                } else if (step.op === 'retract') {
                  messages.push(retraction(`s${step.id}`));
                } else if (step.op === 'prune') {
                  await local.pruneExpired(NOW + step.days * DAY);
                } else {
                  await local.rebuildCheckIndex();
                }
              }
              await local.apply(messages, ++cursor, NOW);
              await expectInStep(local);
            }
          } finally {
            local.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps no identifier an alert no longer holds, in the base or the changes', async () => {
    await store.apply(
      [alert('a', [phone(1)]), alert('b', [phone(2)]), alert('c', [phone(5)])],
      1,
      NOW,
    );
    await store.rebuildCheckIndex(); // everything in the base
    await store.apply([alert('d', [phone(4)])], 2, NOW); // in the changes
    expect(await storedText(name)).toContain('+447700900004');

    await store.apply(
      [
        alert('a', [phone(3)], { revision: 2 }),
        retraction('b'),
        alert('d', [phone(6)], { revision: 2 }),
      ],
      3,
      NOW,
    );
    await store.pruneExpired(NOW + 31 * DAY);
    const text = await storedText(name);
    for (const gone of ['001', '002', '004', '005', '003', '006']) {
      expect(text).not.toContain(`+447700900${gone}`);
      expect(text).not.toContain([...`+447700900${gone}`].reverse().join(''));
    }
    await expectInStep(store);
  });

  it('folds a long run of additions into the base', async () => {
    for (let page = 0; page < 5; page++) {
      const batch = Array.from({ length: 500 }, (_, i) =>
        alert(`f${page * 500 + i}`, [phone((page * 500 + i) % 1000)]),
      );
      await store.apply(batch, page + 1, NOW);
    }
    const { base, changes } = await rawIndex(name);
    expect(base.index.issuedAt.length + changes.changed.size).toBe(2_500);
    expect(changes.changed.size).toBeLessThanOrEqual(2_000);
    expect(base.index.issuedAt.length).toBeGreaterThan(0);
    await expectInStep(store);
  });

  it('changes nothing when a batch fails midway, as when the worker is stopped', async () => {
    await store.apply([alert('a', [phone(1)])], 1, NOW);
    const before = await rawIndex(name);
    const unstorable = { ...alert('x', [phone(2)]), description: (() => 'x') as unknown as string };
    await expect(store.apply([alert('b', [phone(3)]), unstorable], 2, NOW)).rejects.toThrow();
    expect(await store.cursor()).toBe(1);
    expect((await store.all()).map((a) => a.id)).toEqual(['a']);
    expect((await rawIndex(name)).changes.generation).toBe(before.changes.generation);
    await expectInStep(store);
  });

  it('is rebuilt, never used, when alerts were written without it', async () => {
    await store.apply([alert('a', [phone(1)])], 1, NOW);
    const db = await openDB(name);
    await db.put('alerts', { id: 'z', alert: alert('z', [phone(2)]), unread: 0, storedAt: NOW });
    db.close();
    expect(await store.checkIndex()).toBeNull();
    const rebuilt = await store.rebuildCheckIndex();
    expect(rebuilt.lookup(phone(2)).map((hit) => hit.id)).toEqual(['z']);
    await expectInStep(store);
    // A sync finding it out of step rebuilds it too.
    const again = await openDB(name);
    await again.delete('check-index', 'changes');
    again.close();
    await store.apply([alert('y', [phone(3)])], 2, NOW);
    await expectInStep(store);
  });

  it('is rebuilt, never used, when its base is damaged', async () => {
    await store.apply([alert('a', [phone(1)]), alert('b', [phone(2)])], 1, NOW);
    await store.rebuildCheckIndex();
    const db = await openDB(name);
    const base = (await db.get('check-index', 'base')) as IndexBase;
    base.index.exact.keys.text = base.index.exact.keys.text.replace('001', '009');
    await db.put('check-index', base, 'base');
    db.close();
    // Its shape is whole, so it is read; its checksum fails, so it never answers "none".
    expect((await store.checkIndex())!.verified()).toBe(false);
    // A retraction of a base alert folds, finds the base damaged and rebuilds from the alerts.
    await store.apply([retraction('b')], 2, NOW);
    await expectInStep(store);
    expect((await store.checkIndex())!.lookup(phone(1)).map((hit) => hit.id)).toEqual(['a']);
  });

  it('is built for alerts kept by the previous version of the store', async () => {
    store.close();
    const old = `version-1-${n}`;
    const db = await openDB(old, 1, {
      upgrade(database) {
        const alerts = database.createObjectStore('alerts', { keyPath: 'id' });
        alerts.createIndex('issuedAt', 'alert.issuedAt');
        alerts.createIndex('expiresAt', 'alert.expiresAt');
        alerts.createIndex('unread', 'unread');
        database.createObjectStore('retractions', { keyPath: 'alertId' });
        database.createObjectStore('meta');
      },
    });
    await db.put('alerts', { id: 'a', alert: alert('a', [phone(1)]), unread: 0, storedAt: NOW });
    db.close();
    store = await openAlertStore(old);
    expect(await store.checkIndex()).toBeNull();
    await store.apply([alert('b', [phone(2)])], 1, NOW);
    await expectInStep(store);
  });

  it('empties with the store', async () => {
    await store.apply([alert('a', [phone(1)])], 1, NOW);
    await store.clear();
    expect((await store.checkIndex())!.lookup(phone(1))).toEqual([]);
    expect(await storedText(name)).not.toContain('+447700900001');
  });

  it('reads alerts by id with the generation they were read at', async () => {
    await store.apply([alert('a', [phone(1)])], 1, NOW);
    const index = (await store.checkIndex())!;
    const read = await store.alertsByIds(['a', 'missing']);
    expect(read.alerts.map((a) => a.id)).toEqual(['a']);
    expect(read.generation).toBe(index.generation);
    await store.apply([alert('a', [phone(2)], { revision: 2 })], 2, NOW);
    expect((await store.alertsByIds(['a'])).generation).not.toBe(index.generation);
  });
});
