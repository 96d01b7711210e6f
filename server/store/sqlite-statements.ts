import type Database from 'better-sqlite3';

/**
 * Every statement the SQLite store runs, prepared once when the store opens (better-sqlite3
 * statements are compiled SQL; preparing per call would cost more than most of the queries).
 */
export function prepareStatements(db: Database.Database) {
  const s = (sql: string) => db.prepare(sql);
  return {
    ping: s('SELECT 1 AS one'),
    directoryVersion: s('SELECT max(version) AS v FROM directories'),
    latestDirectory: s('SELECT signed FROM directories ORDER BY version DESC LIMIT 1'),
    putDirectory: s('INSERT INTO directories (version, signed, stored_at) VALUES (?, ?, ?)'),
    useNonce: s('INSERT OR IGNORE INTO nonces (scheme, nonce, time) VALUES (?, ?, ?)'),
    putReport: s(
      `INSERT INTO reports (scheme, id, epk, nonce, box, received_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scheme, id) DO NOTHING`,
    ),
    getReport: s('SELECT epk, nonce, box, received_at FROM reports WHERE scheme = ? AND id = ?'),
    listReports: s(
      `SELECT seq, scheme, id, epk, nonce, box, received_at FROM reports
       WHERE scheme = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    ackReport: s(
      'UPDATE reports SET acked_at = ? WHERE scheme = ? AND id = ? AND acked_at IS NULL',
    ),
    putAlert: s(
      `INSERT INTO alerts (scheme, epoch, expires_at, nonce, box, signature, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    listAlerts: s(
      `SELECT seq, scheme, epoch, expires_at, nonce, box, signature FROM alerts
       WHERE seq > ? AND expires_at > ? ORDER BY seq LIMIT ?`,
    ),
    lastAlertSeq: s('SELECT max(seq) AS seq FROM alerts'),
    putInvite: s(
      `INSERT INTO invites (id, scheme, expires_at, nonce, box, created_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
    listInvites: s(
      `SELECT id, expires_at, redeemed_at FROM invites WHERE scheme = ?
       ORDER BY created_at DESC, id`,
    ),
    revokeInvite: s('DELETE FROM invites WHERE scheme = ? AND id = ? AND redeemed_at IS NULL'),
    getInvite: s('SELECT scheme, expires_at, nonce, box, redeemed_at FROM invites WHERE id = ?'),
    // The grant is forgotten on redemption: a second redeem, or a later database leak, gets nothing.
    markRedeemed: s('UPDATE invites SET redeemed_at = ?, nonce = NULL, box = NULL WHERE id = ?'),
    putReply: s(
      `INSERT INTO replies (receipt_id, scheme, epk, nonce, box, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    countReplies: s('SELECT count(*) AS n FROM replies WHERE receipt_id = ?'),
    listReplies: s(
      'SELECT seq, epk, nonce, box, created_at FROM replies WHERE receipt_id = ? ORDER BY seq',
    ),
    listVaults: s('SELECT vault FROM vaults WHERE scheme = ? ORDER BY staff'),
    putVault: s(
      `INSERT INTO vaults (scheme, staff, vault) VALUES (?, ?, ?)
       ON CONFLICT (scheme, staff) DO UPDATE SET vault = excluded.vault`,
    ),
    deleteVault: s('DELETE FROM vaults WHERE scheme = ? AND staff = ?'),
    deleteVaults: s('DELETE FROM vaults WHERE scheme = ?'),
    deleteMatchRef: s('DELETE FROM match_tokens WHERE scheme = ? AND ref = ?'),
    putMatchToken: s(
      'INSERT INTO match_tokens (scheme, ref, token, expires_at) VALUES (?, ?, ?, ?)',
    ),
    countMatchRefs: s(
      `SELECT count(DISTINCT ref) AS n FROM match_tokens
       WHERE scheme = ? AND ref <> ? AND expires_at > ?`,
    ),
    findMatch: s(
      `SELECT DISTINCT scheme FROM match_tokens
       WHERE token = ? AND scheme <> ? AND expires_at > ? ORDER BY scheme`,
    ),
    pruneMatchTokens: s('DELETE FROM match_tokens WHERE expires_at <= ?'),
    pruneReports: s('DELETE FROM reports WHERE acked_at IS NOT NULL AND acked_at < ?'),
    pruneAlerts: s('DELETE FROM alerts WHERE expires_at <= ?'),
    pruneNonces: s('DELETE FROM nonces WHERE time < ?'),
    pruneInvites: s('DELETE FROM invites WHERE expires_at <= ?'),
  };
}
