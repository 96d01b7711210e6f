import type { RelayStore } from './relay-store.js';

/** The error a store call raises when its database did not answer in time. */
export class StoreTimeoutError extends Error {
  /** Read by the app's error handler, which answers 503 `unavailable`. */
  readonly code = 'STORE_TIMEOUT';

  constructor() {
    super('The database did not answer in time.');
    this.name = 'StoreTimeoutError';
  }
}

/**
 * Gives every call of a network store (PostgreSQL) a deadline. A database that refuses
 * connections fails fast on its own, but one whose route is black-holed (no reset, no answer)
 * would leave requests waiting forever: postgres.js has no query deadline. With this wrapper the
 * caller gets StoreTimeoutError after `ms` and the client a 503 it can retry.
 *
 * The call itself is not cancelled: a report whose insert lands after the deadline is stored,
 * and the reporter's outbox resend is then answered 200 with the first receipt (reports are
 * idempotent by id), so nothing is lost or duplicated.
 */
export function withDeadline(store: RelayStore, ms: number): RelayStore {
  const bounded = <T>(call: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreTimeoutError()), ms);
    });
    return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
  };

  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      // close() and listener registration are local bookkeeping: no deadline.
      if (property === 'close' || property === 'onAlertsChanged') return value.bind(target);
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise ? bounded(result) : result;
      };
    },
  });
}
