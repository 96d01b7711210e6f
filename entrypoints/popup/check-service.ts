import type { AlertStore, QuickAnswer } from '../../shared/alert-store.js';
import type { Identifier } from '../../shared/domain/codes.js';
import type { IndexChecks } from './stored-checker.js';

/**
 * The popup's checks over the stored check index, and the messages that carry them to and from
 * its index worker (index-worker.ts). Reading the index (a ~9 MB record at 100,000 alerts) and
 * verifying its checksum take a few hundred milliseconds of whichever thread does them; in the
 * worker, the popup's own thread stays free to paint and to answer the quick check meanwhile.
 * Where a worker cannot be started, the same service runs on the popup's thread.
 *
 * Nothing here leaves the extension: the worker reads the same IndexedDB as the popup.
 */

/** Checks, once the index is read. */
export interface CheckService {
  /**
   * Starts reading the index (once; a check starts it too) and resolves once it is read. Not at
   * creation: the read occupies IndexedDB for a while, and the popup lets a quick check go first.
   */
  start(): Promise<void>;
  /** See IndexChecks.check. */
  check(identifiers: readonly Identifier[], now: number): Promise<QuickAnswer>;
  /** Reads the index again (the alerts changed); resolves once read. */
  reload(): Promise<void>;
  /** Stops the service (its memory of the index goes with it). */
  close(): void;
}

/** Runs on this thread, over the store `openStore` opens. */
export function localCheckService(openStore: () => Promise<AlertStore>): CheckService {
  const opened = openStore();
  opened.catch(() => undefined);
  let checks: Promise<IndexChecks> | null = null;
  let ready: Promise<void> | null = null;
  const read = () => {
    // Loaded here, not at the top: the popup's first paint must not wait for the index code.
    const reading = opened.then(async (store) => {
      const { createIndexChecks } = await import('./stored-checker.js');
      return createIndexChecks(
        (await store.checkIndex()) ?? (await store.rebuildCheckIndex()),
        store,
      );
    });
    checks = reading;
    // Verified as soon as it is read, so a first "no reports" waits for nothing.
    ready = reading.then((loaded) => loaded.confirm());
    return ready;
  };
  const start = () => ready ?? read();
  return {
    start,
    async check(identifiers, now) {
      void start().catch(() => undefined);
      return (await checks!).check(identifiers, now);
    },
    reload: read,
    close: () =>
      void opened.then(
        (store) => store.close(),
        () => undefined,
      ),
  };
}

/** What the popup asks of the index worker. */
type Ask = { type: 'check'; identifiers: Identifier[]; now: number } | { type: 'start' | 'reload' };

/** A request to the index worker. */
export type CheckRequest = Ask & { id: number };

/** The index worker's reply to request `id`: its answer, or that it failed (nothing more). */
export type CheckReply = { id: number; ok: true; answer?: QuickAnswer } | { id: number; ok: false };

/** What the worker side needs of its global scope. */
export interface WorkerScope {
  onmessage: ((event: MessageEvent<CheckRequest>) => void) | null;
  postMessage(reply: CheckReply): void;
}

/** Serves requests arriving at `scope` from `service` (the worker's side). */
export function serveChecks(scope: WorkerScope, service: CheckService): void {
  scope.onmessage = ({ data }) => {
    const done =
      data.type === 'check'
        ? service.check(data.identifiers, data.now)
        : (data.type === 'start' ? service.start() : service.reload()).then(() => undefined);
    void done.then(
      (answer) => scope.postMessage({ id: data.id, ok: true, answer }),
      // Why is not sent: an error can name what was checked.
      () => scope.postMessage({ id: data.id, ok: false }),
    );
  };
}

/** What the popup's side needs of a worker. */
export interface WorkerPort {
  onmessage: ((event: MessageEvent<CheckReply>) => void) | null;
  onerror: ((event: ErrorEvent) => unknown) | null;
  postMessage(request: CheckRequest): void;
  terminate(): void;
}

/**
 * The service in `worker` (the popup's side). If the worker fails (it could not load, or it
 * stopped), every check waiting and every later one is answered by `fallback` instead, started
 * then: slower for the popup's thread, never a lost answer.
 */
export function workerCheckService(worker: WorkerPort, fallback: () => CheckService): CheckService {
  const waiting = new Map<number, (reply: CheckReply | null) => void>();
  let next = 0;
  let local: CheckService | null = null;

  const failed = () => {
    local ??= fallback();
    worker.terminate();
    for (const settle of waiting.values()) settle(null);
    waiting.clear();
  };
  worker.onerror = failed;
  worker.onmessage = ({ data }) => {
    waiting.get(data.id)?.(data);
    waiting.delete(data.id);
  };

  // Sent to the worker; null when it failed, and then `local` has taken over.
  const ask = (request: Ask): Promise<CheckReply | null> => {
    if (local) return Promise.resolve(null);
    const id = next++;
    return new Promise((settle) => {
      waiting.set(id, settle);
      worker.postMessage({ ...request, id });
    });
  };
  const read = async (type: 'start' | 'reload'): Promise<void> => {
    const reply = await ask({ type });
    if (reply?.ok) return;
    if (reply) throw new Error('the check index could not be read');
    await local!.start();
  };
  let started: Promise<void> | null = null;

  return {
    start: () => (started ??= read('start')),
    async check(identifiers, now) {
      const reply = await ask({ type: 'check', identifiers: [...identifiers], now });
      if (reply?.ok && reply.answer) return reply.answer;
      if (reply) throw new Error('the check could not be answered');
      return local!.check(identifiers, now);
    },
    reload: () => (local ? local.reload() : read('reload')),
    close() {
      worker.terminate();
      local?.close();
      for (const [id, settle] of waiting) settle({ id, ok: false });
      waiting.clear();
    },
  };
}
