import { fromBase64UrlExact, toBase64Url } from '../encoding/bytes.js';
import { hasExactKeys, isInt } from '../encoding/shape.js';
import {
  JOURNAL_GENESIS,
  journalKey,
  journalLink,
  journalSigningKeyPair,
  sealJournalEntry,
  staffKeyChangeBody,
  verifyJournal,
  type JournalCheck,
  type JournalEntry,
} from '../protocol/staff-journal.js';
import { RelayError, type RelayClient } from '../relay-client.js';
import {
  foldJournal,
  isJournalBody,
  type FoldInput,
  type JournalBody,
  type JournalView,
} from './journal-view.js';
import { openJson, sealJson, staffStateKey } from './sealed-json.js';
import type { StaffDb, StoredJournalRecord } from './staff-db.js';
import type { StaffSession } from './staff-session.js';

/**
 * This device's side of the scheme staff journal (docs/staff.md, "Shared with colleagues"):
 * actions are queued here first (sealed, so they survive going offline or a closed page), sent in
 * order, each signed against the relay's head at that moment, and retried after a `stale-head`
 * answer. Entries read from the relay are kept as they came (sealed) and verified before they are
 * folded into the view; a chain that does not verify is shown as broken and nothing more is sent.
 */

/**
 * What a sync did, for the UI's line under the inbox. `passphrase-changed`: the journal moved
 * this staff member to a new key (their passphrase was changed, on another device or earlier), so
 * this session's key signs nothing more; `key-conflict`: another key holds the staff id.
 */
export type JournalSync =
  | { ok: true; sent: number; received: number; pending: number }
  | { ok: false; reason: JournalHaltReason | 'offline'; pending: number };

/** Why sending stopped. */
type JournalHaltReason = 'broken' | 'key-conflict' | 'passphrase-changed';

/** The outcome of moving this staff member to a new signing key. */
export type KeyChange = 'changed' | JournalHaltReason | 'offline';

/** A scheme's shared staff journal on this device. */
export interface StaffJournal {
  /** Queues an action as this staff member, then sends what is queued (offline: it waits). */
  append(body: JournalBody, now?: number): Promise<JournalSync>;
  /** Sends queued actions in order, then reads colleagues' new entries. Never throws. */
  sync(): Promise<JournalSync>;
  /** The verified journal folded with this device's unsent actions. */
  view(): Promise<JournalView>;
  /**
   * Sends now (never queued) a `staff-key-change` to the key of `nextSeed`, signed with this
   * session's key; from then on this journal signs with the new key. Anything but `changed`
   * means the change is not in the journal. Never throws for relay trouble.
   */
  changeKey(nextSeed: Uint8Array): Promise<KeyChange>;
  /** The key the journal as read so far binds to this staff member (base64url), or null. */
  boundKey(): Promise<string | null>;
}

const PAGE = 500;
const MAX_PAGES = 1000;
/** Appends that lost a race for the head are retried this often before waiting for a sync. */
const MAX_STALE_RETRIES = 5;

/** Opens the journal of the unlocked scheme for this staff member. */
export function createStaffJournal(
  db: StaffDb,
  relay: Pick<RelayClient, 'appendJournal' | 'listJournal'>,
  session: Pick<StaffSession, 'scheme' | 'staff' | 'secrets' | 'staffSeed'>,
): StaffJournal {
  const { scheme, staff, secrets } = session;
  const key = journalKey(secrets);
  /** The current key first; keys of before a re-key as the journal carries them. */
  const keys: Uint8Array[] = [key];
  const stateKey = staffStateKey(secrets);
  let signer = journalSigningKeyPair(session.staffSeed);
  let ownKey = toBase64Url(signer.publicKey);
  let verified: { lastSeq: number; check: JournalCheck } | null = null;
  let checking: Promise<unknown> = Promise.resolve();

  async function records(after = 0): Promise<StoredJournalRecord[]> {
    // Keys are [scheme, seq], so this range is the scheme's entries after `after`, in order.
    return db.getAll('journal', IDBKeyRange.bound([scheme, after + 1], [scheme, Infinity]));
  }

  /** The link of the last entry cached: what the next append extends. */
  async function cachedHead(): Promise<{ seq: number; link: string }> {
    const range = IDBKeyRange.bound([scheme, 0], [scheme, Infinity]);
    const last = (await db.transaction('journal').store.openCursor(range, 'prev'))?.value;
    return last ? { seq: last.seq, link: last.link } : { seq: 0, link: JOURNAL_GENESIS };
  }

  /**
   * Verifies what is cached, continuing from the last verified entry. A `journal-keys` entry
   * (the keys of before a re-key, carried over) adds keys: then everything is checked again
   * with them, so entries sealed before the re-key open for the remaining staff.
   *
   * One check at a time: the inbox, drafts and audit page ask at once, and two checks that both
   * continued from the same cached prefix would each extend it with the same entries (a false
   * break at the first of them).
   */
  function check(): Promise<JournalCheck> {
    const next = checking.then(checkNow, checkNow);
    checking = next.catch(() => undefined);
    return next;
  }

  async function checkNow(): Promise<JournalCheck> {
    for (;;) {
      const base = verified;
      const fresh = await records(base?.lastSeq ?? 0);
      if (base && (fresh.length === 0 || base.check.brokenAt !== null)) return base.check;
      const more = await verifyJournal(fresh, keys, scheme, base?.check);
      const merged: JournalCheck = {
        ...more,
        entries: [...(base?.check.entries ?? []), ...more.entries],
        refused: [...(base?.check.refused ?? []), ...more.refused],
      };
      verified = { lastSeq: fresh.at(-1)?.seq ?? base?.lastSeq ?? 0, check: merged };
      if (!learnKeys(more.entries)) return merged;
      verified = null;
    }
  }

  /** Adds carried-over keys from verified entries; true when one was new. */
  function learnKeys(entries: readonly JournalEntry[]): boolean {
    let learnt = false;
    for (const { body } of entries) {
      if (body.type !== 'journal-keys' || !isJournalBody(body)) continue;
      for (const text of (body as { keys: string[] }).keys) {
        const carried = fromBase64UrlExact(text, 32)!;
        if (keys.some((k) => toBase64Url(k) === text)) continue;
        keys.push(carried);
        learnt = true;
      }
    }
    return learnt;
  }

  /** Reads entries after the last one cached; returns how many came. */
  async function pull(): Promise<number> {
    let received = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const after = (await cachedHead()).seq;
      const { entries } = await relay.listJournal(secrets, after, PAGE);
      const tx = db.transaction('journal', 'readwrite');
      for (const record of entries) {
        if (isInt(record.seq, after + 1)) await tx.store.put({ ...record, scheme });
      }
      await tx.done;
      received += entries.length;
      if (entries.length < PAGE) break;
    }
    return received;
  }

  /** Signs `body` against the head and appends it; pulls and retries when the head moved. */
  async function send(body: JournalEntry['body'], at: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const state = await check();
      if (state.brokenAt !== null) throw new JournalHalt('broken');
      const previous = (await cachedHead()).link;
      const entry: JournalEntry = { v: 1, scheme, staff, previous, at, body };
      const envelope = sealJournalEntry(entry, signer.secretKey, key);
      try {
        const { seq } = await relay.appendJournal(secrets, previous, envelope);
        const link = journalLink(previous, envelope);
        await db.put('journal', { scheme, seq, previous, link, envelope });
        return;
      } catch (error) {
        const stale = error instanceof RelayError && error.code === 'stale-head';
        if (!stale || attempt >= MAX_STALE_RETRIES) throw error;
        // Stale, yet nothing after our head: the relay's chain no longer contains this device's.
        if ((await pull()) === 0) throw new JournalHalt('broken');
      }
    }
  }

  /**
   * Sends one queued action; false when it can never be sent (too large to seal, or refused by
   * the relay for its shape), so one bad action cannot hold back every later one. Throws when
   * trying again later may work (offline, rate limited, relay trouble) or sending must stop.
   */
  async function sendOrDrop(action: { at: number; body: JournalBody }): Promise<boolean> {
    try {
      await send(action.body, action.at);
      return true;
    } catch (error) {
      if (error instanceof JournalHalt) throw error;
      if (error instanceof RelayError && (error.retryable || error.code === 'stale-head')) {
        throw error;
      }
      return false;
    }
  }

  async function queued() {
    return db.getAll('journal-queue', IDBKeyRange.bound([scheme, 0], [scheme, Infinity]));
  }

  /**
   * This staff member's unsent actions. Another staff member's, queued on a shared device, wait
   * for them to unlock (only their key can sign them).
   */
  async function ownPending(): Promise<number> {
    return (await queued()).filter((q) => q.staff === staff).length;
  }

  /**
   * Before this staff member's first entry: announce the key colleagues check their entries
   * with. Throws JournalHalt when the journal binds another key to them.
   */
  async function announceOwnKey(): Promise<void> {
    const state = await check();
    const bound = state.staffKeys.get(staff);
    if (bound === undefined) {
      await send({ type: 'staff-key', publicKey: ownKey }, Date.now());
      return;
    }

    if (bound === ownKey) return;
    const changed = state.entries.some(
      (e) => e.staff === staff && e.body.type === 'staff-key-change',
    );
    throw new JournalHalt(changed ? 'passphrase-changed' : 'key-conflict');
  }

  async function changeKeyNow(nextSeed: Uint8Array): Promise<KeyChange> {
    const next = journalSigningKeyPair(nextSeed);
    const nextKey = toBase64Url(next.publicKey);
    try {
      await pull();
      await announceOwnKey();
      await send(staffKeyChangeBody(scheme, staff, signer.publicKey, next), Date.now());
    } catch (error) {
      if (error instanceof JournalHalt) return error.reason;
      // The relay may have stored the entry and the answer got lost: read before saying no.
      const landed = await pull().then(
        async () => (await check()).staffKeys.get(staff) === nextKey,
        () => false,
      );
      if (!landed) return 'offline';
    }
    signer = next;
    ownKey = nextKey;
    return 'changed';
  }

  async function flush(): Promise<JournalSync> {
    let sent = 0;
    let received = 0;
    try {
      received = await pull();
      const waiting = (await queued()).filter((q) => q.staff === staff);
      if (waiting.length > 0) await announceOwnKey();
      for (const item of waiting) {
        const action = openJson(item.sealed, stateKey);
        if (isQueued(action) && (await sendOrDrop(action))) sent++;
        await db.delete('journal-queue', [scheme, item.id]);
      }
      const state = await check();
      const pending = await ownPending();
      if (state.brokenAt !== null) return { ok: false, reason: 'broken', pending };
      return { ok: true, sent, received, pending };
    } catch (error) {
      const pending = await ownPending();
      if (error instanceof JournalHalt) return { ok: false, reason: error.reason, pending };
      // Offline, rate limited or refused: the queue keeps its order and is sent next time.
      return { ok: false, reason: 'offline', pending };
    }
  }

  return {
    async append(body, now = Date.now()) {
      if (!isJournalBody(body)) throw new TypeError('StaffJournal.append: malformed action');
      const sealed = sealJson({ at: now, body }, stateKey);
      // One readwrite transaction: contexts appending at once still get distinct, ordered ids.
      const tx = db.transaction('journal-queue', 'readwrite');
      const range = IDBKeyRange.bound([scheme, 0], [scheme, Infinity]);
      const last = await tx.store.openCursor(range, 'prev');
      const id = last ? last.value.id + 1 : 1;
      await tx.store.put({ scheme, id, staff, sealed });
      await tx.done;
      return exclusive(scheme, flush);
    },

    sync() {
      return exclusive(scheme, flush);
    },

    async view() {
      const state = await check();
      const inputs: FoldInput[] = state.entries.map((e) => ({
        seq: e.seq,
        staff: e.staff,
        at: e.at,
        body: e.body,
      }));
      for (const item of await queued()) {
        const action = openJson(item.sealed, stateKey);
        if (isQueued(action)) inputs.push({ seq: null, staff: item.staff, ...action });
      }
      return foldJournal(inputs, state);
    },

    changeKey(nextSeed) {
      return exclusive(scheme, () => changeKeyNow(nextSeed));
    },

    async boundKey() {
      return (await check()).staffKeys.get(staff) ?? null;
    },
  };
}

/** A reason to stop sending: the chain does not verify, or another key holds this staff id. */
class JournalHalt extends Error {
  constructor(readonly reason: JournalHaltReason) {
    super(`Staff journal: ${reason}`);
    this.name = 'JournalHalt';
  }
}

function isQueued(value: unknown): value is { at: number; body: JournalBody } {
  return hasExactKeys(value, ['at', 'body']) && isInt(value.at) && isJournalBody(value.body);
}

const running = new Map<string, Promise<unknown>>();

/**
 * Runs `task` alone for this scheme: across the popup, the staff page and the service worker
 * through the Web Locks API where there is one, else within this context. Two senders must
 * never send the same queued action twice.
 */
function exclusive<T>(scheme: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (locks) return locks.request(`umn-staff-journal:${scheme}`, task) as Promise<T>;
  const previous = running.get(scheme) ?? Promise.resolve();
  const next = previous.then(task, task);
  running.set(
    scheme,
    next.catch(() => undefined),
  );
  return next;
}
