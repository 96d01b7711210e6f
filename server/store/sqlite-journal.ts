import type Database from 'better-sqlite3';
import { JOURNAL_GENESIS, type JournalRecord } from '../../shared/protocol/staff-journal.js';
import { bytesOf, journalFromColumns, type JournalColumns } from './envelope-columns.js';
import type { JournalAppend } from './relay-store.js';

/**
 * The staff journal on SQLite (relay-store.ts, `appendJournal` and `listJournal`). The head check
 * and the insert run in one IMMEDIATE transaction, so two racing appends naming the same head
 * cannot both land; UNIQUE (scheme, previous) backs that up.
 */
export function sqliteJournal(db: Database.Database) {
  const head = db.prepare(
    'SELECT link, seq FROM journal WHERE scheme = ? ORDER BY seq DESC LIMIT 1',
  );
  const count = db.prepare('SELECT count(*) AS n FROM journal WHERE scheme = ?');
  const insert = db.prepare(
    `INSERT INTO journal (scheme, previous, link, nonce, box, stored_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const list = db.prepare(
    `SELECT seq, previous, link, nonce, box FROM journal
     WHERE scheme = ? AND seq > ? ORDER BY seq LIMIT ?`,
  );

  return {
    append(
      scheme: string,
      record: Omit<JournalRecord, 'seq'>,
      now: number,
      maxEntries: number,
    ): JournalAppend {
      const append = db.transaction((): JournalAppend => {
        const last = head.get(scheme) as { link: string } | undefined;
        if (record.previous !== (last?.link ?? JOURNAL_GENESIS)) return { status: 'stale' };
        if ((count.get(scheme) as { n: number }).n >= maxEntries) return { status: 'full' };
        const { envelope } = record;
        const result = insert.run(
          scheme,
          record.previous,
          record.link,
          bytesOf(envelope.nonce),
          bytesOf(envelope.box),
          now,
        );
        return { status: 'appended', seq: Number(result.lastInsertRowid) };
      });
      return append.immediate();
    },

    list(scheme: string, after: number, limit: number): JournalRecord[] {
      return (list.all(scheme, after, limit) as JournalColumns[]).map(journalFromColumns);
    },
  };
}
