import postgres from 'postgres';
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
import { appendJournalPostgres, listJournalPostgres } from './postgres-journal.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { postgresMembership } from './postgres-membership.js';
import type { DeviceEnrolmentEnvelope } from '../../shared/protocol/device-enrolment.js';
import type { KeyGrantEnvelope } from '../../shared/protocol/key-grant.js';
import type { EnrolmentPut, StoredEnrolment, StoredGrant } from './membership-columns.js';
import { withDeadline } from './store-deadline.js';
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

/** The channel every relay process LISTENs on for new alerts. */
const ALERTS_CHANNEL = 'umn_alerts';
/** Advisory lock keys (arbitrary, fixed). */
const MIGRATION_LOCK = 72_541_001;
const DIRECTORY_LOCK = 72_541_002;
const ALERTS_LOCK = 72_541_003;

type Sql = postgres.Sql<{ bigint: number }>;

/**
 * The PostgreSQL store (DATABASE_URL), for deployments with several relay processes or a managed
 * database. Several processes share the live alert stream through LISTEN/NOTIFY.
 *
 * Sequence numbers are cursors, so they must become visible in order: a reader that saw seq 7
 * must never later find a committed seq 6. Inserts that hand out seqs clients page through
 * (alerts; reports per scheme) therefore take a transaction-scoped advisory lock, which makes
 * commit order equal seq order. Reports are written in batches (write-batcher.ts), so the lock
 * is taken once per batch, not once per report.
 */
export async function openPostgresStore(
  url: string,
  options: { timeoutMs?: number } = {},
): Promise<RelayStore> {
  const sql = postgres(url, {
    max: 10,
    connect_timeout: 5,
    onnotice: () => {},
    connection: { application_name: 'umn-relay' },
    // int8 as a JS number: every value we store (ms timestamps, seqs, counts) is a safe integer.
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number) => String(value),
        parse: (value: string) => Number(value),
      },
    },
  }) as unknown as Sql;
  try {
    await migrate(sql);
    const store = new PostgresStore(sql);
    await store.listen();
    return withDeadline(store, options.timeoutMs ?? 5000);
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
}

async function migrate(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS umn_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)`;
    const [row] = await tx<{ v: number | null }[]>`SELECT max(version) AS v FROM umn_migrations`;
    const applied = row?.v ?? 0;
    for (let index = applied; index < POSTGRES_MIGRATIONS.length; index++) {
      await tx.unsafe(POSTGRES_MIGRATIONS[index]!);
      await tx`INSERT INTO umn_migrations (version, applied_at) VALUES (${index + 1}, ${Date.now()})`;
    }
  });
}

class PostgresStore implements RelayStore {
  readonly kind = 'postgres' as const;
  readonly #sql: Sql;
  readonly #membership;
  readonly #listeners = new Set<() => void>();
  #unlisten: (() => Promise<void>) | null = null;
  readonly #reports: WriteBatcher<{ envelope: ReportEnvelope; receivedAt: number }, ReportPut>;

  constructor(sql: Sql) {
    this.#sql = sql;
    this.#membership = postgresMembership(sql);
    this.#reports = new WriteBatcher((items) => this.#putReports(items), 512);
  }

  /** LISTENs for new alerts; on every (re)connect listeners are told too, to catch up. */
  async listen(): Promise<void> {
    const fire = () => {
      for (const listener of this.#listeners) listener();
    };
    const meta = await this.#sql.listen(ALERTS_CHANNEL, fire, fire);
    this.#unlisten = meta.unlisten;
  }

  async ping(): Promise<boolean> {
    try {
      await this.#sql`SELECT 1`;
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#unlisten?.().catch(() => undefined);
    await this.#sql.end({ timeout: 5 });
  }

  async directoryVersion(): Promise<number> {
    const [row] = await this.#sql<
      { v: number | null }[]
    >`SELECT max(version) AS v FROM directories`;
    return row?.v ?? 0;
  }

  async latestDirectory(): Promise<SignedDirectory | null> {
    const [row] = await this.#sql<{ signed: string }[]>`
      SELECT signed FROM directories ORDER BY version DESC LIMIT 1`;
    return row ? (JSON.parse(row.signed) as SignedDirectory) : null;
  }

  async putDirectory(signed: SignedDirectory): Promise<boolean> {
    return this.#sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${DIRECTORY_LOCK})`;
      const [row] = await tx<{ v: number | null }[]>`SELECT max(version) AS v FROM directories`;
      if (signed.directory.version <= (row?.v ?? 0)) return false;
      await tx`INSERT INTO directories (version, signed, stored_at)
        VALUES (${signed.directory.version}, ${JSON.stringify(signed)}, ${Date.now()})`;
      return true;
    });
  }

  async useNonce(scheme: string, nonce: string, time: number): Promise<boolean> {
    const result = await this.#sql`INSERT INTO nonces (scheme, nonce, time)
      VALUES (${scheme}, ${nonce}, ${time}) ON CONFLICT DO NOTHING`;
    return result.count === 1;
  }

  async putReport(envelope: ReportEnvelope, receivedAt: number): Promise<ReportPut> {
    return this.#reports.add({ envelope, receivedAt });
  }

  // One transaction per batch: the schemes' advisory locks (taken in sorted order, so two relay
  // processes never deadlock), one multi-row insert, commit. Seqs are drawn under the lock, so
  // each scheme's seqs become visible in order.
  async #putReports(items: { envelope: ReportEnvelope; receivedAt: number }[]) {
    const schemes = [...new Set(items.map((item) => item.envelope.scheme))].sort();
    const rows = items.map(({ envelope, receivedAt }) => ({
      scheme: envelope.scheme,
      id: envelope.id,
      epk: bytesOf(envelope.epk),
      nonce: bytesOf(envelope.nonce),
      box: bytesOf(envelope.box),
      received_at: receivedAt,
    }));
    const created = await this.#sql.begin(async (tx) => {
      for (const scheme of schemes) {
        await tx`SELECT pg_advisory_xact_lock(hashtext(${'reports:' + scheme}))`;
      }
      return tx<{ scheme: string; id: string }[]>`
        INSERT INTO reports ${tx(rows, 'scheme', 'id', 'epk', 'nonce', 'box', 'received_at')}
        ON CONFLICT (scheme, id) DO NOTHING RETURNING scheme, id`;
    });

    const fresh = new Set(created.map((row) => row.scheme + '\n' + row.id));
    const results: ReportPut[] = [];
    for (const { envelope, receivedAt } of items) {
      const key = envelope.scheme + '\n' + envelope.id;
      if (fresh.delete(key)) results.push({ status: 'created', receivedAt });
      else results.push(await this.#existingReport(envelope));
    }
    return results;
  }

  async #existingReport(envelope: ReportEnvelope): Promise<ReportPut> {
    const [row] = await this.#sql<(ReportColumns & { received_at: number })[]>`
      SELECT scheme, id, epk, nonce, box, received_at FROM reports
      WHERE scheme = ${envelope.scheme} AND id = ${envelope.id}`;
    if (!row) return { status: 'conflict' };
    return sameReport(row, envelope)
      ? { status: 'existing', receivedAt: row.received_at }
      : { status: 'conflict' };
  }

  async listReports(scheme: string, after: number, limit: number): Promise<StoredReport[]> {
    const rows = await this.#sql<(ReportColumns & { seq: number; received_at: number })[]>`
      SELECT seq, scheme, id, epk, nonce, box, received_at FROM reports
      WHERE scheme = ${scheme} AND seq > ${after} ORDER BY seq LIMIT ${limit}`;
    return rows.map((row) => ({
      seq: row.seq,
      envelope: reportFromColumns(row),
      receivedAt: row.received_at,
    }));
  }

  async ackReports(scheme: string, ids: readonly string[], now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.#sql`UPDATE reports SET acked_at = ${now}
      WHERE scheme = ${scheme} AND id = ANY(${ids as string[]}) AND acked_at IS NULL`;
    return result.count;
  }

  async putAlert(envelope: AlertEnvelope, now: number): Promise<number> {
    return this.#sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${ALERTS_LOCK})`;
      const [row] = await tx<{ seq: number }[]>`
        INSERT INTO alerts (scheme, epoch, expires_at, nonce, box, signature, created_at)
        VALUES (${envelope.scheme}, ${envelope.epoch}, ${envelope.expiresAt},
                ${bytesOf(envelope.nonce)}, ${bytesOf(envelope.box)},
                ${bytesOf(envelope.signature)}, ${now})
        RETURNING seq`;
      // Delivered to every listening process when this transaction commits.
      await tx`SELECT pg_notify(${ALERTS_CHANNEL}, '')`;
      return row!.seq;
    });
  }

  async listAlerts(after: number, limit: number, now: number): Promise<StoredAlert[]> {
    const rows = await this.#sql<(AlertColumns & { seq: number })[]>`
      SELECT seq, scheme, epoch, expires_at, nonce, box, signature FROM alerts
      WHERE seq > ${after} AND expires_at > ${now} ORDER BY seq LIMIT ${limit}`;
    return rows.map((row) => ({ seq: row.seq, envelope: alertFromColumns(row) }));
  }

  async lastAlertSeq(): Promise<number> {
    const [row] = await this.#sql<{ seq: number | null }[]>`SELECT max(seq) AS seq FROM alerts`;
    return row?.seq ?? 0;
  }

  async putInvite(record: InviteRecord, now: number): Promise<boolean> {
    const result = await this.#sql`
      INSERT INTO invites (id, scheme, expires_at, nonce, box, created_at)
      VALUES (${record.id}, ${record.scheme}, ${record.expiresAt}, ${bytesOf(record.nonce)},
              ${bytesOf(record.box)}, ${now})
      ON CONFLICT (id) DO NOTHING`;
    return result.count === 1;
  }

  async listInvites(scheme: string): Promise<InviteSummary[]> {
    const rows = await this.#sql<{ id: string; expires_at: number; redeemed_at: number | null }[]>`
      SELECT id, expires_at, redeemed_at FROM invites WHERE scheme = ${scheme}
      ORDER BY created_at DESC, id`;
    return rows.map((r) => ({ id: r.id, expiresAt: r.expires_at, redeemedAt: r.redeemed_at }));
  }

  async revokeInvite(scheme: string, id: string): Promise<boolean> {
    const result = await this.#sql`
      DELETE FROM invites WHERE scheme = ${scheme} AND id = ${id} AND redeemed_at IS NULL`;
    return result.count === 1;
  }

  async redeemInvite(id: string, now: number): Promise<InviteRedemption> {
    return this.#sql.begin(async (tx): Promise<InviteRedemption> => {
      const [row] = await tx<
        {
          scheme: string;
          expires_at: number;
          nonce: Uint8Array | null;
          box: Uint8Array | null;
          redeemed_at: number | null;
        }[]
      >`SELECT scheme, expires_at, nonce, box, redeemed_at FROM invites WHERE id = ${id} FOR UPDATE`;
      if (!row) return { ok: false, reason: 'invite-unknown' };
      if (row.redeemed_at !== null || !row.nonce || !row.box) {
        return { ok: false, reason: 'invite-used' };
      }
      if (row.expires_at <= now) return { ok: false, reason: 'invite-expired' };

      // The grant is forgotten on redemption: a second redeem, or a later leak, gets nothing.
      await tx`UPDATE invites SET redeemed_at = ${now}, nonce = NULL, box = NULL WHERE id = ${id}`;
      return { ok: true, scheme: row.scheme, nonce: textOf(row.nonce), box: textOf(row.box) };
    });
  }

  async putReply(
    receiptId: string,
    scheme: string,
    envelope: ReplyEnvelope,
    now: number,
  ): Promise<number> {
    const [row] = await this.#sql<{ seq: number }[]>`
      INSERT INTO replies (receipt_id, scheme, epk, nonce, box, created_at)
      VALUES (${receiptId}, ${scheme}, ${bytesOf(envelope.epk)}, ${bytesOf(envelope.nonce)},
              ${bytesOf(envelope.box)}, ${now})
      RETURNING seq`;
    return row!.seq;
  }

  async countReplies(receiptId: string): Promise<number> {
    const [row] = await this.#sql<{ n: number }[]>`
      SELECT count(*) AS n FROM replies WHERE receipt_id = ${receiptId}`;
    return row?.n ?? 0;
  }

  async listReplies(receiptId: string): Promise<StoredReply[]> {
    const rows = await this.#sql<(ReplyColumns & { seq: number; created_at: number })[]>`
      SELECT seq, epk, nonce, box, created_at FROM replies
      WHERE receipt_id = ${receiptId} ORDER BY seq`;
    return rows.map((r) => ({
      seq: r.seq,
      envelope: replyFromColumns(r),
      createdAt: r.created_at,
    }));
  }

  async listVaults(scheme: string): Promise<StaffVault[]> {
    const rows = await this.#sql<{ vault: string }[]>`
      SELECT vault FROM vaults WHERE scheme = ${scheme} ORDER BY staff`;
    return rows.map((r) => JSON.parse(r.vault) as StaffVault);
  }

  async putVault(vault: StaffVault): Promise<void> {
    await this.#sql`INSERT INTO vaults (scheme, staff, vault)
      VALUES (${vault.scheme}, ${vault.staff}, ${JSON.stringify(vault)})
      ON CONFLICT (scheme, staff) DO UPDATE SET vault = excluded.vault`;
  }

  async deleteVault(scheme: string, staff: string): Promise<boolean> {
    const result = await this.#sql`
      DELETE FROM vaults WHERE scheme = ${scheme} AND staff = ${staff}`;
    return result.count === 1;
  }

  async replaceVaults(scheme: string, vault: StaffVault): Promise<void> {
    await this.#sql.begin(async (tx) => {
      await tx`DELETE FROM vaults WHERE scheme = ${scheme}`;
      await tx`INSERT INTO vaults (scheme, staff, vault)
        VALUES (${vault.scheme}, ${vault.staff}, ${JSON.stringify(vault)})`;
    });
  }

  async putMatchTokens(
    scheme: string,
    ref: string,
    tokens: readonly string[],
    expiresAt: number,
    now: number,
    maxRefs: number,
  ): Promise<boolean> {
    return this.#sql.begin(async (tx) => {
      // One scheme's puts are serialised, so two racing puts cannot both pass the cap.
      await tx`SELECT pg_advisory_xact_lock(hashtext(${'match:' + scheme}))`;
      const [row] = await tx<{ n: number }[]>`
        SELECT count(DISTINCT ref)::int AS n FROM match_tokens
        WHERE scheme = ${scheme} AND ref <> ${ref} AND expires_at > ${now}`;
      if ((row?.n ?? 0) >= maxRefs) return false;
      await tx`DELETE FROM match_tokens WHERE scheme = ${scheme} AND ref = ${ref}`;
      const rows = [...new Set(tokens)].map((token) => ({
        scheme,
        ref,
        token,
        expires_at: expiresAt,
      }));
      if (rows.length > 0) await tx`INSERT INTO match_tokens ${tx(rows)}`;
      return true;
    });
  }

  async deleteMatchTokens(scheme: string, ref: string): Promise<boolean> {
    const result = await this.#sql`
      DELETE FROM match_tokens WHERE scheme = ${scheme} AND ref = ${ref}`;
    return result.count > 0;
  }

  async findMatches(scheme: string, tokens: readonly string[], now: number): Promise<MatchHit[]> {
    const wanted = [...new Set(tokens)];
    if (wanted.length === 0) return [];
    const rows = await this.#sql<{ token: string; scheme: string }[]>`
      SELECT DISTINCT token, scheme FROM match_tokens
      WHERE token = ANY(${wanted}::text[]) AND scheme <> ${scheme} AND expires_at > ${now}
      ORDER BY token, scheme`;
    const byToken = new Map<string, string[]>();
    for (const row of rows) {
      const schemes = byToken.get(row.token) ?? [];
      schemes.push(row.scheme);
      byToken.set(row.token, schemes);
    }
    return wanted
      .filter((token) => byToken.has(token))
      .map((token) => ({ token, schemes: byToken.get(token)! }));
  }

  async appendJournal(
    scheme: string,
    record: Omit<JournalRecord, 'seq'>,
    now: number,
    maxEntries: number,
  ): Promise<JournalAppend> {
    return appendJournalPostgres(this.#sql, scheme, record, now, maxEntries);
  }

  async listJournal(scheme: string, after: number, limit: number): Promise<JournalRecord[]> {
    return listJournalPostgres(this.#sql, scheme, after, limit);
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
    return this.#sql.begin(async (tx) => ({
      reports: (
        await tx`DELETE FROM reports WHERE acked_at IS NOT NULL AND acked_at < ${ackedBefore}`
      ).count,
      alerts: (await tx`DELETE FROM alerts WHERE expires_at <= ${now}`).count,
      nonces: (await tx`DELETE FROM nonces WHERE time < ${noncesBefore}`).count,
      invites: (await tx`DELETE FROM invites WHERE expires_at <= ${now}`).count,
      matchTokens: (await tx`DELETE FROM match_tokens WHERE expires_at <= ${now}`).count,
      grants: (await tx`DELETE FROM grants WHERE created_at < ${grantsBefore}`).count,
    }));
  }

  async stats(): Promise<StoreStats> {
    const [row] = await this.#sql<Omit<StoreStats, 'directoryVersion'>[]>`SELECT
      (SELECT count(*) FROM reports) AS reports,
      (SELECT count(*) FROM reports WHERE acked_at IS NULL) AS "reportsUnacknowledged",
      (SELECT count(*) FROM alerts) AS alerts,
      (SELECT count(*) FROM invites) AS invites,
      (SELECT count(*) FROM replies) AS replies,
      (SELECT count(*) FROM vaults) AS vaults,
      (SELECT count(*) FROM match_tokens) AS "matchTokens",
      (SELECT count(*) FROM journal) AS journal,
      (SELECT count(*) FROM enrolments) AS enrolments,
      (SELECT count(*) FROM grants) AS grants,
      (SELECT count(*) FROM nonces) AS nonces`;
    return { directoryVersion: await this.directoryVersion(), ...row! };
  }

  onAlertsChanged(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
