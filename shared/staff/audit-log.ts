import { canonicalJson } from '../encoding/canonical-json.js';
import { toBase64Url, utf8 } from '../encoding/bytes.js';
import { hasExactKeys, isInt, isOneOf, isText } from '../encoding/shape.js';
import { labelledHash } from '../crypto/hash.js';
import type { SchemeSecrets } from '../protocol/keys.js';
import { openJson, sealJson, staffStateKey } from './sealed-json.js';
import type { StaffDb } from './staff-db.js';

/**
 * The scheme's audit log of staff actions on this device: who (the staff vault id), what (an
 * action code), when, and which report or alert (its random id). Never report content. Each
 * entry's hash covers the previous entry's hash, so an edited, removed or reordered entry breaks
 * the chain and `verify` says where. Entries are sealed with the staff-state key; the chain
 * hashes stay in the clear.
 *
 * Known limit: the log lives on the device that acted. Sharing it between staff devices needs a
 * relay endpoint for sealed log entries (not in API v1).
 */

/** Actions that are logged. */
export const AUDIT_ACTIONS = [
  'unlock',
  'lock',
  'open-report',
  'set-status',
  'save-draft',
  'publish-alert',
  'correct-alert',
  'retract-alert',
  'expire-alert',
  'forward-report',
  'police-referral',
  'reply',
  'create-invite',
  'revoke-invite',
  'export-inbox',
  'discard-unreadable',
  'print-bulletin',
  'add-staff',
  'remove-staff',
] as const;

/** A logged action. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One entry as staff read it. */
export interface AuditEntry {
  seq: number;
  at: number;
  staff: string;
  action: AuditAction;
  /** A report, alert or invite id, a status, or '' (never content). */
  subject: string;
}

/** The result of checking the chain. */
export type AuditCheck = { ok: true; entries: number } | { ok: false; brokenAt: number };

/** A scheme's audit log. */
export interface AuditLog {
  append(staff: string, action: AuditAction, subject?: string, now?: number): Promise<AuditEntry>;
  /** Entries, newest first. Entries that do not open are left out (verify shows them). */
  list(): Promise<AuditEntry[]>;
  verify(): Promise<AuditCheck>;
}

const GENESIS = 'genesis';

/** Opens the audit log of the unlocked scheme. */
export function createAuditLog(db: StaffDb, secrets: SchemeSecrets): AuditLog {
  const key = staffStateKey(secrets);
  const scheme = secrets.scheme;

  async function stored() {
    const all = await db.getAllFromIndex('audit', 'scheme', scheme);
    return all.sort((a, b) => a.seq - b.seq);
  }

  return {
    async append(staff, action, subject = '', now = Date.now()) {
      if (!isOneOf(action, AUDIT_ACTIONS)) throw new TypeError('AuditLog.append: unknown action');
      if (!isText(subject, 200)) throw new TypeError('AuditLog.append: subject too long');

      const tx = db.transaction('audit', 'readwrite');
      const cursor = await tx.store.index('scheme').openCursor(IDBKeyRange.only(scheme), 'prev');
      // The index orders by primary key within a scheme, so the first one back is the last entry.
      const last = cursor?.value;
      const seq = last ? last.seq + 1 : 1;
      const entry: AuditEntry = { seq, at: now, staff, action, subject };
      const previous = last ? last.hash : GENESIS;
      await tx.store.put({
        scheme,
        seq,
        previous,
        hash: chainHash(scheme, previous, entry),
        sealed: sealJson(entry, key),
      });
      await tx.done;
      return entry;
    },

    async list() {
      const entries = (await stored()).map((s) => openJson(s.sealed, key)).filter(isEntry);
      return entries.reverse();
    },

    async verify() {
      let previous = GENESIS;
      let expectedSeq = 1;
      for (const s of await stored()) {
        const entry = openJson(s.sealed, key);
        const intact =
          isEntry(entry) &&
          entry.seq === s.seq &&
          s.seq === expectedSeq &&
          s.previous === previous &&
          s.hash === chainHash(scheme, previous, entry);
        if (!intact) return { ok: false, brokenAt: s.seq };
        previous = s.hash;
        expectedSeq++;
      }
      return { ok: true, entries: expectedSeq - 1 };
    },
  };
}

function chainHash(scheme: string, previous: string, entry: AuditEntry): string {
  const bytes = utf8(canonicalJson({ scheme, previous, ...entry }));
  return toBase64Url(labelledHash('audit-entry', bytes, 32));
}

function isEntry(value: unknown): value is AuditEntry {
  return (
    hasExactKeys(value, ['seq', 'at', 'staff', 'action', 'subject']) &&
    isInt(value.seq, 1) &&
    isInt(value.at) &&
    isText(value.staff, 100) &&
    isOneOf(value.action, AUDIT_ACTIONS) &&
    isText(value.subject, 200)
  );
}
