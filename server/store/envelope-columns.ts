import type { AlertEnvelope } from '../../shared/protocol/alert-envelope.js';
import type { ReplyEnvelope } from '../../shared/protocol/receipt.js';
import type { ReportEnvelope } from '../../shared/protocol/report-envelope.js';
import type { JournalRecord } from '../../shared/protocol/staff-journal.js';

/**
 * Envelopes are stored as raw bytes (a quarter smaller than base64) and turned back into their
 * wire form when read. Inputs were already checked to be canonical unpadded base64url by
 * shared/protocol, so decoding and re-encoding gives back the exact text that was signed.
 */

/** Raw bytes of a base64url value that has already passed the protocol's shape checks. */
export function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}

/** Unpadded base64url of stored bytes. */
export function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Columns of a stored report. */
export interface ReportColumns {
  scheme: string;
  id: string;
  epk: Uint8Array;
  nonce: Uint8Array;
  box: Uint8Array;
}

/** A report envelope from its stored columns. */
export function reportFromColumns(row: ReportColumns): ReportEnvelope {
  return {
    v: 1,
    scheme: row.scheme,
    id: row.id,
    epk: textOf(row.epk),
    nonce: textOf(row.nonce),
    box: textOf(row.box),
  };
}

/** True when stored columns hold exactly this envelope (idempotent resubmission). */
export function sameReport(row: ReportColumns, envelope: ReportEnvelope): boolean {
  return (
    textOf(row.epk) === envelope.epk &&
    textOf(row.nonce) === envelope.nonce &&
    textOf(row.box) === envelope.box
  );
}

/** Columns of a stored alert. */
export interface AlertColumns {
  scheme: string;
  epoch: number;
  expires_at: number;
  nonce: Uint8Array;
  box: Uint8Array;
  signature: Uint8Array;
}

/** An alert envelope from its stored columns. */
export function alertFromColumns(row: AlertColumns): AlertEnvelope {
  return {
    v: 1,
    scheme: row.scheme,
    epoch: row.epoch,
    expiresAt: row.expires_at,
    nonce: textOf(row.nonce),
    box: textOf(row.box),
    signature: textOf(row.signature),
  };
}

/** Columns of a stored reply. */
export interface ReplyColumns {
  epk: Uint8Array;
  nonce: Uint8Array;
  box: Uint8Array;
}

/** A reply envelope from its stored columns. */
export function replyFromColumns(row: ReplyColumns): ReplyEnvelope {
  return { v: 1, epk: textOf(row.epk), nonce: textOf(row.nonce), box: textOf(row.box) };
}

/** Columns of a stored staff journal entry. */
export interface JournalColumns {
  seq: number;
  previous: string;
  link: string;
  nonce: Uint8Array;
  box: Uint8Array;
}

/** A stored journal entry as the API lists it. */
export function journalFromColumns(row: JournalColumns): JournalRecord {
  return {
    seq: Number(row.seq),
    previous: row.previous,
    link: row.link,
    envelope: { v: 1, nonce: textOf(row.nonce), box: textOf(row.box) },
  };
}
