import type { EventLog } from './event-log.js';

/**
 * Counts answers by status class and logs one `traffic` event per interval instead of a line per
 * request: an operator sees load and error rates, and the log holds no per-request timing that
 * could be matched against a reporter's connection.
 */
export class TrafficCounter {
  #counts = { ok: 0, clientError: 0, rateLimited: 0, serverError: 0 };
  readonly #timer: NodeJS.Timeout;

  constructor(log: EventLog, intervalMs = 60_000) {
    this.#timer = setInterval(() => this.flush(log), intervalMs);
    this.#timer.unref();
  }

  /** Counts one answer. */
  count(status: number): void {
    if (status === 429) this.#counts.rateLimited++;
    else if (status >= 500) this.#counts.serverError++;
    else if (status >= 400) this.#counts.clientError++;
    else this.#counts.ok++;
  }

  /** Logs and resets the counts (nothing when there was no traffic). */
  flush(log: EventLog): void {
    const counts = this.#counts;
    if (counts.ok + counts.clientError + counts.rateLimited + counts.serverError === 0) return;
    log.event('info', 'traffic', counts);
    this.#counts = { ok: 0, clientError: 0, rateLimited: 0, serverError: 0 };
  }

  /** Stops the interval. */
  stop(): void {
    clearInterval(this.#timer);
  }
}
