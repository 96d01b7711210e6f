import { openReport } from '../protocol/report-envelope.js';
import type { SchemeSecrets } from '../protocol/keys.js';
import type { ReportContent } from '../domain/report.js';
import { defaultSeverity, type Severity } from '../domain/codes.js';
import { hasExactKeys, isInt, isOneOf, isText } from '../encoding/shape.js';
import type { RelayClient } from '../relay-client.js';
import { openJson, sealJson, staffStateKey } from './sealed-json.js';
import { REPORT_STATUSES, type ReportStatus } from './report-status.js';
import type { StaffDb, StoredReport } from './staff-db.js';
import type { JournalBody, SharedReportState } from './journal-view.js';

/**
 * The inbox of one scheme on this device: envelopes fetched from the relay since a cursor, kept
 * sealed, opened in memory only while the staff tools are unlocked. Status and notes are sealed
 * with the staff-state key, never stored in plain text.
 */

/** What staff track about a report. */
export interface ReportState {
  status: ReportStatus;
  notes: string;
  read: boolean;
  updatedAt: number;
}

/** A report as the inbox shows it. */
export interface InboxEntry extends ReportState {
  id: string;
  seq: number;
  receivedAt: number;
  /** The decrypted report, or null when the envelope does not open to a well-formed report. */
  report: ReportContent | null;
  /** Severity staff start from (from the incident types); null for an unreadable envelope. */
  severity: Severity | null;
}

/** A scheme's inbox. */
export interface Inbox {
  /** Fetches envelopes the relay holds after this device's cursor; returns how many were new. */
  sync(relay: Pick<RelayClient, 'listReports'>): Promise<{ added: number }>;
  /**
   * Every report, newest first; unreadable envelopes after all readable reports, so junk sent
   * to the scheme cannot push real reports down the list.
   */
  list(): Promise<InboxEntry[]>;
  get(id: string): Promise<InboxEntry | null>;
  /** Changes status, notes or the read flag; null when there is no such report. */
  update(id: string, patch: Partial<Omit<ReportState, 'updatedAt'>>): Promise<InboxEntry | null>;
  /** Reports not yet opened by staff on this device. */
  unreadCount(): Promise<number>;
  /**
   * Discards every envelope that does not open to a report: acknowledges them to the relay (so
   * it deletes them after its retention period), then removes them from this device. Returns how
   * many went. Throws RelayError when the relay refuses or is offline; nothing is removed then.
   */
  discardUnreadable(relay: Pick<RelayClient, 'ackReports'>): Promise<{ discarded: number }>;
}

/**
 * Status and notes shared with the scheme's other staff (the staff journal): what colleagues set
 * overrides this device's own record, and changes made here are sent there.
 */
export interface SharedHandling {
  reports(): Promise<Map<string, SharedReportState>>;
  record(body: JournalBody): Promise<unknown>;
}

const PAGE = 100;
/** The relay accepts at most 500 ids per acknowledgement (docs/api.md, body limits). */
const ACK_BATCH = 500;
const MAX_PAGES = 1000;

/** Creates the inbox of the unlocked scheme. */
export function createInbox(db: StaffDb, secrets: SchemeSecrets, shared?: SharedHandling): Inbox {
  const key = staffStateKey(secrets);
  const opened = new Map<string, ReportContent | null>();
  const noShared = new Map<string, SharedReportState>();
  const sharedReports = () => shared?.reports() ?? Promise.resolve(noShared);

  function toEntry(stored: StoredReport, sharedState = noShared): InboxEntry {
    if (!opened.has(stored.id))
      opened.set(stored.id, openReport(stored.envelope, secrets.box.secretKey));
    const report = opened.get(stored.id) ?? null;
    const own = readState(openJson(stored.state, key), stored.receivedAt);
    const fromStaff = sharedState.get(stored.id);
    const state: ReportState = {
      status: fromStaff?.status ?? own.status,
      notes: fromStaff?.notes ?? own.notes,
      read: own.read,
      updatedAt: Math.max(own.updatedAt, fromStaff?.updatedAt ?? 0),
    };
    return {
      id: stored.id,
      seq: stored.seq,
      receivedAt: stored.receivedAt,
      report,
      severity: report ? defaultSeverity(report.incidentTypes) : null,
      ...state,
    };
  }

  async function all(): Promise<StoredReport[]> {
    return db.getAllFromIndex('reports', 'scheme', secrets.scheme);
  }

  return {
    async sync(relay) {
      let after = (await db.get('cursors', secrets.scheme))?.seq ?? 0;
      let added = 0;

      for (let page = 0; page < MAX_PAGES; page++) {
        const { reports, cursor } = await relay.listReports(secrets, after, PAGE);
        const tx = db.transaction(['reports', 'cursors'], 'readwrite');
        const store = tx.objectStore('reports');
        for (const listed of reports) {
          if (listed.envelope?.scheme !== secrets.scheme) continue;
          if (await store.get([secrets.scheme, listed.envelope.id])) continue;
          const state: ReportState = {
            status: 'new',
            notes: '',
            read: false,
            updatedAt: listed.receivedAt,
          };
          await store.put({
            scheme: secrets.scheme,
            id: listed.envelope.id,
            seq: listed.seq,
            receivedAt: listed.receivedAt,
            envelope: listed.envelope,
            state: sealJson(state, key),
          });
          added++;
        }
        const next = Math.max(after, cursor);
        await tx.objectStore('cursors').put({ scheme: secrets.scheme, seq: next });
        await tx.done;
        if (reports.length < PAGE || next === after) break;
        after = next;
      }
      return { added };
    },

    async list() {
      const sharedState = await sharedReports();
      const entries = (await all()).map((stored) => toEntry(stored, sharedState));
      return entries.sort(
        (a, b) =>
          Number(a.report === null) - Number(b.report === null) ||
          b.receivedAt - a.receivedAt ||
          b.seq - a.seq,
      );
    },

    async get(id) {
      const stored = await db.get('reports', [secrets.scheme, id]);
      return stored ? toEntry(stored, await sharedReports()) : null;
    },

    async update(id, patch) {
      const before = await db.get('reports', [secrets.scheme, id]);
      if (!before) return null;
      const shown = toEntry(before, await sharedReports());
      const { status, notes, read } = { ...shown, ...patch };
      const next: ReportState = { status, notes, read, updatedAt: Date.now() };
      if (!isState(next)) throw new TypeError('Inbox.update: malformed status, notes or read flag');

      // Colleagues see status and notes through the journal; the read flag is this device's own.
      if (shared && patch.status !== undefined && patch.status !== shown.status) {
        await shared.record({ type: 'status', report: id, status: patch.status });
      }
      if (shared && patch.notes !== undefined && patch.notes !== shown.notes) {
        await shared.record({ type: 'note', report: id, notes: patch.notes });
      }
      const tx = db.transaction('reports', 'readwrite');
      const stored = await tx.store.get([secrets.scheme, id]);
      if (!stored) return null;
      const updated = { ...stored, state: sealJson(next, key) };
      await tx.store.put(updated);
      await tx.done;
      return toEntry(updated, await sharedReports());
    },

    async unreadCount() {
      return (await all()).filter((s) => !readState(openJson(s.state, key), s.receivedAt).read)
        .length;
    },

    async discardUnreadable(relay) {
      const ids = (await all())
        .map((stored) => toEntry(stored))
        .flatMap((e) => (e.report === null ? [e.id] : []));
      let discarded = 0;

      for (let start = 0; start < ids.length; start += ACK_BATCH) {
        const batch = ids.slice(start, start + ACK_BATCH);
        // Acknowledge first: removing them here without it would leave them on the relay for good.
        await relay.ackReports(secrets, batch);
        const tx = db.transaction('reports', 'readwrite');
        for (const id of batch) {
          await tx.store.delete([secrets.scheme, id]);
          opened.delete(id);
        }
        await tx.done;
        discarded += batch.length;
      }
      return { discarded };
    },
  };
}

function readState(value: unknown, receivedAt: number): ReportState {
  // A state that does not open (another device's key, damage) shows as new rather than vanish.
  return isState(value) ? value : { status: 'new', notes: '', read: false, updatedAt: receivedAt };
}

function isState(value: unknown): value is ReportState {
  return (
    hasExactKeys(value, ['status', 'notes', 'read', 'updatedAt']) &&
    isOneOf(value.status, REPORT_STATUSES) &&
    isText(value.notes, 10_000) &&
    typeof value.read === 'boolean' &&
    isInt(value.updatedAt)
  );
}
