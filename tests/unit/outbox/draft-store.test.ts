import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDraftStore } from '../../../shared/draft-store.js';

let count = 0;
const fresh = () => `drafts-test-${++count}`;

async function rawDrafts(dbName: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((done) => {
    const request = indexedDB.open(dbName);
    request.onsuccess = () => done(request.result);
  });
  const values = await new Promise<unknown[]>((done) => {
    const request = db.transaction('drafts').objectStore('drafts').getAll();
    request.onsuccess = () => done(request.result);
  });
  db.close();
  return values
    .map((v) => {
      const { data } = v as { data: ArrayBuffer };
      return new TextDecoder('latin1').decode(data);
    })
    .join('');
}

describe('draft store', () => {
  it('round-trips a draft and stores only ciphertext', async () => {
    const dbName = fresh();
    const store = createDraftStore<{ narrative: string }>({ dbName, now: () => 5 });
    await store.save('report:north-east', { narrative: 'He took the money back at the door.' });
    expect(await store.load('report:north-east')).toEqual({
      value: { narrative: 'He took the money back at the door.' },
      savedAt: 5,
    });
    const raw = await rawDrafts(dbName);
    expect(raw.length).toBeGreaterThan(20);
    expect(raw).not.toContain('money');
  });

  it('forgets the draft and its key; an expired draft reads as none', async () => {
    let now = 0;
    const store = createDraftStore<string>({ dbName: fresh(), now: () => now, maxAgeMs: 100 });
    await store.save('a', 'words');
    await store.clear('a');
    expect(await store.load('a')).toBeNull();

    await store.save('b', 'older words');
    now = 101;
    expect(await store.load('b')).toBeNull();
  });

  it('keeps slots apart: a draft moved to another slot does not decrypt', async () => {
    const dbName = fresh();
    const store = createDraftStore<string>({ dbName });
    await store.save('one', 'first');
    await store.save('two', 'second');
    // Swap the ciphertexts: authenticated encryption with the slot as associated data refuses.
    const db = await new Promise<IDBDatabase>((done) => {
      const request = indexedDB.open(dbName);
      request.onsuccess = () => done(request.result);
    });
    const tx = db.transaction('drafts', 'readwrite');
    const drafts = tx.objectStore('drafts');
    const one = await new Promise(
      (done) => (drafts.get('one').onsuccess = (e) => done((e.target as IDBRequest).result)),
    );
    drafts.put(one, 'two');
    await new Promise((done) => (tx.oncomplete = done));
    db.close();
    expect(await store.load('two')).toBeNull();
    expect(await store.load('one')).toMatchObject({ value: 'first' });
  });
});
