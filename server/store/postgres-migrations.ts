/**
 * PostgreSQL schema, as numbered steps recorded in `umn_migrations`. Steps run under an advisory
 * lock so several relay processes starting together migrate once. Mirrors sqlite-migrations.ts;
 * `bigint` milliseconds for time, `bytea` for ciphertext, `bigserial` (never reused) for seqs.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE directories (
    version bigint PRIMARY KEY,
    signed text NOT NULL,
    stored_at bigint NOT NULL
  );
  CREATE TABLE nonces (
    scheme text NOT NULL,
    nonce text NOT NULL,
    time bigint NOT NULL,
    PRIMARY KEY (scheme, nonce)
  );
  CREATE INDEX nonces_time ON nonces (time);
  CREATE TABLE reports (
    seq bigserial PRIMARY KEY,
    scheme text NOT NULL,
    id text NOT NULL,
    epk bytea NOT NULL,
    nonce bytea NOT NULL,
    box bytea NOT NULL,
    received_at bigint NOT NULL,
    acked_at bigint,
    UNIQUE (scheme, id)
  );
  CREATE INDEX reports_scheme_seq ON reports (scheme, seq);
  CREATE INDEX reports_acked ON reports (acked_at) WHERE acked_at IS NOT NULL;
  CREATE TABLE alerts (
    seq bigserial PRIMARY KEY,
    scheme text NOT NULL,
    epoch integer NOT NULL,
    expires_at bigint NOT NULL,
    nonce bytea NOT NULL,
    box bytea NOT NULL,
    signature bytea NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE INDEX alerts_expires ON alerts (expires_at);
  CREATE TABLE invites (
    id text PRIMARY KEY,
    scheme text NOT NULL,
    expires_at bigint NOT NULL,
    nonce bytea,
    box bytea,
    created_at bigint NOT NULL,
    redeemed_at bigint
  );
  CREATE INDEX invites_scheme ON invites (scheme);
  CREATE TABLE replies (
    seq bigserial PRIMARY KEY,
    receipt_id text NOT NULL,
    scheme text NOT NULL,
    epk bytea NOT NULL,
    nonce bytea NOT NULL,
    box bytea NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE INDEX replies_receipt ON replies (receipt_id, seq);
  CREATE TABLE vaults (
    scheme text NOT NULL,
    staff text NOT NULL,
    vault text NOT NULL,
    PRIMARY KEY (scheme, staff)
  );
  `,
  // Blind matching (issue 8): tokens of reports a scheme holds unpublished, keyed by a random ref.
  `
  CREATE TABLE match_tokens (
    scheme text NOT NULL,
    ref text NOT NULL,
    token text NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (scheme, ref, token)
  );
  CREATE INDEX match_tokens_token ON match_tokens (token);
  CREATE INDEX match_tokens_expires ON match_tokens (expires_at);
  `,
  // Scheme staff journal (issue 8): sealed, signed entries in one linear chain per scheme.
  `
  CREATE TABLE journal (
    seq bigserial PRIMARY KEY,
    scheme text NOT NULL,
    previous text NOT NULL,
    link text NOT NULL,
    nonce bytea NOT NULL,
    box bytea NOT NULL,
    stored_at bigint NOT NULL,
    UNIQUE (scheme, previous)
  );
  CREATE INDEX journal_scheme_seq ON journal (scheme, seq);
  `,
  // Members' key rotation: device enrolments (one per redeemed invite) and key grants waiting
  // for their recipient (docs/protocol.md §4.6, §4.8).
  `
  CREATE TABLE enrolments (
    invite text PRIMARY KEY,
    scheme text NOT NULL,
    epk bytea NOT NULL,
    nonce bytea NOT NULL,
    box bytea NOT NULL,
    enrolled_at bigint NOT NULL
  );
  CREATE INDEX enrolments_scheme ON enrolments (scheme, enrolled_at);
  CREATE TABLE grants (
    seq bigserial PRIMARY KEY,
    recipient text NOT NULL,
    scheme text NOT NULL,
    epk bytea NOT NULL,
    nonce bytea NOT NULL,
    box bytea NOT NULL,
    signature bytea NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE INDEX grants_recipient ON grants (recipient, seq);
  CREATE INDEX grants_created ON grants (created_at);
  `,
];
