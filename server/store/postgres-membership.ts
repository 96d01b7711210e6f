import type postgres from 'postgres';
import type { DeviceEnrolmentEnvelope } from '../../shared/protocol/device-enrolment.js';
import type { KeyGrantEnvelope } from '../../shared/protocol/key-grant.js';
import { bytesOf } from './envelope-columns.js';
import {
  enrolmentFromColumns,
  grantFromColumns,
  sameEnrolment,
  type EnrolmentColumns,
  type EnrolmentPut,
  type GrantColumns,
  type StoredEnrolment,
  type StoredGrant,
} from './membership-columns.js';

type Sql = postgres.Sql<{ bigint: number }>;

/**
 * Device enrolments and key grants on PostgreSQL; the same rules as sqlite-membership.ts. The
 * invite row is locked while an enrolment is checked and stored, so two racing posts under one
 * invite cannot both land (the primary key on `invite` backs that up).
 */
export function postgresMembership(sql: Sql) {
  return {
    async putEnrolment(
      invite: string,
      envelope: DeviceEnrolmentEnvelope,
      now: number,
      redeemedWithin: number,
    ): Promise<EnrolmentPut> {
      return sql.begin(async (tx): Promise<EnrolmentPut> => {
        const [row] = await tx<{ scheme: string; redeemed_at: number | null }[]>`
          SELECT scheme, redeemed_at FROM invites WHERE id = ${invite} FOR UPDATE`;
        const [held] = await tx<EnrolmentColumns[]>`
          SELECT invite, scheme, epk, nonce, box, enrolled_at FROM enrolments
          WHERE invite = ${invite}`;
        if (held) return sameEnrolment(held, envelope) ? 'existing' : 'conflict';
        const fresh =
          row?.scheme === envelope.scheme &&
          row.redeemed_at !== null &&
          now - row.redeemed_at <= redeemedWithin;
        if (!fresh) return 'no-invite';
        const inserted = await tx`
          INSERT INTO enrolments (invite, scheme, epk, nonce, box, enrolled_at)
          VALUES (${invite}, ${envelope.scheme}, ${bytesOf(envelope.epk)},
            ${bytesOf(envelope.nonce)}, ${bytesOf(envelope.box)}, ${now})
          ON CONFLICT (invite) DO NOTHING`;
        return inserted.count === 1 ? 'stored' : 'conflict';
      });
    },

    async listEnrolments(scheme: string): Promise<StoredEnrolment[]> {
      const rows = await sql<EnrolmentColumns[]>`
        SELECT invite, scheme, epk, nonce, box, enrolled_at FROM enrolments
        WHERE scheme = ${scheme} ORDER BY enrolled_at, invite`;
      return rows.map(enrolmentFromColumns);
    },

    async deleteEnrolment(scheme: string, invite: string): Promise<boolean> {
      const result = await sql`
        DELETE FROM enrolments WHERE scheme = ${scheme} AND invite = ${invite}`;
      return result.count === 1;
    },

    async putGrants(grants: readonly KeyGrantEnvelope[], now: number): Promise<number> {
      if (grants.length === 0) return 0;
      const rows = grants.map((g) => ({
        recipient: g.recipient,
        scheme: g.scheme,
        epk: bytesOf(g.epk),
        nonce: bytesOf(g.nonce),
        box: bytesOf(g.box),
        signature: bytesOf(g.signature),
        created_at: now,
      }));
      const result = await sql`INSERT INTO grants ${sql(rows)}`;
      return result.count;
    },

    async listGrants(recipient: string, limit: number): Promise<StoredGrant[]> {
      const rows = await sql<GrantColumns[]>`
        SELECT seq, scheme, recipient, epk, nonce, box, signature FROM grants
        WHERE recipient = ${recipient} ORDER BY seq LIMIT ${limit}`;
      return rows.map(grantFromColumns);
    },

    async deleteGrants(recipient: string, ids: readonly number[]): Promise<number> {
      if (ids.length === 0) return 0;
      const result = await sql`
        DELETE FROM grants WHERE recipient = ${recipient} AND seq IN ${sql(ids as number[])}`;
      return result.count;
    },
  };
}
