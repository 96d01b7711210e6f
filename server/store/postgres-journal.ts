import type postgres from 'postgres';
import { JOURNAL_GENESIS, type JournalRecord } from '../../shared/protocol/staff-journal.js';
import { bytesOf, journalFromColumns, type JournalColumns } from './envelope-columns.js';
import type { JournalAppend } from './relay-store.js';

type Sql = postgres.Sql<{ bigint: number }>;

/**
 * The staff journal on PostgreSQL. An append takes the scheme's transaction-scoped advisory
 * lock: appends of one scheme are serialised (the head check cannot race), and seqs commit in
 * order, so a reader's cursor never skips an entry committed later with a lower seq.
 */
export async function appendJournalPostgres(
  sql: Sql,
  scheme: string,
  record: Omit<JournalRecord, 'seq'>,
  now: number,
  maxEntries: number,
): Promise<JournalAppend> {
  return sql.begin(async (tx): Promise<JournalAppend> => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${'journal:' + scheme}))`;
    const [last] = await tx<{ link: string }[]>`
      SELECT link FROM journal WHERE scheme = ${scheme} ORDER BY seq DESC LIMIT 1`;
    if (record.previous !== (last?.link ?? JOURNAL_GENESIS)) return { status: 'stale' };
    const [held] = await tx<{ n: number }[]>`
      SELECT count(*)::int AS n FROM journal WHERE scheme = ${scheme}`;
    if ((held?.n ?? 0) >= maxEntries) return { status: 'full' };

    const [row] = await tx<{ seq: number }[]>`
      INSERT INTO journal (scheme, previous, link, nonce, box, stored_at)
      VALUES (${scheme}, ${record.previous}, ${record.link}, ${bytesOf(record.envelope.nonce)},
        ${bytesOf(record.envelope.box)}, ${now})
      RETURNING seq`;
    return { status: 'appended', seq: Number(row!.seq) };
  });
}

/** A scheme's journal entries after `after`, in order. */
export async function listJournalPostgres(
  sql: Sql,
  scheme: string,
  after: number,
  limit: number,
): Promise<JournalRecord[]> {
  const rows = await sql<JournalColumns[]>`SELECT seq, previous, link, nonce, box FROM journal
    WHERE scheme = ${scheme} AND seq > ${after} ORDER BY seq LIMIT ${limit}`;
  return rows.map(journalFromColumns);
}
