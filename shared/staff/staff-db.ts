import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ReportEnvelope } from '../protocol/report-envelope.js';
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

interface StaffSchema extends DBSchema {
  reports: { key: [string, string]; value: StoredReport; indexes: { scheme: string } };
  drafts: { key: [string, string]; value: StoredSealed; indexes: { scheme: string } };
  audit: { key: [string, number]; value: StoredAuditEntry; indexes: { scheme: string } };
  cursors: { key: string; value: { scheme: string; seq: number } };
}

/** The database handle type. */
export type StaffDb = IDBPDatabase<StaffSchema>;

/** Default database name; tests pass their own. */
export const STAFF_DB_NAME = 'umn-staff';

/** Opens (and creates or upgrades) the staff database. */
export function openStaffDb(name = STAFF_DB_NAME): Promise<StaffDb> {
  return openDB<StaffSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('reports', { keyPath: ['scheme', 'id'] }).createIndex(
        'scheme',
        'scheme',
      );
      db.createObjectStore('drafts', { keyPath: ['scheme', 'id'] }).createIndex('scheme', 'scheme');
      db.createObjectStore('audit', { keyPath: ['scheme', 'seq'] }).createIndex('scheme', 'scheme');
      db.createObjectStore('cursors', { keyPath: 'scheme' });
    },
  });
}
