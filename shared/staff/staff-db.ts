import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ReportEnvelope } from '../protocol/report-envelope.js';
import type { JournalRecord } from '../protocol/staff-journal.js';
import type { StaffVault } from '../protocol/staff-vault.js';
import type { SealedJson } from './sealed-json.js';

/**
 * The staff tools' IndexedDB database (one per device, all schemes this device unlocked).
 * Nothing in it is readable without the scheme secrets: report envelopes stay sealed to the
 * scheme's box key and everything staff add is sealed with the staff-state key.
 */

/** One report as kept on this device. */
export interface StoredReport {
  scheme: string;
  id: string;
  seq: number;
  receivedAt: number;
  envelope: ReportEnvelope;
  /** Status, notes and read flag, sealed (see inbox-store.ts). */
  state: SealedJson;
}

/** One sealed record of a scheme (alert drafts, audit entries). */
export interface StoredSealed {
  scheme: string;
  id: string;
  sealed: SealedJson;
}

/** One audit-log entry: the chain fields are in the clear so tampering shows without keys. */
export interface StoredAuditEntry {
  scheme: string;
  seq: number;
  hash: string;
  previous: string;
  sealed: SealedJson;
}

/** A scheme's staff journal entry as the relay listed it (sealed to the journal key). */
export interface StoredJournalRecord extends JournalRecord {
  scheme: string;
}

/**
 * An action made on this device and not yet on the relay, in order (`id` counts up). Sealed with
 * the staff-state key; signed and sealed for the journal only when sent, against the head then.
 */
export interface QueuedJournalEntry {
  scheme: string;
  id: number;
  staff: string;
  sealed: SealedJson;
}

/**
 * A staff vault this device unlocked, kept as the relay served it (passphrase-wrapped: no more
 * readable here than there), with the scheme box key it was made for. After the operator re-keys
 * the scheme the relay no longer has it; with the old passphrase it still opens, which is how the
 * shared log from before the re-key is carried over (journal-rekey.ts).
 */
export interface ArchivedVault {
  scheme: string;
  staff: string;
  boxKey: string;
  vault: StaffVault;
}

/**
 * A new vault of this staff member's (a passphrase change, passphrase-change.ts) whose key change
 * is in the journal but which the relay may not hold yet: unlock here tries it, and it is sent
 * again until the relay takes it. Passphrase-wrapped, so no more readable here than on the relay.
 */
export interface PendingVault {
  scheme: string;
  staff: string;
  /** The journal key the new passphrase yields (base64url): the change landed when it is bound. */
  publicKey: string;
  vault: StaffVault;
}

interface StaffSchema extends DBSchema {
  reports: { key: [string, string]; value: StoredReport; indexes: { scheme: string } };
  drafts: { key: [string, string]; value: StoredSealed; indexes: { scheme: string } };
  audit: { key: [string, number]; value: StoredAuditEntry; indexes: { scheme: string } };
  cursors: { key: string; value: { scheme: string; seq: number } };
  journal: { key: [string, number]; value: StoredJournalRecord; indexes: { scheme: string } };
  'journal-queue': {
    key: [string, number];
    value: QueuedJournalEntry;
    indexes: { scheme: string };
  };
  'vault-archive': { key: [string, string]; value: ArchivedVault; indexes: { scheme: string } };
  'vault-pending': { key: [string, string]; value: PendingVault; indexes: { scheme: string } };
}

/** The database handle type. */
export type StaffDb = IDBPDatabase<StaffSchema>;

/** Default database name; tests pass their own. */
export const STAFF_DB_NAME = 'umn-staff';

/** Opens (and creates or upgrades) the staff database. */
export function openStaffDb(name = STAFF_DB_NAME): Promise<StaffDb> {
  return openDB<StaffSchema>(name, 4, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('reports', { keyPath: ['scheme', 'id'] }).createIndex(
          'scheme',
          'scheme',
        );
        db.createObjectStore('drafts', { keyPath: ['scheme', 'id'] }).createIndex(
          'scheme',
          'scheme',
        );
        db.createObjectStore('audit', { keyPath: ['scheme', 'seq'] }).createIndex(
          'scheme',
          'scheme',
        );
        db.createObjectStore('cursors', { keyPath: 'scheme' });
      }
      // Version 2: the scheme staff journal (staff-journal.ts) and this device's unsent entries.
      if (oldVersion < 2) {
        db.createObjectStore('journal', { keyPath: ['scheme', 'seq'] }).createIndex(
          'scheme',
          'scheme',
        );
        db.createObjectStore('journal-queue', { keyPath: ['scheme', 'id'] }).createIndex(
          'scheme',
          'scheme',
        );
      }
      // Version 3: vaults this device unlocked, to carry the journal over a re-key.
      if (oldVersion < 3) {
        db.createObjectStore('vault-archive', { keyPath: ['scheme', 'staff'] }).createIndex(
          'scheme',
          'scheme',
        );
      }
      // Version 4: a changed passphrase's vault until the relay holds it.
      if (oldVersion < 4) {
        db.createObjectStore('vault-pending', { keyPath: ['scheme', 'staff'] }).createIndex(
          'scheme',
          'scheme',
        );
      }
    },
  });
}
