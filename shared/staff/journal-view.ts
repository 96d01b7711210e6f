import { isAlertContent, type AlertContent } from '../domain/alert.js';
import { fromBase64UrlExact } from '../encoding/bytes.js';
import {
  hasExactKeys,
  isFields,
  isId,
  isInt,
  isListOf,
  isOneOf,
  isText,
} from '../encoding/shape.js';
import type { JournalCheck, JournalEntry } from '../protocol/staff-journal.js';
import { AUDIT_ACTIONS, type AuditAction, type AuditCheck, type AuditEntry } from './audit-log.js';
import { REPORT_STATUSES, type ReportStatus } from './report-status.js';

/**
 * What the scheme's staff share through the journal (staff-journal.ts), and how a device folds
 * the verified entries into its view: the latest status and notes of each report, the drafts
 * waiting for approval, and the audit log. Later entries in the chain win, so every device that
 * holds the same chain shows the same state whatever order it learnt things in.
 */

/** A saved draft and the report it came from (drafts awaiting approval). */
export interface SavedDraft {
  alert: AlertContent;
  reportId: string;
  savedAt: number;
}

/** One shared action, as it is signed into the journal. Never report content in `audit`. */
export type JournalBody =
  | { type: 'audit'; action: AuditAction; subject: string }
  | { type: 'status'; report: string; status: ReportStatus }
  | { type: 'note'; report: string; notes: string }
  | { type: 'draft'; draft: SavedDraft }
  | { type: 'draft-removed'; alert: string }
  /** Journal keys of before a re-key, carried over by a staff member who held them. */
  | { type: 'journal-keys'; keys: string[] }
  /** An invite's enrolment key, so every staff device can check its device (invite-keys.ts). */
  | InviteKeyBody
  /** The members' key epoch staff sent to the devices of these invites (invite-keys.ts). */
  | { type: 'members-key-sent'; epoch: number; invites: string[] };

/**
 * An invite's enrolment key and what staff need to know of the invite: its id, when it was made,
 * when it expires and the newest members' key epoch its code carried (null for keys made before
 * the journal carried them, published later by the device that kept them). Nothing about the
 * worker.
 */
export type InviteKeyBody = {
  type: 'invite-key';
  invite: string;
  /** The enrolment key, base64url of 32 bytes (docs/protocol.md §4.6). */
  key: string;
  createdAt: number | null;
  expiresAt: number | null;
  epoch: number | null;
};

/** An invite as the journal tells it: its enrolment key, and whether staff revoked or removed it. */
export interface SharedInvite {
  id: string;
  key: string;
  createdAt: number | null;
  expiresAt: number | null;
  /** The newest members' key epoch the invite's code carried (null: not known). */
  epoch: number | null;
  /** The newest epoch staff sent to the device enrolled with it (null: none recorded). */
  sent: number | null;
  /** A staff member revoked it (audit `revoke-invite`). */
  revoked: boolean;
  /** A staff member removed the device that enrolled with it (audit `remove-device`). */
  removed: boolean;
}

/** A report's shared handling: each field as last set in the chain, with who and when. */
export interface SharedReportState {
  status?: ReportStatus;
  notes?: string;
  updatedAt: number;
  updatedBy: string;
}

/** A journal entry folded in: verified ones first (in chain order), then this device's unsent. */
export interface FoldInput {
  seq: number | null;
  staff: string;
  at: number;
  body: JournalEntry['body'];
}

/** The shared view a device shows. */
export interface JournalView {
  reports: Map<string, SharedReportState>;
  /** Drafts waiting for approval, newest first. */
  drafts: SavedDraft[];
  /** Invites whose enrolment key is in the journal, by invite id. */
  invites: Map<string, SharedInvite>;
  /** The audit log, newest first (unsent entries of this device first, marked pending). */
  audit: AuditEntry[];
  check: AuditCheck;
}

/** True for a body this version understands (anything else verified is listed, not folded). */
export function isJournalBody(value: unknown): value is JournalBody {
  if (!isFields(value)) return false;
  switch (value.type) {
    case 'audit':
      return (
        hasExactKeys(value, ['type', 'action', 'subject']) &&
        isOneOf(value.action, AUDIT_ACTIONS) &&
        isText(value.subject, 200)
      );
    case 'status':
      return (
        hasExactKeys(value, ['type', 'report', 'status']) &&
        isId(value.report) &&
        isOneOf(value.status, REPORT_STATUSES)
      );
    case 'note':
      return (
        hasExactKeys(value, ['type', 'report', 'notes']) &&
        isId(value.report) &&
        isText(value.notes, 10_000)
      );
    case 'draft':
      return hasExactKeys(value, ['type', 'draft']) && isSavedDraft(value.draft);
    case 'draft-removed':
      return hasExactKeys(value, ['type', 'alert']) && isId(value.alert);
    case 'journal-keys':
      return (
        hasExactKeys(value, ['type', 'keys']) &&
        isListOf(value.keys, 20, (k): k is string => fromBase64UrlExact(k, 32) !== null) &&
        value.keys.length > 0
      );
    case 'invite-key':
      return (
        hasExactKeys(value, ['type', 'invite', 'key', 'createdAt', 'expiresAt', 'epoch']) &&
        isId(value.invite) &&
        fromBase64UrlExact(value.key, 32) !== null &&
        (value.createdAt === null || isInt(value.createdAt)) &&
        (value.expiresAt === null || isInt(value.expiresAt)) &&
        (value.epoch === null || isInt(value.epoch))
      );
    case 'members-key-sent':
      return (
        hasExactKeys(value, ['type', 'epoch', 'invites']) &&
        isInt(value.epoch) &&
        isListOf(value.invites, 100, isId) &&
        value.invites.length > 0
      );
    default:
      return false;
  }
}

/** True for a well-formed saved draft. */
export function isSavedDraft(value: unknown): value is SavedDraft {
  return (
    hasExactKeys(value, ['alert', 'reportId', 'savedAt']) &&
    isAlertContent(value.alert) &&
    isId(value.reportId) &&
    isInt(value.savedAt)
  );
}

/** Folds entries (chain order, then unsent) into the view; `check` is the chain's verdict. */
export function foldJournal(
  entries: readonly FoldInput[],
  check: Pick<JournalCheck, 'entries' | 'brokenAt' | 'refused'>,
): JournalView {
  const reports = new Map<string, SharedReportState>();
  const drafts = new Map<string, SavedDraft>();
  const invites = new Map<string, SharedInvite>();
  // Revocations and removals are audit entries (the staff page already writes them); they apply
  // wherever they sit in the chain, so a removal written before the key was shared still counts.
  const revoked = new Set<string>();
  const removed = new Set<string>();
  const sent = new Map<string, number>();
  const audit: AuditEntry[] = [];

  for (const entry of entries) {
    const { body } = entry;
    const pending = entry.seq === null;
    const base = { seq: entry.seq ?? 0, at: entry.at, staff: entry.staff, pending };
    if (body.type === 'staff-key') {
      audit.push({ ...base, action: 'join-journal', subject: '', detail: '' });
      continue;
    }
    // A new passphrase: the audit page says so, never which key.
    if (body.type === 'staff-key-change') {
      audit.push({ ...base, action: 'change-passphrase', subject: '', detail: '' });
      continue;
    }
    if (!isJournalBody(body)) continue;

    switch (body.type) {
      case 'audit':
        audit.push({ ...base, action: body.action, subject: body.subject, detail: '' });
        if (body.action === 'revoke-invite') revoked.add(body.subject);
        if (body.action === 'remove-device') removed.add(body.subject);
        break;
      case 'status':
      case 'note': {
        const state: SharedReportState = {
          ...reports.get(body.report),
          updatedAt: entry.at,
          updatedBy: entry.staff,
        };
        if (body.type === 'status') state.status = body.status;
        else state.notes = body.notes;
        reports.set(body.report, state);
        // Notes are content: the audit log says that they changed, never what they say.
        const action = body.type === 'status' ? 'set-status' : 'edit-notes';
        const detail = body.type === 'status' ? body.status : '';
        audit.push({ ...base, action, subject: body.report, detail });
        break;
      }
      case 'draft':
        drafts.set(body.draft.alert.id, body.draft);
        audit.push({ ...base, action: 'save-draft', subject: body.draft.alert.id, detail: '' });
        break;
      case 'draft-removed':
        drafts.delete(body.alert);
        audit.push({ ...base, action: 'remove-draft', subject: body.alert, detail: '' });
        break;
      case 'journal-keys':
        // The keys themselves never reach the audit page.
        audit.push({ ...base, action: 'carry-journal', subject: '', detail: '' });
        break;
      case 'invite-key': {
        // The first key shared for an invite stands; the key itself never reaches the audit page.
        const { invite, key, createdAt, expiresAt, epoch } = body;
        if (!invites.has(invite)) {
          invites.set(invite, {
            id: invite,
            key,
            createdAt,
            expiresAt,
            epoch,
            sent: null,
            revoked: false,
            removed: false,
          });
        }
        audit.push({ ...base, action: 'share-invite-key', subject: invite, detail: '' });
        break;
      }
      case 'members-key-sent':
        for (const invite of body.invites) {
          sent.set(invite, Math.max(sent.get(invite) ?? 0, body.epoch));
        }
        audit.push({ ...base, action: 'send-members-key', subject: `${body.epoch}`, detail: '' });
        break;
    }
  }
  for (const invite of invites.values()) {
    invite.revoked = revoked.has(invite.id);
    invite.removed = removed.has(invite.id);
    invite.sent = sent.get(invite.id) ?? null;
  }

  return {
    reports,
    drafts: [...drafts.values()].sort((a, b) => b.savedAt - a.savedAt),
    invites,
    audit: audit.reverse(),
    check: {
      ok: check.brokenAt === null && check.refused.length === 0,
      entries: check.entries.length,
      brokenAt: check.brokenAt,
      refused: check.refused,
    },
  };
}
