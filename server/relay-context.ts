import type { AlertHub } from './alert-hub.js';
import type { DirectoryState } from './directory-state.js';
import type { EventLog } from './event-log.js';
import type { RateLimiter } from './rate-limit.js';
import type { RelayStore } from './store/relay-store.js';

/** Everything a route needs, built once per relay by relay.ts. */
export interface RelayContext {
  store: RelayStore;
  directory: DirectoryState;
  hub: AlertHub;
  limiter: RateLimiter;
  log: EventLog;
  /** The relay's clock (ms); tests move it to check expiry and retention. */
  now: () => number;
  /**
   * When true the client address is the last hop of X-Forwarded-For (the reverse proxy's view);
   * otherwise the socket's peer. Either way it is only hashed for rate limiting, never kept.
   */
  trustProxy: boolean;
  /** Version string served by /v1/health. */
  version: string;
}

/** Largest request bodies per endpoint (bytes), from the protocol's own size caps. */
export const BODY_LIMITS = {
  // 65,536-byte bucket + box overhead in base64 is 87,403 characters; fields add < 300.
  report: 96 * 1024,
  // 16,384-byte alert box in base64 is 21,846 characters.
  alert: 24 * 1024,
  invite: 24 * 1024,
  reply: 24 * 1024,
  vault: 12 * 1024,
  ack: 32 * 1024,
  // 64 tokens of 22 characters with quotes and commas is about 1.6 KB.
  match: 4 * 1024,
  // A 32,768-byte journal bucket + tag in base64 is 43,712 characters; fields add < 200.
  journal: 48 * 1024,
  // 100 key grants of about 900 base64url characters each, with their field names.
  grants: 120 * 1024,
  enrolment: 2 * 1024,
  // 100 grant ids.
  grantAck: 4 * 1024,
  empty: 1024,
} as const;
