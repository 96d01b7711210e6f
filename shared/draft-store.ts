import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * The draft a reporter is typing, kept in the browser so a closed tab or a crash loses nothing,
 * and encrypted at rest so a shared or inspected device does not show it in plain text: the
 * draft is AES-GCM ciphertext, and its key is a non-extractable WebCrypto key kept in a separate
 * object store. Script on the page can use the key but nobody can read it out, and forgetting
 * the draft deletes the key first (crypto-shredding), so a copy of the disk shows nothing.
 *
 * What this does not protect against: someone who opens the same page in the same browser
 * profile sees the restored draft. That is why quick exit offers to forget it.
 */

/** A stored draft: any JSON value the form chooses, plus when it was saved. */
export interface Draft<T> {
  value: T;
  savedAt: number;
}

/** Options for createDraftStore. */
export interface DraftStoreOptions {
  /** IndexedDB database name (default `umn-drafts`). */
  dbName?: string;
  /** Drafts older than this are discarded unread (default 14 days). */
  maxAgeMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** Encrypted drafts, one per slot (e.g. one per scheme). */
export interface DraftStore<T> {
  /** Encrypts and stores `value` in `slot`, replacing what was there. */
  save(slot: string, value: T): Promise<void>;
  /** The draft in `slot`, or null when there is none, it expired or it does not decrypt. */
  load(slot: string): Promise<Draft<T> | null>;
  /** Deletes the draft in `slot` and its key. */
  clear(slot: string): Promise<void>;
  /** Closes the database. */
  close(): void;
}

interface StoredDraft {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

interface DraftSchema extends DBSchema {
  keys: { key: string; value: CryptoKey };
  drafts: { key: string; value: StoredDraft };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Opens the draft store. Throws at first use when WebCrypto is missing (fail closed). */
export function createDraftStore<T>(options: DraftStoreOptions = {}): DraftStore<T> {
  const now = options.now ?? Date.now;
  const maxAge = options.maxAgeMs ?? 14 * 86_400_000;
  let database: Promise<IDBPDatabase<DraftSchema>> | undefined;

  const db = () =>
    (database ??= openDB<DraftSchema>(options.dbName ?? 'umn-drafts', 1, {
      upgrade(upgrading) {
        upgrading.createObjectStore('keys');
        upgrading.createObjectStore('drafts');
      },
    }));

  const subtle = () => {
    const s = globalThis.crypto?.subtle;
    if (!s)
      throw new Error('No WebCrypto here: drafts cannot be kept encrypted, so none are kept.');
    return s;
  };

  async function keyFor(slot: string): Promise<CryptoKey> {
    const existing = await (await db()).get('keys', slot);
    if (existing) return existing;
    const key = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
    await (await db()).put('keys', key, slot);
    return key;
  }

  async function save(slot: string, value: T): Promise<void> {
    const key = await keyFor(slot);
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const plaintext = encoder.encode(JSON.stringify({ value, savedAt: now() }));
    const data = await subtle().encrypt(
      { name: 'AES-GCM', iv, additionalData: encoder.encode(slot) },
      key,
      plaintext,
    );
    plaintext.fill(0);
    await (await db()).put('drafts', { iv, data }, slot);
  }

  async function load(slot: string): Promise<Draft<T> | null> {
    const database_ = await db();
    const [key, stored] = await Promise.all([
      database_.get('keys', slot),
      database_.get('drafts', slot),
    ]);
    if (!key || !stored) return null;

    let draft: Draft<T>;
    try {
      const plaintext = await subtle().decrypt(
        { name: 'AES-GCM', iv: stored.iv, additionalData: encoder.encode(slot) },
        key,
        stored.data,
      );
      draft = JSON.parse(decoder.decode(plaintext)) as Draft<T>;
    } catch {
      return null; // Tampered with or written under another key: treat as no draft.
    }
    if (typeof draft.savedAt !== 'number' || now() - draft.savedAt > maxAge) {
      await clear(slot);
      return null;
    }
    return draft;
  }

  async function clear(slot: string): Promise<void> {
    const tx = (await db()).transaction(['keys', 'drafts'], 'readwrite');
    // The key goes first in the same transaction: without it the ciphertext is noise.
    await Promise.all([
      tx.objectStore('keys').delete(slot),
      tx.objectStore('drafts').delete(slot),
      tx.done,
    ]);
  }

  function close(): void {
    void database?.then((d) => d.close());
    database = undefined;
  }

  return { save, load, clear, close };
}
