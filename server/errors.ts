import type { Context } from 'hono';

/**
 * The relay's stable error codes (docs/api.md). Clients branch on the code; the message is plain
 * words for a person and never carries an identifier, a key or an address.
 */
export type ErrorCode =
  | 'bad-json'
  | 'bad-request'
  | 'too-large'
  | 'unsigned'
  | 'stale'
  | 'bad-signature'
  | 'replayed'
  | 'unknown-scheme'
  | 'scheme-suspended'
  | 'scheme-mismatch'
  | 'duplicate-id'
  | 'stale-head'
  | 'not-found'
  | 'invite-unknown'
  | 'invite-used'
  | 'invite-expired'
  | 'rate-limited'
  | 'timeout'
  | 'unavailable'
  | 'internal';

/** HTTP status of each code. */
export const ERROR_STATUS = {
  'bad-json': 400,
  'bad-request': 400,
  'too-large': 413,
  unsigned: 401,
  stale: 401,
  'bad-signature': 401,
  replayed: 409,
  'unknown-scheme': 404,
  'scheme-suspended': 403,
  'scheme-mismatch': 403,
  'duplicate-id': 409,
  'stale-head': 409,
  'not-found': 404,
  'invite-unknown': 404,
  'invite-used': 410,
  'invite-expired': 410,
  'rate-limited': 429,
  timeout: 408,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, number>;

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** An error answer as a plain object (for the WebSocket upgrade path, which has no Context). */
export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Answers a request with an error code and a plain message. */
export function fail(c: Context, code: ErrorCode, message: string): Response {
  return c.json(errorBody(code, message), ERROR_STATUS[code]);
}
