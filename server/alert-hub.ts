import type { EventLog } from './event-log.js';
import type { RelayStore, StoredAlert } from './store/relay-store.js';

const PAGE = 200;

/**
 * Fans new alerts out to this process's live streams (SSE and WebSocket). The store says when
 * alerts may have changed (in-process for SQLite, LISTEN/NOTIFY for PostgreSQL, so every relay
 * process sharing a database hears every publish); the hub then reads what is new since the last
 * seq it delivered, in order, and hands each alert to every subscriber once.
 */
export class AlertHub {
  readonly #store: RelayStore;
  readonly #log: EventLog;
  readonly #now: () => number;
  readonly #subscribers = new Set<(alert: StoredAlert) => void>();
  #lastSeq = 0;
  #pumping: Promise<void> | null = null;
  #again: Promise<void> | null = null;
  #stop: (() => void) | null = null;

  constructor(store: RelayStore, log: EventLog, now: () => number) {
    this.#store = store;
    this.#log = log;
    this.#now = now;
  }

  /** Starts listening to the store from its current last seq. */
  async start(): Promise<void> {
    this.#lastSeq = await this.#store.lastAlertSeq();
    this.#stop = this.#store.onAlertsChanged(() => void this.pump());
  }

  /** Stops listening and forgets subscribers. */
  stop(): void {
    this.#stop?.();
    this.#subscribers.clear();
  }

  /** The last seq delivered: where a stream without a cursor starts. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** How many live streams are subscribed. */
  get size(): number {
    return this.#subscribers.size;
  }

  /** Subscribes to new alerts; returns the function that unsubscribes. */
  subscribe(deliver: (alert: StoredAlert) => void): () => void {
    this.#subscribers.add(deliver);
    return () => this.#subscribers.delete(deliver);
  }

  /**
   * Reads and delivers whatever is new. Calls during a pass collapse into one more pass, and
   * every caller's promise resolves only after a pass that started after its call.
   */
  pump(): Promise<void> {
    if (this.#pumping) {
      this.#again ??= this.#pumping.then(() => {
        this.#again = null;
        return this.pump();
      });
      return this.#again;
    }
    this.#pumping = this.#drain().finally(() => {
      this.#pumping = null;
    });
    return this.#pumping;
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        const page = await this.#store.listAlerts(this.#lastSeq, PAGE, this.#now());
        for (const alert of page) {
          this.#lastSeq = alert.seq;
          for (const deliver of this.#subscribers) deliver(alert);
        }
        if (page.length < PAGE) return;
      }
    } catch {
      // One failed read must not stop the hub; the next change signal (or a client's resume
      // from its own cursor) catches up.
      this.#log.event('warn', 'alert-hub-read-failed');
    }
  }
}
