import type { DeviceEnrolmentEnvelope } from '../../shared/protocol/device-enrolment.js';
import type { KeyGrantEnvelope } from '../../shared/protocol/key-grant.js';
import { textOf } from './envelope-columns.js';

/**
 * Device enrolments and key grants (members' key rotation, docs/api.md "Members' key rotation")
 * as both stores keep them: raw bytes for the sealed parts, turned back into their wire form
 * here so SQLite and PostgreSQL answer the same.
 */

/** An enrolment as staff list it: the invite it came under, the sealed envelope, when. */
export interface StoredEnrolment {
  invite: string;
  envelope: DeviceEnrolmentEnvelope;
  enrolledAt: number;
}

/** A key grant waiting for its recipient; `id` is what the recipient acknowledges. */
export interface StoredGrant {
  id: number;
  envelope: KeyGrantEnvelope;
}

/** The outcome of storing an enrolment. */
export type EnrolmentPut = 'stored' | 'existing' | 'conflict' | 'no-invite';

/** Columns of a stored enrolment. */
export interface EnrolmentColumns {
  invite: string;
  scheme: string;
  epk: Uint8Array;
  nonce: Uint8Array;
  box: Uint8Array;
  enrolled_at: number;
}

/** Columns of a stored grant. */
export interface GrantColumns {
  seq: number;
  scheme: string;
  recipient: string;
  epk: Uint8Array;
  nonce: Uint8Array;
  box: Uint8Array;
  signature: Uint8Array;
}

/** An enrolment from its stored columns. */
export function enrolmentFromColumns(row: EnrolmentColumns): StoredEnrolment {
  return {
    invite: row.invite,
    enrolledAt: Number(row.enrolled_at),
    envelope: {
      v: 1,
      scheme: row.scheme,
      epk: textOf(row.epk),
      nonce: textOf(row.nonce),
      box: textOf(row.box),
    },
  };
}

/** A grant from its stored columns. */
export function grantFromColumns(row: GrantColumns): StoredGrant {
  return {
    id: Number(row.seq),
    envelope: {
      v: 1,
      scheme: row.scheme,
      recipient: row.recipient,
      epk: textOf(row.epk),
      nonce: textOf(row.nonce),
      box: textOf(row.box),
      signature: textOf(row.signature),
    },
  };
}

/** True when two enrolment envelopes are the same bytes (a retried post, not a second one). */
export function sameEnrolment(row: EnrolmentColumns, envelope: DeviceEnrolmentEnvelope): boolean {
  const stored = enrolmentFromColumns(row).envelope;
  return (
    stored.scheme === envelope.scheme &&
    stored.epk === envelope.epk &&
    stored.nonce === envelope.nonce &&
    stored.box === envelope.box
  );
}
