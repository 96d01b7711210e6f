import type { JournalFault } from '../protocol/staff-journal.js';

/**
 * The scheme's audit log of staff actions: who (the staff vault id), what (an action code), when,
 * and which report, alert or invite (its random id). Never report content. It is read from the
 * scheme staff journal (staff-journal.ts), which every staff member of the scheme shares through
 * the relay: each entry is signed by the staff member who acted and chained to the one before, so
 * an edited, removed, reordered or forged entry shows (docs/staff.md, "Audit log").
 */

/** Actions that are logged. */
export const AUDIT_ACTIONS = [
  'unlock',
  'lock',
  'open-report',
  'set-status',
  'edit-notes',
  'save-draft',
  'remove-draft',
  'publish-alert',
  'correct-alert',
  'retract-alert',
  'expire-alert',
  'forward-report',
  'police-referral',
  'reply',
  'create-invite',
  'revoke-invite',
  'remove-device',
  'rotate-members-key',
  'export-inbox',
  'discard-unreadable',
  'print-bulletin',
  'add-staff',
  'remove-staff',
  'join-journal',
  'change-passphrase',
  'carry-journal',
  'share-invite-key',
  'send-members-key',
] as const;

/** A logged action. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One entry as staff read it. */
export interface AuditEntry {
  /** The entry's place in the scheme's journal; 0 while it waits on this device to be sent. */
  seq: number;
  at: number;
  staff: string;
  action: AuditAction;
  /** A report, alert or invite id, or '' (never content). */
  subject: string;
  /** A status code for `set-status`, else '' (never content). */
  detail: string;
  /** True while the entry is queued on this device (offline, or not yet sent). */
  pending: boolean;
}

/** The result of checking the journal's chain and signatures. */
export interface AuditCheck {
  /** True when every entry links, opens and carries its staff member's signature. */
  ok: boolean;
  /** Entries that verified. */
  entries: number;
  /** The first entry that does not link to the one before (edited, removed, reordered). */
  brokenAt: number | null;
  /** Entries that link but were refused: forged, signed by the wrong key, or not openable. */
  refused: { seq: number; fault: Exclude<JournalFault, 'broken-link'> }[];
}

/** A scheme's audit log. */
export interface AuditLog {
  /** Entries, newest first. */
  list(): Promise<AuditEntry[]>;
  verify(): Promise<AuditCheck>;
}
