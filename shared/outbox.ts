import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ReportEnvelope } from './protocol/report-envelope.js';
import type { RelayClient } from './relay-client.js';
import { createLogger } from './logger.js';

/**
 * The report outbox (DESIGN.md invariant 5: nothing a reporter writes is lost). A report is
 * sealed, stored here, and only then sent; it is removed only after the relay acknowledged it.
 * Sending uses the report id as the relay's idempotency key, so a retry after a lost answer, a
 * second tab flushing at the same time, or a page reopened after a crash never makes a duplicate.
 *
 * Only sealed envelopes are stored: the outbox holds nothing a shared device could show.
 */

/** One report waiting in (or just leaving) the outbox. */
export interface OutboxEntry {
  /** The report id (also the envelope id and the idempotency key). */
  id: string;
  envelope: ReportEnvelope;
  queuedAt: number;
  attempts: number;
  /** Earliest time (ms) of the next automatic attempt. */
  nextAttemptAt: number;
  /** The relay's error code of the last failed attempt (`offline`, `rate-limited`, ...). */
  lastError: string;
}

/** What one flush did. */
export interface FlushResult {
  /** Ids the relay acknowledged during this flush (now removed). */
  delivered: string[];
  /** Entries still waiting after this flush. */
  waiting: number;
}

/** How the outbox reaches the relay: just the one call it needs. */
export type ReportSender = Pick<RelayClient, 'submitReport'>;

/** Options for createOutbox. */
export interface OutboxOptions {
  /** The relay to send to. */
  relay: ReportSender;
  /** IndexedDB database name (default `umn-outbox`); tests use a fresh one each. */
  dbName?: string;
  /** Clock (tests). */
  now?: () => number;
  /** Delay before retry number `attempt` (1-based), in ms. Default: backoffDelay. */
  backoff?: (attempt: number) => number;
}

/** A persistent outbox. */
export interface Outbox {
  /** Stores a sealed report. Resolves once it is on disk; sending is a separate step. */
  add(envelope: ReportEnvelope): Promise<void>;
  /**
   * Sends every waiting report whose retry time has come (all of them with `force`). Never
   * throws for relay trouble: failures are recorded and rescheduled.
   */
  flush(options?: { force?: boolean }): Promise<FlushResult>;
  /** The reports still waiting. */
  waiting(): Promise<OutboxEntry[]>;
  /**
   * Flushes now, again when each retry falls due, and whenever the browser comes back online.
   * Returns a function that stops the schedule.
   */
  start(): () => void;
  /** Calls `listener` after each flush (e.g. to show "1 report waiting"); returns unsubscribe. */
  subscribe(listener: (result: FlushResult) => void): () => void;
  /** Closes the database (tests, page teardown). */
  close(): void;
}

interface OutboxSchema extends DBSchema {
  reports: { key: string; value: OutboxEntry };
}

const log = createLogger('outbox');

/** Exponential backoff with jitter: about 2 s, 4 s, 8 s ... capped at 5 minutes. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 1_000 * 2 ** Math.max(1, attempt));
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * The relay client's RelayError, read by shape rather than instanceof: the outbox must not
 * import the relay client (ky) or it would grow the widget's first load.
 */
function describeFailure(cause: unknown): { code: string; retryable: boolean } {
  const failure = cause as { name?: unknown; code?: unknown; retryable?: unknown } | null;
  if (failure?.name === 'RelayError' && typeof failure.code === 'string') {
    return { code: failure.code, retryable: failure.retryable === true };
  }
  return { code: 'unexpected', retryable: true };
}

/** Opens (creating if needed) the outbox in IndexedDB. */
export function createOutbox(options: OutboxOptions): Outbox {
  const now = options.now ?? Date.now;
  const backoff = options.backoff ?? ((attempt: number) => backoffDelay(attempt));
  let database: Promise<IDBPDatabase<OutboxSchema>> | undefined;
  let flushing: Promise<FlushResult> | undefined;
  const listeners = new Set<(result: FlushResult) => void>();

  const db = () =>
    (database ??= openDB<OutboxSchema>(options.dbName ?? 'umn-outbox', 1, {
      upgrade(upgrading) {
        upgrading.createObjectStore('reports', { keyPath: 'id' });
      },
    }));

  async function add(envelope: ReportEnvelope): Promise<void> {
    const store = (await db()).transaction('reports', 'readwrite').store;
    const existing = await store.get(envelope.id);
    if (existing) return; // Already queued: keep the first envelope, the relay has it or will.
    const at = now();
    await store.put({
      id: envelope.id,
      envelope,
      queuedAt: at,
      attempts: 0,
      nextAttemptAt: at,
      lastError: '',
    });
  }

  async function sendOne(entry: OutboxEntry): Promise<boolean> {
    try {
      await options.relay.submitReport(entry.envelope);
    } catch (cause) {
      // 409 duplicate-id: the relay already holds a report under this id from this device (a
      // draft re-sent after a crash); it was delivered, so it leaves the outbox.
      const { code, retryable } = describeFailure(cause);
      if (code === 'duplicate-id') {
        await (await db()).delete('reports', entry.id);
        return true;
      }
      const attempts = entry.attempts + 1;
      // A non-retryable answer (a malformed envelope, an unknown scheme) is kept and retried
      // slowly rather than dropped: the reporter's words outlive a relay misconfiguration.
      const delay = retryable ? backoff(attempts) : Math.max(backoff(attempts), 3_600_000);
      await (
        await db()
      ).put('reports', {
        ...entry,
        attempts,
        lastError: code,
        nextAttemptAt: now() + delay,
      });
      log.debug('send-failed', { code, attempts });
      return false;
    }
    await (await db()).delete('reports', entry.id);
    log.debug('delivered');
    return true;
  }

  async function flushOnce(force: boolean): Promise<FlushResult> {
    const entries = await (await db()).getAll('reports');
    const delivered: string[] = [];
    for (const entry of entries) {
      if (!force && entry.nextAttemptAt > now()) continue;
      if (await sendOne(entry)) delivered.push(entry.id);
    }
    const waiting = await (await db()).count('reports');
    const result = { delivered, waiting };
    for (const listener of listeners) listener(result);
    return result;
  }

  function flush({ force = false } = {}): Promise<FlushResult> {
    // One flush at a time in this page; a second caller shares the running one.
    flushing ??= flushOnce(force).finally(() => {
      flushing = undefined;
      void schedule();
    });
    return flushing;
  }

  async function waiting(): Promise<OutboxEntry[]> {
    return (await db()).getAll('reports');
  }

  // The retry schedule of a started outbox: one timer, set for the earliest due entry.
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function schedule(): Promise<void> {
    if (!started) return;
    const entries = await waiting();
    clearTimeout(timer);
    if (!started || entries.length === 0) return;
    const next = Math.min(...entries.map((e) => e.nextAttemptAt));
    timer = setTimeout(
      () => void flush().catch(() => log.error('flush-failed')),
      Math.max(0, next - now()),
    );
  }

  function start(): () => void {
    const online = () => void flush({ force: true }).catch(() => log.error('flush-failed'));
    started = true;
    globalThis.addEventListener?.('online', online);
    void flush().catch(() => log.error('flush-failed'));
    return () => {
      started = false;
      clearTimeout(timer);
      globalThis.removeEventListener?.('online', online);
    };
  }

  function close(): void {
    void database?.then((d) => d.close());
    database = undefined;
  }

  function subscribe(listener: (result: FlushResult) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { add, flush, waiting, start, subscribe, close };
}
