/**
 * Group commit: writes that arrive while the event loop is busy are collected and committed in
 * one transaction, and each caller's promise settles only after that commit. A report is still
 * acknowledged only once it is durable; the disk just sees one commit per batch instead of one
 * per report (on this class of VM: ~57 µs per lone SQLite insert, ~17 µs in batches of 32).
 *
 * One batch is written at a time; under load the next batch grows while the current one commits,
 * so batches size themselves to the load. `maxBatch` bounds one transaction.
 */
export class WriteBatcher<Item, Result> {
  readonly #write: (items: Item[]) => Promise<Result[]> | Result[];
  readonly #maxBatch: number;
  #pending: { item: Item; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];
  #scheduled = false;
  #writing = false;

  constructor(write: (items: Item[]) => Promise<Result[]> | Result[], maxBatch = 256) {
    this.#write = write;
    this.#maxBatch = maxBatch;
  }

  /** Queues one write; resolves with its result once its batch committed. */
  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#writing) return;
    this.#scheduled = true;
    // setImmediate runs after the current round of I/O callbacks: every request whose body has
    // arrived in this round joins the batch.
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#pending.splice(0, this.#maxBatch);
    if (batch.length === 0) return;
    this.#writing = true;
    try {
      const results = await this.#write(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => entry.resolve(results[i]!));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      this.#writing = false;
      if (this.#pending.length > 0) this.#schedule();
    }
  }
}
