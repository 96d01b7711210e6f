import { signal } from '@preact/signals';
import type { CheckIndex } from '../../shared/alert-index/check-index.js';
import type { IndexHit } from '../../shared/alert-index/compact-index.js';
import type { AlertStore, QuickAnswer } from '../../shared/alert-store.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import type { Identifier } from '../../shared/domain/codes.js';
import type { readIdentifier } from '../../shared/identifiers/index.js';

/**
 * The popup's check index: the stored one (shared/alert-index/check-index.ts), read from
 * IndexedDB in one go after the popup's first paint; until it is read, a full identifier is
 * answered by the quick check (the alert store's `keys` index), so a pasted number is answered
 * within a frame or two of the store opening, even with 100,000 alerts and the worker asleep. Checks never wake the worker
 * and send nothing, so they work offline. A missing or damaged index is rebuilt from the alerts
 * (slow with many alerts: "Loading alerts…" until then, never "No reports").
 */

/** What a check needs, once loaded (null while loading). */
export interface Checker {
  read: typeof readIdentifier;
  /** The index's hits for an identifier, newest first, at once. */
  lookup(identifier: Identifier): IndexHit[];
  /**
   * True when an answer of no hits can be given: the index is verified as undamaged. False
   * while it is found damaged and rebuilt (a newer checker follows): show "Loading", not "No".
   */
  confirmsNone(): boolean;
  /**
   * The alerts matching any of `identifiers` and not expired at `now`, as stored now: alerts
   * retracted or corrected away since the index was read are left out, and an index older than
   * the store is read again first.
   */
  alerts(identifiers: readonly Identifier[], now: number): Promise<AlertContent[]>;
}

/** The checker once built (null while loading). */
export const checker = signal<Checker | null>(null);

/**
 * The first answer, before the check index is read: a full identifier looked up through the
 * alert store's own `keys` index (AlertStore.quickCheck), a few requests with nothing read at
 * open. Partials wait for the checker.
 */
export interface QuickChecker {
  read: typeof readIdentifier;
  /** The live alerts matching full identifiers; null for a partial (ask the checker). */
  check(identifiers: readonly Identifier[], now: number): Promise<QuickAnswer | null>;
}

/** The quick checker once the store is open (null before). */
export const quickChecker = signal<QuickChecker | null>(null);

/** Resolves after the next frame is painted. */
const afterPaint = () =>
  new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));

/** True once the check box holds something: the index read then lets the quick check go first. */
let checkAsked = false;

/** Called by the check box when it gets text before the index is read. */
export function noteCheckAsked(): void {
  checkAsked = true;
}

/** Quick checks not answered yet, and who waits for none to be left. */
let quickInFlight = 0;
const quickWaiting: (() => void)[] = [];

/**
 * Resolves once no quick check is waiting for IndexedDB and its answer is painted. Reading the
 * ~9 MB check index occupies the page's thread for a few hundred ms once its result arrives,
 * and a quick check answered behind it would wait as long (measured: bench/extension.ts).
 */
async function quickChecksPainted(): Promise<void> {
  while (quickInFlight > 0) {
    await new Promise<void>((done) => quickWaiting.push(done));
    await afterPaint();
  }
}

/** The check index read under way, if any: a quick check asked meanwhile aborts it. */
let indexRead: AbortController | null = null;

/**
 * Reads the check index once no quick check is pending. The ~9 MB record holds the page's
 * thread when its result arrives, so a quick check asked while it is on the way aborts the read,
 * is answered and painted, and the read starts again.
 */
async function readCheckIndex(store: AlertStore): Promise<CheckIndex> {
  for (;;) {
    await quickChecksPainted();
    const controller = new AbortController();
    indexRead = controller;
    let read: CheckIndex | null;
    try {
      read = await store.checkIndex(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) continue;
      throw error;
    } finally {
      indexRead = null;
    }
    return read ?? (await store.rebuildCheckIndex());
  }
}

let loading: Promise<Checker> | null = null;
// Open while the popup is: a match reads its alerts from it.
let opened: Promise<AlertStore> | null = null;

/** Starts reading the checker (once per popup). */
export function loadAlertIndex(): Promise<Checker> {
  loading ??= (async () => {
    // The reader (libphonenumber-js) and the index code load while the index is read; the index
    // is read after the first paint (its deserialisation would delay it).
    const storeOpened = (opened ??= import('../../shared/alert-store.js').then((m) =>
      m.openAlertStore(),
    ));
    // The quick check needs only the open store and the reader: it answers while the index loads.
    const quickReady = Promise.all([import('../../shared/identifiers/index.js'), storeOpened]).then(
      ([{ readIdentifier }, store]) => {
        performance.mark('umn:quick-check-ready');
        quickChecker.value = {
          read: readIdentifier,
          async check(identifiers, now) {
            quickInFlight++;
            indexRead?.abort();
            try {
              return await store.quickCheck(identifiers, now);
            } finally {
              if (--quickInFlight === 0) quickWaiting.splice(0).forEach((done) => done());
            }
          },
        };
      },
    );
    quickReady.catch(() => undefined);
    // After the first paint, and after any quick check already asked (a check pasted at once,
    // or the context menu's) is answered on screen.
    const read = Promise.all([storeOpened, afterPaint()]).then(async ([store]) => {
      if (checkAsked) {
        // Something is in the box already: its quick check first (rendered, then answered).
        await quickReady.catch(() => undefined);
        await afterPaint();
      }
      return readCheckIndex(store);
    });
    const [{ readIdentifier }, { createChecker }, store, index] = await Promise.all([
      import('../../shared/identifiers/index.js'),
      import('./stored-checker.js'),
      storeOpened,
      read,
    ]);
    const built = createChecker(index, store, readIdentifier, (newer) => (checker.value = newer));
    checker.value = built;
    performance.mark('umn:check-index-ready');
    // Verify the index when the popup is idle, usually before the worker has typed: a first
    // check of no hits then waits for nothing, and a match pasted at once is not held up.
    const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 50));
    idle(() => built.confirmsNone(), { timeout: 1000 });
    return built;
  })();
  loading.catch(() => {
    loading = null;
    opened = null;
  });
  return loading;
}

/** Reads the index again (after a sync changed the alerts while the popup was open). */
export function reloadAlertIndex(): Promise<Checker> {
  loading = null;
  return loadAlertIndex();
}
