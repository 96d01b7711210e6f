import type Database from 'better-sqlite3';
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

/**
 * Device enrolments and key grants on SQLite (relay-store.ts). An enrolment is accepted once per
 * invite, only for an invite of that scheme that was redeemed recently: the relay cannot check
 * the enrolment's MAC (it never sees the code), so this is what keeps strangers from filling a
 * scheme's list; staff check the MAC (docs/protocol.md §4.6).
 */
export function sqliteMembership(db: Database.Database) {
  const s = (sql: string) => db.prepare(sql);
  const q = {
    invite: s('SELECT scheme, redeemed_at FROM invites WHERE id = ?'),
    enrolment: s(
      'SELECT invite, scheme, epk, nonce, box, enrolled_at FROM enrolments WHERE invite = ?',
    ),
    putEnrolment: s(
      `INSERT INTO enrolments (invite, scheme, epk, nonce, box, enrolled_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    listEnrolments: s(
      `SELECT invite, scheme, epk, nonce, box, enrolled_at FROM enrolments
       WHERE scheme = ? ORDER BY enrolled_at, invite`,
    ),
    deleteEnrolment: s('DELETE FROM enrolments WHERE scheme = ? AND invite = ?'),
    putGrant: s(
      `INSERT INTO grants (recipient, scheme, epk, nonce, box, signature, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    listGrants: s(
      `SELECT seq, scheme, recipient, epk, nonce, box, signature FROM grants
       WHERE recipient = ? ORDER BY seq LIMIT ?`,
    ),
    deleteGrant: s('DELETE FROM grants WHERE recipient = ? AND seq = ?'),
    pruneGrants: s('DELETE FROM grants WHERE created_at < ?'),
  };

  return {
    putEnrolment(
      invite: string,
      envelope: DeviceEnrolmentEnvelope,
      now: number,
      redeemedWithin: number,
    ): EnrolmentPut {
      const put = db.transaction((): EnrolmentPut => {
        const row = q.invite.get(invite) as
          { scheme: string; redeemed_at: number | null } | undefined;
        const fresh =
          row?.scheme === envelope.scheme &&
          row.redeemed_at !== null &&
          now - row.redeemed_at <= redeemedWithin;
        const held = q.enrolment.get(invite) as EnrolmentColumns | undefined;
        if (held) return sameEnrolment(held, envelope) ? 'existing' : 'conflict';
        if (!fresh) return 'no-invite';
        q.putEnrolment.run(
          invite,
          envelope.scheme,
          bytesOf(envelope.epk),
          bytesOf(envelope.nonce),
          bytesOf(envelope.box),
          now,
        );
        return 'stored';
      });
      return put.immediate();
    },

    listEnrolments(scheme: string): StoredEnrolment[] {
      return (q.listEnrolments.all(scheme) as EnrolmentColumns[]).map(enrolmentFromColumns);
    },

    deleteEnrolment(scheme: string, invite: string): boolean {
      return q.deleteEnrolment.run(scheme, invite).changes === 1;
    },

    putGrants(grants: readonly KeyGrantEnvelope[], now: number): number {
      const put = db.transaction(() => {
        for (const g of grants) {
          q.putGrant.run(
            g.recipient,
            g.scheme,
            bytesOf(g.epk),
            bytesOf(g.nonce),
            bytesOf(g.box),
            bytesOf(g.signature),
            now,
          );
        }
        return grants.length;
      });
      return put.immediate();
    },

    listGrants(recipient: string, limit: number): StoredGrant[] {
      return (q.listGrants.all(recipient, limit) as GrantColumns[]).map(grantFromColumns);
    },

    deleteGrants(recipient: string, ids: readonly number[]): number {
      const remove = db.transaction(() =>
        ids.reduce((n, id) => n + q.deleteGrant.run(recipient, id).changes, 0),
      );
      return remove.immediate();
    },

    pruneGrants(createdBefore: number): number {
      return q.pruneGrants.run(createdBefore).changes;
    },
  };
}
