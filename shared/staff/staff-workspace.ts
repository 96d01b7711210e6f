import type { Directory, DirectoryScheme } from '../protocol/directory.js';
import type { RelayClient } from '../relay-client.js';
import type { AlertContent } from '../domain/alert.js';
import { createBlindMatcher, type BlindMatcher } from './blind-matching.js';
import { createInbox, type Inbox } from './inbox-store.js';
import { createDraftStore, type DraftStore } from './draft-store.js';
import type { AuditAction, AuditLog } from './audit-log.js';
import { createStaffJournal, type StaffJournal } from './staff-journal.js';
import { carryJournalOver, vaultsBeforeRekey } from './journal-rekey.js';
import { fetchAlertFeed, type AlertFeedState } from './alert-feed.js';
import type { StaffDb } from './staff-db.js';
import type { StaffSession } from './staff-session.js';

/**
 * Everything an unlocked staff member works with, built once per unlock: the relay client, the
 * verified directory and this scheme's entry in it, the sealed inbox, the staff journal shared
 * with colleagues (statuses, notes, drafts and the audit log travel in it), and a short-lived
 * cache of the network's current alerts (matching and alert management read it).
 */
export interface StaffWorkspace {
  session: StaffSession;
  relay: RelayClient;
  directory: Directory;
  scheme: DirectoryScheme;
  inbox: Inbox;
  drafts: DraftStore;
  audit: AuditLog;
  /** The scheme staff journal: `sync()` sends this device's queue and reads colleagues'. */
  journal: StaffJournal;
  /**
   * After a re-key: whether this device kept a vault of the old keys, and carrying the shared
   * log of before over with the passphrase of then (journal-rekey.ts).
   */
  rekey: {
    canCarry(): Promise<boolean>;
    carry(passphrase: string): Promise<'carried' | 'wrong-passphrase'>;
  };
  /** Cross-scheme blind matching: publishes open reports' tokens, asks about an opened one. */
  matcher: BlindMatcher;
  /** Appends to the audit log as this staff member. */
  record(action: AuditAction, subject?: string): Promise<void>;
  /** The network's current alerts, fetched at most once a minute unless `fresh`. */
  alertFeed(fresh?: boolean): Promise<AlertFeedState>;
  /** The scheme's own current alerts. */
  ownAlerts(fresh?: boolean): Promise<AlertContent[]>;
}

const FEED_TTL = 60_000;

/** Builds the workspace; null when the directory does not list the session's scheme. */
export function createWorkspace(
  session: StaffSession,
  relay: RelayClient,
  directory: Directory,
  db: StaffDb,
): StaffWorkspace | null {
  const scheme = directory.schemes.find((s) => s.id === session.scheme);
  if (!scheme) return null;

  const journal = createStaffJournal(db, relay, session);
  const audit: AuditLog = {
    list: async () => (await journal.view()).audit,
    verify: async () => (await journal.view()).check,
  };
  const shared = {
    reports: async () => (await journal.view()).reports,
    record: (body: Parameters<StaffJournal['append']>[0]) => journal.append(body),
  };
  let feed: { at: number; state: Promise<AlertFeedState> } | null = null;

  const workspace: StaffWorkspace = {
    session,
    relay,
    directory,
    scheme,
    inbox: createInbox(db, session.secrets, shared),
    drafts: createDraftStore(journal, session.secrets),
    audit,
    journal,
    rekey: {
      canCarry: async () => (await vaultsBeforeRekey(db, session.scheme, scheme.boxKey)).length > 0,
      carry: async (passphrase) =>
        carryJournalOver(
          db,
          journal,
          await vaultsBeforeRekey(db, session.scheme, scheme.boxKey),
          passphrase,
        ),
    },
    matcher: createBlindMatcher(relay, session.secrets),
    async record(action, subject) {
      await journal.append({ type: 'audit', action, subject: subject ?? '' });
    },
    alertFeed(fresh = false) {
      if (!feed || fresh || Date.now() - feed.at > FEED_TTL) {
        const state = fetchAlertFeed(relay, session.secrets.members, directory);
        feed = { at: Date.now(), state };
        // A failed fetch must not stay cached.
        state.catch(() => {
          if (feed?.state === state) feed = null;
        });
      }
      return feed.state;
    },
    async ownAlerts(fresh = false) {
      const state = await workspace.alertFeed(fresh);
      return state.alerts.filter((a) => a.scheme === session.scheme);
    },
  };
  return workspace;
}
