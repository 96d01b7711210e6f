import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AlertEnvelope } from '../../shared/protocol/alert-envelope.js';
import type { SignedDirectory } from '../../shared/protocol/directory.js';
import type { InviteRecord } from '../../shared/protocol/invite.js';
import type { ReplyEnvelope } from '../../shared/protocol/receipt.js';
import type { ReportEnvelope } from '../../shared/protocol/report-envelope.js';
import type { JournalRecord } from '../../shared/protocol/staff-journal.js';
import type { StaffVault } from '../../shared/protocol/staff-vault.js';
import {
  alertFromColumns,
  bytesOf,
  replyFromColumns,
  reportFromColumns,
  sameReport,
  textOf,
  type AlertColumns,
  type ReplyColumns,
  type ReportColumns,
} from './envelope-columns.js';
import { sqliteJournal } from './sqlite-journal.js';
import { sqliteMembership } from './sqlite-membership.js';
import type { DeviceEnrolmentEnvelope } from '../../shared/protocol/device-enrolment.js';
import type { KeyGrantEnvelope } from '../../shared/protocol/key-grant.js';
import type { EnrolmentPut, StoredEnrolment, StoredGrant } from './membership-columns.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { prepareStatements } from './sqlite-statements.js';
import { WriteBatcher } from './write-batcher.js';
import type {
  InviteRedemption,
  InviteSummary,
  JournalAppend,
  MatchHit,
  PruneCounts,
  RelayStore,
  ReportPut,
  StoreStats,
  StoredAlert,
  StoredReply,
  StoredReport,
} from './relay-store.js';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /**
   * `NORMAL` (default) survives a killed process: WAL frames are in the OS page cache once a
   * transaction returns. `FULL` also survives power loss at the cost of an fsync per write.
   */
  synchronous?: 'NORMAL' | 'FULL';
}

/**
 * The default store: one SQLite file (WAL mode) through better-sqlite3. Calls are synchronous
 * underneath, which is what makes a single relay process fast: no pool, no round trip. Several
 * processes may open the same file (the operator CLI beside a running relay); live fan-out to
 * other processes is PostgreSQL's job, see postgres-store.ts.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): RelayStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return new SqliteStore(db);
}

function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  SQLITE_MIGRATIONS.forEach((step, index) => {
    if (index < applied) return;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${index + 1}`);
    }).immediate();
  });
}

class SqliteStore implements RelayStore {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #listeners = new Set<() => void>();
  readonly #q;
  readonly #journal;
  readonly #membership;
  readonly #reports: WriteBatcher<{ envelope: ReportEnvelope; receivedAt: number }, ReportPut>;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#q = prepareStatements(db);
    this.#journal = sqliteJournal(db);
    this.#membership = sqliteMembership(db);
    this.#reports = new WriteBatcher((items) => this.#putReports(items));
  }

  async ping(): Promise<boolean> {
    try {
      return this.#q.ping.get() !== undefined;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    if (this.#db.open) this.#db.close();
  }

  async directoryVersion(): Promise<number> {
    return (this.#q.directoryVersion.get() as { v: number | null }).v ?? 0;
  }

  async latestDirectory(): Promise<SignedDirectory | null> {
    const row = this.#q.latestDirectory.get() as { signed: string } | undefined;
    return row ? (JSON.parse(row.signed) as SignedDirectory) : null;
  }

  async putDirectory(signed: SignedDirectory): Promise<boolean> {
    const put = this.#db.transaction(() => {
      const current = (this.#q.directoryVersion.get() as { v: number | null }).v ?? 0;
      if (signed.directory.version <= current) return false;
      this.#q.putDirectory.run(signed.directory.version, JSON.stringify(signed), Date.now());
      return true;
    });
    return put.immediate();
  }

  async useNonce(scheme: string, nonce: string, time: number): Promise<boolean> {
    return this.#q.useNonce.run(scheme, nonce, time).changes === 1;
  }

  async putReport(envelope: ReportEnvelope, receivedAt: number): Promise<ReportPut> {
    return this.#reports.add({ envelope, receivedAt });
  }

  #putReports(items: { envelope: ReportEnvelope; receivedAt: number }[]): ReportPut[] {
    const write = this.#db.transaction(() => items.map((item) => this.#putOneReport(item)));
    return write.immediate();
  }

  #putOneReport({ envelope, receivedAt }: { envelope: ReportEnvelope; receivedAt: number }) {
    const { scheme, id } = envelope;
    const inserted = this.#q.putReport.run(
      scheme,
      id,
      bytesOf(envelope.epk),
      bytesOf(envelope.nonce),
      bytesOf(envelope.box),
      receivedAt,
    );
    if (inserted.changes === 1) return { status: 'created' as const, receivedAt };

    const row = this.#q.getReport.get(scheme, id) as
      (ReportColumns & { received_at: number }) | undefined;
    if (!row) return { status: 'conflict' as const };
    return sameReport(row, envelope)
      ? { status: 'existing' as const, receivedAt: row.received_at }
      : { status: 'conflict' as const };
  }

  async listReports(scheme: string, after: number, limit: number): Promise<StoredReport[]> {
    const rows = this.#q.listReports.all(scheme, after, limit) as (ReportColumns & {
      seq: number;
      received_at: number;
    })[];
    return rows.map((row) => ({
      seq: row.seq,
      envelope: reportFromColumns(row),
      receivedAt: row.received_at,
    }));
  }

  async ackReports(scheme: string, ids: readonly string[], now: number): Promise<number> {
    const ack = this.#db.transaction(() => {
      let count = 0;
      for (const id of ids) count += this.#q.ackReport.run(now, scheme, id).changes;
      return count;
    });
    return ack.immediate();
  }

  async putAlert(envelope: AlertEnvelope, now: number): Promise<number> {
    const result = this.#q.putAlert.run(
      envelope.scheme,
      envelope.epoch,
      envelope.expiresAt,
      bytesOf(envelope.nonce),
      bytesOf(envelope.box),
      bytesOf(envelope.signature),
      now,
    );
    for (const listener of this.#listeners) listener();
    return Number(result.lastInsertRowid);
  }

  async listAlerts(after: number, limit: number, now: number): Promise<StoredAlert[]> {
    const rows = this.#q.listAlerts.all(after, now, limit) as (AlertColumns & { seq: number })[];
    return rows.map((row) => ({ seq: row.seq, envelope: alertFromColumns(row) }));
  }

  async lastAlertSeq(): Promise<number> {
    return (this.#q.lastAlertSeq.get() as { seq: number | null }).seq ?? 0;
  }

  async putInvite(record: InviteRecord, now: number): Promise<boolean> {
    const { id, scheme, expiresAt } = record;
    const result = this.#q.putInvite.run(
      id,
      scheme,
      expiresAt,
      bytesOf(record.nonce),
      bytesOf(record.box),
      now,
    );
    return result.changes === 1;
  }

  async listInvites(scheme: string): Promise<InviteSummary[]> {
    const rows = this.#q.listInvites.all(scheme) as {
      id: string;
      expires_at: number;
      redeemed_at: number | null;
    }[];
    return rows.map((r) => ({ id: r.id, expiresAt: r.expires_at, redeemedAt: r.redeemed_at }));
  }

  async revokeInvite(scheme: string, id: string): Promise<boolean> {
    return this.#q.revokeInvite.run(scheme, id).changes === 1;
  }

  async redeemInvite(id: string, now: number): Promise<InviteRedemption> {
    const redeem = this.#db.transaction((): InviteRedemption => {
      const row = this.#q.getInvite.get(id) as
        | {
            scheme: string;
            expires_at: number;
            nonce: Uint8Array | null;
            box: Uint8Array | null;
            redeemed_at: number | null;
          }
        | undefined;
      if (!row) return { ok: false, reason: 'invite-unknown' };
      if (row.redeemed_at !== null || !row.nonce || !row.box) {
        return { ok: false, reason: 'invite-used' };
      }
      if (row.expires_at <= now) return { ok: false, reason: 'invite-expired' };

      this.#q.markRedeemed.run(now, id);
      return { ok: true, scheme: row.scheme, nonce: textOf(row.nonce), box: textOf(row.box) };
    });
    return redeem.immediate();
  }

  async putReply(
    receiptId: string,
    scheme: string,
    envelope: ReplyEnvelope,
    now: number,
  ): Promise<number> {
    const result = this.#q.putReply.run(
      receiptId,
      scheme,
      bytesOf(envelope.epk),
      bytesOf(envelope.nonce),
      bytesOf(envelope.box),
      now,
    );
    return Number(result.lastInsertRowid);
  }

  async countReplies(receiptId: string): Promise<number> {
    return (this.#q.countReplies.get(receiptId) as { n: number }).n;
  }

  async listReplies(receiptId: string): Promise<StoredReply[]> {
    const rows = this.#q.listReplies.all(receiptId) as (ReplyColumns & {
      seq: number;
      created_at: number;
    })[];
    return rows.map((r) => ({
      seq: r.seq,
      envelope: replyFromColumns(r),
      createdAt: r.created_at,
    }));
  }

  async listVaults(scheme: string): Promise<StaffVault[]> {
    const rows = this.#q.listVaults.all(scheme) as { vault: string }[];
    return rows.map((r) => JSON.parse(r.vault) as StaffVault);
  }

  async putVault(vault: StaffVault): Promise<void> {
    this.#q.putVault.run(vault.scheme, vault.staff, JSON.stringify(vault));
  }

  async deleteVault(scheme: string, staff: string): Promise<boolean> {
    return this.#q.deleteVault.run(scheme, staff).changes === 1;
  }

  async replaceVaults(scheme: string, vault: StaffVault): Promise<void> {
    this.#db
      .transaction(() => {
        this.#q.deleteVaults.run(scheme);
        this.#q.putVault.run(vault.scheme, vault.staff, JSON.stringify(vault));
      })
      .immediate();
  }

  async putMatchTokens(
    scheme: string,
    ref: string,
    tokens: readonly string[],
    expiresAt: number,
    now: number,
    maxRefs: number,
  ): Promise<boolean> {
    const put = this.#db.transaction(() => {
      const held = (this.#q.countMatchRefs.get(scheme, ref, now) as { n: number }).n;
      if (held >= maxRefs) return false;
      this.#q.deleteMatchRef.run(scheme, ref);
      for (const token of new Set(tokens)) this.#q.putMatchToken.run(scheme, ref, token, expiresAt);
      return true;
    });
    return put.immediate();
  }

  async deleteMatchTokens(scheme: string, ref: string): Promise<boolean> {
    return this.#q.deleteMatchRef.run(scheme, ref).changes > 0;
  }

  async findMatches(scheme: string, tokens: readonly string[], now: number): Promise<MatchHit[]> {
    const hits: MatchHit[] = [];
    for (const token of new Set(tokens)) {
      const rows = this.#q.findMatch.all(token, scheme, now) as { scheme: string }[];
      if (rows.length > 0) hits.push({ token, schemes: rows.map((r) => r.scheme) });
    }
    return hits;
  }

  async appendJournal(
    scheme: string,
    record: Omit<JournalRecord, 'seq'>,
    now: number,
    maxEntries: number,
  ): Promise<JournalAppend> {
    return this.#journal.append(scheme, record, now, maxEntries);
  }

  async listJournal(scheme: string, after: number, limit: number): Promise<JournalRecord[]> {
    return this.#journal.list(scheme, after, limit);
  }

  async putEnrolment(
    invite: string,
    envelope: DeviceEnrolmentEnvelope,
    now: number,
    redeemedWithin: number,
  ): Promise<EnrolmentPut> {
    return this.#membership.putEnrolment(invite, envelope, now, redeemedWithin);
  }

  async listEnrolments(scheme: string): Promise<StoredEnrolment[]> {
    return this.#membership.listEnrolments(scheme);
  }

  async deleteEnrolment(scheme: string, invite: string): Promise<boolean> {
    return this.#membership.deleteEnrolment(scheme, invite);
  }

  async putGrants(grants: readonly KeyGrantEnvelope[], now: number): Promise<number> {
    return this.#membership.putGrants(grants, now);
  }

  async listGrants(recipient: string, limit: number): Promise<StoredGrant[]> {
    return this.#membership.listGrants(recipient, limit);
  }

  async deleteGrants(recipient: string, ids: readonly number[]): Promise<number> {
    return this.#membership.deleteGrants(recipient, ids);
  }

  async prune(
    now: number,
    ackedBefore: number,
    noncesBefore: number,
    grantsBefore = 0,
  ): Promise<PruneCounts> {
    const prune = this.#db.transaction(() => ({
      reports: this.#q.pruneReports.run(ackedBefore).changes,
      alerts: this.#q.pruneAlerts.run(now).changes,
      nonces: this.#q.pruneNonces.run(noncesBefore).changes,
      invites: this.#q.pruneInvites.run(now).changes,
      matchTokens: this.#q.pruneMatchTokens.run(now).changes,
      grants: this.#membership.pruneGrants(grantsBefore),
    }));
    return prune.immediate();
  }

  async stats(): Promise<StoreStats> {
    const count = (table: string) =>
      (this.#db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const unacked = this.#db
      .prepare('SELECT count(*) AS n FROM reports WHERE acked_at IS NULL')
      .get() as { n: number };
    return {
      directoryVersion: await this.directoryVersion(),
      reports: count('reports'),
      reportsUnacknowledged: unacked.n,
      alerts: count('alerts'),
      invites: count('invites'),
      replies: count('replies'),
      vaults: count('vaults'),
      matchTokens: count('match_tokens'),
      journal: count('journal'),
      enrolments: count('enrolments'),
      grants: count('grants'),
      nonces: count('nonces'),
    };
  }

  onAlertsChanged(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
