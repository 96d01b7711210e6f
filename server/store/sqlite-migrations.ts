/**
 * SQLite schema, as numbered steps. `PRAGMA user_version` records the last step applied; each
 * step runs in its own transaction, so a crash mid-migration leaves the previous version.
 *
 * Sequence columns use AUTOINCREMENT so a seq is never reused after its row is deleted: a
 * client's cursor must never point past a row that is written later.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE directories (
    version INTEGER PRIMARY KEY,
    signed TEXT NOT NULL,
    stored_at INTEGER NOT NULL
  );
  CREATE TABLE nonces (
    scheme TEXT NOT NULL,
    nonce TEXT NOT NULL,
    time INTEGER NOT NULL,
    PRIMARY KEY (scheme, nonce)
  ) WITHOUT ROWID;
  CREATE INDEX nonces_time ON nonces (time);
  CREATE TABLE reports (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    scheme TEXT NOT NULL,
    id TEXT NOT NULL,
    epk BLOB NOT NULL,
    nonce BLOB NOT NULL,
    box BLOB NOT NULL,
    received_at INTEGER NOT NULL,
    acked_at INTEGER,
    UNIQUE (scheme, id)
  );
  CREATE INDEX reports_scheme_seq ON reports (scheme, seq);
  CREATE INDEX reports_acked ON reports (acked_at) WHERE acked_at IS NOT NULL;
  CREATE TABLE alerts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    scheme TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    nonce BLOB NOT NULL,
    box BLOB NOT NULL,
    signature BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX alerts_expires ON alerts (expires_at);
  CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    scheme TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    nonce BLOB,
    box BLOB,
    created_at INTEGER NOT NULL,
    redeemed_at INTEGER
  );
  CREATE INDEX invites_scheme ON invites (scheme);
  CREATE TABLE replies (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    receipt_id TEXT NOT NULL,
    scheme TEXT NOT NULL,
    epk BLOB NOT NULL,
    nonce BLOB NOT NULL,
    box BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX replies_receipt ON replies (receipt_id, seq);
  CREATE TABLE vaults (
    scheme TEXT NOT NULL,
    staff TEXT NOT NULL,
    vault TEXT NOT NULL,
    PRIMARY KEY (scheme, staff)
  );
  `,
  // Blind matching (issue 8): tokens of reports a scheme holds unpublished, keyed by a random ref.
  `
  CREATE TABLE match_tokens (
    scheme TEXT NOT NULL,
    ref TEXT NOT NULL,
    token TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (scheme, ref, token)
  ) WITHOUT ROWID;
  CREATE INDEX match_tokens_token ON match_tokens (token);
  CREATE INDEX match_tokens_expires ON match_tokens (expires_at);
  `,
  // Scheme staff journal (issue 8): sealed, signed entries in one linear chain per scheme.
  `
  CREATE TABLE journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    scheme TEXT NOT NULL,
    previous TEXT NOT NULL,
    link TEXT NOT NULL,
    nonce BLOB NOT NULL,
    box BLOB NOT NULL,
    stored_at INTEGER NOT NULL,
    UNIQUE (scheme, previous)
  );
  CREATE INDEX journal_scheme_seq ON journal (scheme, seq);
  `,
  // Members' key rotation: device enrolments (one per redeemed invite) and key grants waiting
  // for their recipient (docs/protocol.md §4.6, §4.8).
  `
  CREATE TABLE enrolments (
    invite TEXT PRIMARY KEY,
    scheme TEXT NOT NULL,
    epk BLOB NOT NULL,
    nonce BLOB NOT NULL,
    box BLOB NOT NULL,
    enrolled_at INTEGER NOT NULL
  );
  CREATE INDEX enrolments_scheme ON enrolments (scheme, enrolled_at);
  CREATE TABLE grants (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    scheme TEXT NOT NULL,
    epk BLOB NOT NULL,
    nonce BLOB NOT NULL,
    box BLOB NOT NULL,
    signature BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX grants_recipient ON grants (recipient, seq);
  CREATE INDEX grants_created ON grants (created_at);
  `,
];
