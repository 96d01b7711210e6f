import type { AlertEnvelope } from '../../shared/protocol/alert-envelope.js';
import type { SignedDirectory } from '../../shared/protocol/directory.js';
import type { InviteRecord } from '../../shared/protocol/invite.js';
import type { ReplyEnvelope } from '../../shared/protocol/receipt.js';
import type { ReportEnvelope } from '../../shared/protocol/report-envelope.js';
import type { JournalRecord } from '../../shared/protocol/staff-journal.js';
import type { StaffVault } from '../../shared/protocol/staff-vault.js';
import type { DeviceEnrolmentEnvelope } from '../../shared/protocol/device-enrolment.js';
import type { KeyGrantEnvelope } from '../../shared/protocol/key-grant.js';
import type { EnrolmentPut, StoredEnrolment, StoredGrant } from './membership-columns.js';

export type { EnrolmentPut, StoredEnrolment, StoredGrant } from './membership-columns.js';

/**
 * The one storage interface of the relay, implemented by sqlite-store.ts (the default, a file)
 * and postgres-store.ts (DATABASE_URL). Both are driven by the same test suite
 * (tests/relay/*.test.ts run once per backend).
 *
 * What is stored is only what docs/api.md needs: envelopes, routing ids (scheme, report id,
 * invite id, receipt id, staff vault id), sequence numbers and timestamps. No address, no user
 * agent, no plaintext: the relay never holds a key that opens anything it stores.
 *
 * Every method either does all of its work or none of it (one transaction), so a failure stores
 * nothing.
 */
export interface RelayStore {
  /** Which engine this is, for logs and stats. */
  readonly kind: 'sqlite' | 'postgres';

  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;

  /** Closes connections and listeners. */
  close(): Promise<void>;

  /** The highest stored directory version, or 0 when none is stored. */
  directoryVersion(): Promise<number>;

  /** The stored directory with the highest version, or null. */
  latestDirectory(): Promise<SignedDirectory | null>;

  /**
   * Stores a signed directory. Returns false (and stores nothing) when its version is not higher
   * than every stored one: the version only goes up.
   */
  putDirectory(signed: SignedDirectory): Promise<boolean>;

  /**
   * Records a signed request's nonce. Returns false when the nonce was seen before for this
   * scheme (a replay). `time` is the request's own timestamp, used to prune old nonces.
   */
  useNonce(scheme: string, nonce: string, time: number): Promise<boolean>;

  /** Stores a sealed report once per (scheme, id); see {@link ReportPut}. */
  putReport(envelope: ReportEnvelope, receivedAt: number): Promise<ReportPut>;

  /** A scheme's stored reports with seq > `after`, oldest first. */
  listReports(scheme: string, after: number, limit: number): Promise<StoredReport[]>;

  /** Marks reports acknowledged (first time only); returns how many were newly acknowledged. */
  ackReports(scheme: string, ids: readonly string[], now: number): Promise<number>;

  /** Stores a verified alert envelope; returns its seq. */
  putAlert(envelope: AlertEnvelope, now: number): Promise<number>;

  /** Alerts with seq > `after` that have not expired at `now`, ordered by seq. */
  listAlerts(after: number, limit: number, now: number): Promise<StoredAlert[]>;

  /** The highest alert seq (0 when none): where a live stream starts without a cursor. */
  lastAlertSeq(): Promise<number>;

  /** Stores an invite; false when an invite with this id already exists. */
  putInvite(record: InviteRecord, now: number): Promise<boolean>;

  /** A scheme's invites, newest first, without their encrypted grant. */
  listInvites(scheme: string): Promise<InviteSummary[]>;

  /** Deletes an unredeemed invite of this scheme; false when there is none. */
  revokeInvite(scheme: string, id: string): Promise<boolean>;

  /** Redeems an invite once: returns the grant and forgets it; see {@link InviteRedemption}. */
  redeemInvite(id: string, now: number): Promise<InviteRedemption>;

  /** Stores a scheme's reply under a receipt id; returns its seq. */
  putReply(
    receiptId: string,
    scheme: string,
    envelope: ReplyEnvelope,
    now: number,
  ): Promise<number>;

  /** How many replies a receipt already holds (the relay caps it). */
  countReplies(receiptId: string): Promise<number>;

  /** Replies stored under a receipt id, oldest first. */
  listReplies(receiptId: string): Promise<StoredReply[]>;

  /** A scheme's staff vaults. */
  listVaults(scheme: string): Promise<StaffVault[]>;

  /** Adds or replaces a staff vault (keyed by scheme and staff id). */
  putVault(vault: StaffVault): Promise<void>;

  /** Deletes a staff vault; false when there was none. */
  deleteVault(scheme: string, staff: string): Promise<boolean>;

  /** Replaces every vault of a scheme with `vault` (the operator's re-key). */
  replaceVaults(scheme: string, vault: StaffVault): Promise<void>;

  /**
   * Stores the blind matching tokens a scheme holds for one unpublished report under `ref` (a
   * random id, never the report id), replacing any set already stored under that ref. Returns
   * false, storing nothing, when the scheme already holds `maxRefs` other unexpired refs.
   */
  putMatchTokens(
    scheme: string,
    ref: string,
    tokens: readonly string[],
    expiresAt: number,
    now: number,
    maxRefs: number,
  ): Promise<boolean>;

  /** Withdraws a scheme's tokens stored under `ref`; false when there were none. */
  deleteMatchTokens(scheme: string, ref: string): Promise<boolean>;

  /**
   * For each of `tokens` held by schemes OTHER than `scheme` and not expired at `now`: the token
   * and those schemes (sorted, each once). Tokens nobody else holds are left out; refs never leave.
   */
  findMatches(scheme: string, tokens: readonly string[], now: number): Promise<MatchHit[]>;

  /**
   * Appends an entry to a scheme's staff journal when `previous` is the link of its last entry
   * (JOURNAL_GENESIS for an empty journal), so the chain stays linear; see {@link JournalAppend}.
   * `link` is computed by the caller from `previous` and the envelope.
   */
  appendJournal(
    scheme: string,
    record: Omit<JournalRecord, 'seq'>,
    now: number,
    maxEntries: number,
  ): Promise<JournalAppend>;

  /** A scheme's journal entries with seq > `after`, in order. */
  listJournal(scheme: string, after: number, limit: number): Promise<JournalRecord[]>;

  /**
   * Stores a worker's device enrolment under the invite it names, once: `existing` for the same
   * envelope again, `conflict` for another one, `no-invite` (nothing stored) unless the invite
   * is this scheme's and was redeemed no more than `redeemedWithin` ms before `now`.
   */
  putEnrolment(
    invite: string,
    envelope: DeviceEnrolmentEnvelope,
    now: number,
    redeemedWithin: number,
  ): Promise<EnrolmentPut>;

  /** A scheme's device enrolments, oldest first. */
  listEnrolments(scheme: string): Promise<StoredEnrolment[]>;

  /** Deletes a scheme's enrolment under `invite` (staff removed the device); false if none. */
  deleteEnrolment(scheme: string, invite: string): Promise<boolean>;

  /** Stores verified key grants, each filed under its recipient id; returns how many. */
  putGrants(grants: readonly KeyGrantEnvelope[], now: number): Promise<number>;

  /** Grants waiting for `recipient`, oldest first. */
  listGrants(recipient: string, limit: number): Promise<StoredGrant[]>;

  /** Deletes `recipient`'s grants with these ids (it stored them); returns how many. */
  deleteGrants(recipient: string, ids: readonly number[]): Promise<number>;

  /**
   * Deletes what retention allows: reports acknowledged before `ackedBefore`, alerts expired at
   * `now`, nonces older than `noncesBefore`, invites and matching tokens expired at `now`, key grants stored before `grantsBefore`
   * (default: kept).
   */
  prune(
    now: number,
    ackedBefore: number,
    noncesBefore: number,
    grantsBefore?: number,
  ): Promise<PruneCounts>;

  /** Row counts for the operator (never contents). */
  stats(): Promise<StoreStats>;

  /**
   * Calls `listener` whenever new alerts may have been stored, by this process or (PostgreSQL)
   * by any relay process sharing the database. Returns a function that stops listening.
   */
  onAlertsChanged(listener: () => void): () => void;
}

/** The outcome of storing a report. */
export type ReportPut =
  | { status: 'created'; receivedAt: number }
  | { status: 'existing'; receivedAt: number }
  | { status: 'conflict' };

/** A stored report as a scheme lists it. */
export interface StoredReport {
  seq: number;
  envelope: ReportEnvelope;
  receivedAt: number;
}

/** A stored alert as the feed serves it. */
export interface StoredAlert {
  seq: number;
  envelope: AlertEnvelope;
}

/** An invite as staff list it: no grant, just its state. */
export interface InviteSummary {
  id: string;
  expiresAt: number;
  redeemedAt: number | null;
}

/** The outcome of redeeming an invite. */
export type InviteRedemption =
  | { ok: true; scheme: string; nonce: string; box: string }
  | { ok: false; reason: 'invite-unknown' | 'invite-used' | 'invite-expired' };

/** A stored reply. */
export interface StoredReply {
  seq: number;
  envelope: ReplyEnvelope;
  createdAt: number;
}

/** Rows deleted by one retention pass. */
export interface PruneCounts {
  reports: number;
  alerts: number;
  nonces: number;
  invites: number;
  matchTokens: number;
  grants: number;
}

/** The outcome of a journal append: stored, or `stale` when `previous` is not the head. */
export type JournalAppend =
  { status: 'appended'; seq: number } | { status: 'stale' } | { status: 'full' };

/** Other schemes holding one matching token (docs/api.md, match queries). */
export interface MatchHit {
  token: string;
  schemes: string[];
}

/** Row counts of each table. */
export interface StoreStats {
  directoryVersion: number;
  reports: number;
  reportsUnacknowledged: number;
  alerts: number;
  invites: number;
  replies: number;
  vaults: number;
  /** Matching token rows (one per token per published ref). */
  matchTokens: number;
  /** Staff journal entries, all schemes. */
  journal: number;
  /** Device enrolments, all schemes. */
  enrolments: number;
  /** Key grants not yet fetched and acknowledged. */
  grants: number;
  /** Spent request nonces still remembered (replay protection). */
  nonces: number;
}
