import { createHmac, randomBytes } from 'node:crypto';

/**
 * Rate limits for anonymous requests that never store who sent them.
 *
 * A client is known only by a keyed hash of its address, with a key made at start-up that lives
 * only in this process's memory: the hash cannot be reversed, nor linked to anything after a
 * restart. Buckets live in memory and are swept when full; nothing is written to disk or logged.
 */

/** One limit: a burst size and a steady rate. */
export interface RateRule {
  /** Requests allowed at once. */
  burst: number;
  /** Requests added back per minute. */
  perMinute: number;
}

/** The limits per kind of request. */
export interface RateRules {
  /** Report submissions. */
  report: RateRule;
  /** Invite redemptions (guessing codes). */
  redeem: RateRule;
  /** Everything else anonymous: feeds, streams, vault and reply reads. */
  read: RateRule;
}

/** Defaults sized for shared addresses (a drop-in centre's wifi, mobile carrier NAT). */
export const DEFAULT_RATE_RULES: RateRules = {
  report: { burst: 60, perMinute: 60 },
  redeem: { burst: 20, perMinute: 10 },
  read: { burst: 600, perMinute: 600 },
};

const MAX_CLIENTS = 100_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** In-memory token buckets keyed by a keyed hash of the client address. */
export class RateLimiter {
  readonly #key = randomBytes(32);
  readonly #rules: RateRules;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(rules: RateRules = DEFAULT_RATE_RULES, now: () => number = Date.now) {
    this.#rules = rules;
    this.#now = now;
  }

  /** Takes one token for `address` under `kind`; false when the client must wait. */
  take(kind: keyof RateRules, address: string): boolean {
    const rule = this.#rules[kind];
    const key = kind + ':' + createHmac('sha256', this.#key).update(address).digest('base64url');
    const now = this.#now();
    const bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= MAX_CLIENTS) this.#sweep(now);
      this.#buckets.set(key, { tokens: rule.burst - 1, updatedAt: now });
      return rule.burst >= 1;
    }

    const refill = ((now - bucket.updatedAt) * rule.perMinute) / 60_000;
    bucket.tokens = Math.min(rule.burst, bucket.tokens + refill);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** How many clients are tracked (for tests and stats). */
  get size(): number {
    return this.#buckets.size;
  }

  // Drops buckets that have refilled (they hold no information worth keeping); if an attacker
  // with many addresses keeps them all busy, drops everything rather than grow without bound.
  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      const rule = this.#rules[key.slice(0, key.indexOf(':')) as keyof RateRules];
      const tokens = bucket.tokens + ((now - bucket.updatedAt) * rule.perMinute) / 60_000;
      if (tokens >= rule.burst) this.#buckets.delete(key);
    }
    if (this.#buckets.size >= MAX_CLIENTS) this.#buckets.clear();
  }
}
