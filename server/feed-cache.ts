/**
 * Recently served alert-feed pages, as UTF-8 JSON bytes (encoded once, not per request). Members cold-syncing all ask for the same
 * pages (`after=0`, then the next cursors), and alerts never change once stored, so a page stays
 * right until a new alert is stored (the hub's last seq moves) or one of its alerts expires.
 * Bounded: when full it is emptied, so memory stays at most `maxPages` pages.
 */
export class FeedCache {
  readonly #pages = new Map<string, { body: Uint8Array; lastSeq: number; validUntil: number }>();
  readonly #maxPages: number;

  constructor(maxPages = 64) {
    this.#maxPages = maxPages;
  }

  /** The cached body for this page, if still right at `now` with the hub at `lastSeq`. */
  get(after: number, limit: number, lastSeq: number, now: number): Uint8Array | undefined {
    const page = this.#pages.get(`${after}:${limit}`);
    if (!page) return undefined;
    if (page.lastSeq === lastSeq && page.validUntil > now) return page.body;
    this.#pages.delete(`${after}:${limit}`);
    return undefined;
  }

  /** Remembers a page body valid until `validUntil` (its first expiry) or `lastSeq` moves. */
  set(after: number, limit: number, lastSeq: number, validUntil: number, body: Uint8Array): void {
    if (this.#pages.size >= this.#maxPages) this.#pages.clear();
    this.#pages.set(`${after}:${limit}`, { body, lastSeq, validUntil });
  }
}
