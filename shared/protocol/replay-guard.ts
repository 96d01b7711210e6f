import { isInt } from '../encoding/shape.js';
import {
  REQUEST_WINDOW,
  verifyRequest,
  type RequestCheck,
  type RequestFacts,
} from './signed-request.js';

/**
 * Remembers the nonces of signed requests so each is accepted once (the relay's replay store).
 * verifyRequest refuses a request whose time is more than REQUEST_WINDOW from the relay's clock,
 * so a nonce need only be remembered until its request's time plus the window: after that the
 * request is stale anyway. Record a nonce only after its signature verified, so strangers cannot
 * fill the store.
 *
 * This one lives in memory, which is right for one relay process; a relay with several
 * processes keeps the same rule in its database: a unique (scheme, nonce) row deleted after
 * `time + REQUEST_WINDOW`.
 */
export interface ReplayGuard {
  /**
   * Records a verified request's nonce. True the first time; false for a nonce seen before,
   * a request outside the window, or when the store is full (fail closed, never forget early).
   */
  accept(scheme: string, nonce: string, time: number, now?: number): boolean;
  /** How many nonces are remembered. */
  size(): number;
}

/** Creates an in-memory replay guard. */
export function createReplayGuard(
  options: { window?: number; maxEntries?: number } = {},
): ReplayGuard {
  const window = options.window ?? REQUEST_WINDOW;
  const maxEntries = options.maxEntries ?? 1_000_000;
  if (!isInt(window, 1) || !isInt(maxEntries, 1)) {
    throw new RangeError('createReplayGuard: window and maxEntries must be positive integers');
  }

  // Insertion order is not expiry order (clocks differ by up to the window), so pruning scans.
  const forgetAt = new Map<string, number>();
  let nextPrune = 0;

  function prune(now: number): void {
    for (const [key, until] of forgetAt) if (until < now) forgetAt.delete(key);
    nextPrune = now + Math.min(window, 60_000);
  }

  return {
    accept(scheme, nonce, time, now = Date.now()) {
      if (typeof scheme !== 'string' || typeof nonce !== 'string' || !isInt(time)) {
        throw new TypeError('ReplayGuard.accept: scheme, nonce and time are required');
      }
      if (Math.abs(now - time) > window) return false;
      if (now >= nextPrune || forgetAt.size >= maxEntries) prune(now);

      const key = `${scheme}\n${nonce}`;
      if (forgetAt.has(key) || forgetAt.size >= maxEntries) return false;
      forgetAt.set(key, time + window);
      return true;
    },
    size: () => forgetAt.size,
  };
}

/**
 * verifyRequest followed by the replay guard: the whole check a relay route needs. A replayed
 * request (same scheme and nonce, correctly signed) is refused as 'replayed'.
 */
export async function verifyRequestOnce(
  facts: RequestFacts,
  header: (name: string) => string | undefined,
  lookupKey: (scheme: string) => Uint8Array | undefined,
  guard: ReplayGuard,
  now = Date.now(),
): Promise<RequestCheck | { ok: false; reason: 'replayed' }> {
  const check = await verifyRequest(facts, header, lookupKey, now);
  if (!check.ok) return check;
  return guard.accept(check.scheme, check.nonce, check.time, now)
    ? check
    : { ok: false, reason: 'replayed' };
}
