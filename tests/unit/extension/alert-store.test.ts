import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAlertStore, type AlertStore } from '../../../shared/alert-store.js';
import type { AlertContent, RetractionContent } from '../../../shared/domain/alert.js';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import { testAlert } from './fixtures.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
let n = 0;
const id = () => toBase64Url(new Uint8Array(16).fill(++n));

function alert(change: Partial<AlertContent> = {}): AlertContent {
  return testAlert(id(), [{ kind: 'phone', value: '+447700900123' }], NOW, change);
}

function retraction(alertId: string, scheme = 'north-east'): RetractionContent {
  return { v: 1, kind: 'retraction', id: id(), scheme, alertId, issuedAt: NOW };
}

let store: AlertStore;
let name = 0;
beforeEach(async () => {
  store = await openAlertStore(`test-${++name}`);
});
afterEach(() => store.close());

describe('alert store', () => {
  it('stores alerts and the cursor together and never moves the cursor back', async () => {
    const first = alert();
    const applied = await store.apply([first], 5, NOW);
    expect(applied.added.map((a) => a.id)).toEqual([first.id]);
    expect(await store.cursor()).toBe(5);

    await store.apply([], 3, NOW);
    expect(await store.cursor()).toBe(5);
  });

  it('applies the same alert twice without a duplicate', async () => {
    const same = alert();
    await store.apply([same], 1, NOW);
    const again = await store.apply([same], 1, NOW);
    expect(again.added).toEqual([]);
    expect(await store.count()).toBe(1);
  });

  it('keeps the highest revision of a corrected alert', async () => {
    const original = alert();
    await store.apply([{ ...original, revision: 2, area: 'Gateshead' }], 2, NOW);
    const older = await store.apply([original], 3, NOW);
    expect(older.corrected).toEqual([]);
    expect((await store.all())[0]!.area).toBe('Gateshead');

    const newer = await store.apply([{ ...original, revision: 3, area: 'Sunderland' }], 4, NOW);
    expect(newer.corrected).toHaveLength(1);
    expect((await store.all())[0]!.area).toBe('Sunderland');
  });

  it('removes a retracted alert and refuses it if it comes back', async () => {
    const withdrawn = alert();
    await store.apply([withdrawn], 1, NOW);
    const applied = await store.apply([retraction(withdrawn.id)], 2, NOW);
    expect(applied.retracted).toEqual([withdrawn.id]);
    expect(await store.count()).toBe(0);

    await store.apply([{ ...withdrawn, revision: 2 }], 3, NOW);
    expect(await store.count()).toBe(0);
  });

  it('ignores a retraction from another scheme', async () => {
    const held = alert();
    await store.apply([held], 1, NOW);
    const applied = await store.apply([retraction(held.id, 'london')], 2, NOW);
    expect(applied.retracted).toEqual([]);
    expect(await store.count()).toBe(1);
  });

  it('does not store expired alerts and prunes those that expire later', async () => {
    await store.apply([alert({ expiresAt: NOW - 1 })], 1, NOW);
    expect(await store.count()).toBe(0);

    const soon = alert({ expiresAt: NOW + DAY });
    await store.apply([soon], 2, NOW);
    expect(await store.pruneExpired(NOW + 2 * DAY)).toEqual([soon.id]);
    expect(await store.count()).toBe(0);
  });

  it('lists recent alerts newest first, filtered, and counts unread ones', async () => {
    const old = alert({ issuedAt: NOW - 10 * DAY });
    const fresh = alert({ issuedAt: NOW - DAY });
    const elsewhere = alert({ issuedAt: NOW, regions: ['london'] });
    await store.apply([old, fresh, elsewhere], 3, NOW);

    const inRegion = (a: AlertContent) => a.regions.includes('north-east');
    expect((await store.recent(10, inRegion)).map((s) => s.id)).toEqual([fresh.id, old.id]);
    expect(await store.unreadCount(inRegion)).toBe(2);
    await store.markAllRead();
    expect(await store.unreadCount()).toBe(0);
  });
});
