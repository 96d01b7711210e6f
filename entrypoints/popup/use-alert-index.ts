import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { ALERTS_CHANGED_KEY } from '../background/alerts-changed.js';
import type { AlertStore, QuickAnswer } from '../../shared/alert-store.js';
import type { Identifier } from '../../shared/domain/codes.js';
import type { displayOrders, readIdentifier } from '../../shared/identifiers/index.js';
import { localCheckService, workerCheckService, type CheckService } from './check-service.js';
// Vite builds the worker as its own module and gives its constructor (vite/client types).
import IndexWorker from './index-worker.ts?worker';

/**
 * The popup's checks. The stored check index (shared/alert-index/check-index.ts) is read and
 * looked up in the popup's index worker (index-worker.ts), so its ~9 MB never hold the popup's
 * thread. Until it is read, a full identifier is answered by the quick check (the alert store's
 * `keys` index, on the popup's thread), so a pasted number is answered as soon as the store is
 * open, even with 100,000 alerts and the service worker asleep. The index is read once the popup
 * has been quiet for a moment, or at once when a check needs it (a partial): while IndexedDB
 * delivers that record, a quick check waits for it (measured: 80-120 ms, against 8 ms alone).
 * Checks never wake the service worker and send nothing, so they work offline. A missing or
 * damaged index is rebuilt from the alerts (slow with many alerts: "Loading alerts…" until
 * then, never "No reports").
 */

/** What a check needs, once the index is read (null while loading). */
export interface Checker {
  read: typeof readIdentifier;
  /** The orders the input shows in, where they differ from how it is stored (see below). */
  shown?: typeof displayOrders;
  /**
   * The live alerts matching any of `identifiers`, full or partial; "No reports" only when
   * `complete` (see IndexChecks.check).
   */
  check(identifiers: readonly Identifier[], now: number): Promise<QuickAnswer>;
}

/** The checker once the index is read (null while loading). */
export const checker = signal<Checker | null>(null);

/** The first answer, before the check index is read: full identifiers only. */
export interface QuickChecker {
  read: typeof readIdentifier;
  /**
   * The orders pasted text shows in where they differ from how it is stored (a number written
   * with right-to-left controls, identifiers/visual-order.ts): each is read and checked too.
   */
  shown?: typeof displayOrders;
  /** The live alerts matching full identifiers; null for a partial (ask the checker). */
  check(identifiers: readonly Identifier[], now: number): Promise<QuickAnswer | null>;
}

/** The quick checker once the store is open (null before). */
export const quickChecker = signal<QuickChecker | null>(null);

const loadStore = () => import('../../shared/alert-store.js').then((m) => m.openAlertStore());
const loadReader = () => import('../../shared/identifiers/index.js');

/** The index worker, or the same service on this thread where no worker can start. */
function startService(): CheckService {
  const local = () => localCheckService(loadStore);
  try {
    return workerCheckService(new IndexWorker(), local);
  } catch {
    return local();
  }
}

/** How long the popup stays quiet (no quick check asked) before the index is read. */
const QUIET_MS = 300;

let service: CheckService | null = null;
/** Quick checks waiting for IndexedDB, and the timer that reads the index once quiet. */
let quickInFlight = 0;
let quietTimer: ReturnType<typeof setTimeout> | undefined;
/** Lets the index read begin (set while loadAlertIndex waits for the moment). */
let indexWanted: (() => void) | null = null;
/** True once the index read began: before, a reload has nothing to read again. */
let indexStarted = false;

/** Reads the index now (a check needs it: a partial, or a quick check that could not answer). */
export function readIndexNow(): void {
  clearTimeout(quietTimer);
  indexWanted?.();
}

/** Reads the index once no quick check has been asked for QUIET_MS. */
function readIndexWhenQuiet(): void {
  clearTimeout(quietTimer);
  quietTimer = setTimeout(() => {
    if (quickInFlight === 0) readIndexNow();
  }, QUIET_MS);
}
let loading: Promise<Checker> | null = null;
// Open while the popup is: the quick check reads it.
let opened: Promise<AlertStore> | null = null;

/** Starts the quick check and the index worker (once per popup); resolves with the checker. */
export function loadAlertIndex(): Promise<Checker> {
  loading ??= (async () => {
    const reader = loadReader();
    const storeOpened = (opened ??= loadStore());
    // The worker starts now (its code loads and its store opens off this thread); the index is
    // read later.
    const checks = (service ??= startService());
    const wanted = new Promise<void>((go) => (indexWanted = go));
    // The quick check needs only the open store and the reader: it answers while the index loads.
    void Promise.all([reader, storeOpened])
      .then(([{ readIdentifier, displayOrders }, store]) => {
        performance.mark('umn:quick-check-ready');
        quickChecker.value = {
          read: readIdentifier,
          shown: displayOrders,
          async check(identifiers, now) {
            quickInFlight++;
            clearTimeout(quietTimer);
            try {
              const answer = await store.quickCheck(identifiers, now);
              // Not an answer (a partial, or too many candidates): the index is needed now.
              if (!answer?.complete) readIndexNow();
              return answer;
            } finally {
              if (--quickInFlight === 0) readIndexWhenQuiet();
            }
          },
        };
        readIndexWhenQuiet();
      })
      // No quick check: the index is the only answer.
      .catch(readIndexNow);
    const read = wanted.then(() => {
      indexStarted = true;
      return checks.start();
    });
    const [{ readIdentifier, displayOrders }] = await Promise.all([reader, read]);
    // A new object each time, so a check on screen asks again after a reload.
    const built: Checker = { read: readIdentifier, shown: displayOrders, check: checks.check };
    checker.value = built;
    performance.mark('umn:check-index-ready');
    return built;
  })();
  loading.catch(() => {
    // Asked again, everything starts afresh.
    loading = null;
    indexStarted = false;
    opened = null;
    service?.close();
    service = null;
  });
  return loading;
}

/** Reads the index again (a sync changed the alerts, or this device joined afresh). */
export function reloadAlertIndex(): Promise<Checker> {
  const running = service;
  if (!running) return loadAlertIndex();
  // Not read yet: when it is, it is read as it is now.
  if (!indexStarted && loading) return loading;
  loading = (async () => {
    const [{ readIdentifier, displayOrders }] = await Promise.all([loadReader(), running.reload()]);
    const built: Checker = { read: readIdentifier, shown: displayOrders, check: running.check };
    checker.value = built;
    return built;
  })();
  loading.catch(() => (loading = null));
  return loading;
}

/** Bumped whenever the alerts held change while the popup is open (lists read them again). */
export const alertsVersion = signal(0);

/**
 * Follows changes to the alerts while the popup is open (the service worker announces them,
 * background/alerts-changed.ts): the index is read again and the answer on screen is asked
 * again, so a retracted alert stops showing and a new one shows without reopening the popup.
 * Returns the function that stops following.
 */
export function followAlertChanges(): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, name: string) => {
    // Its removal is not a change to the alerts: "Leave and erase" clears the session, and
    // reading the alerts then would create their deleted database again.
    if (name !== 'session' || changes[ALERTS_CHANGED_KEY]?.newValue === undefined) return;
    alertsVersion.value++;
    // Only where checks are in use (not before joining).
    if (service) void reloadAlertIndex().catch(() => undefined);
    // A new quick checker asks again too, if the index is not read yet.
    if (quickChecker.value) quickChecker.value = { ...quickChecker.value };
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Forgets the index and stops its worker (the device left the network). */
export function dropAlertIndex(): void {
  clearTimeout(quietTimer);
  indexWanted = null;
  indexStarted = false;
  service?.close();
  service = null;
  // Closed, not only forgotten: an open connection would hold off the erase's deletion of it.
  void opened?.then((store) => store.close()).catch(() => undefined);
  opened = null;
  loading = null;
  checker.value = null;
  quickChecker.value = null;
}
