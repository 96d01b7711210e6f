import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { labelledHash } from '../crypto/hash.js';
import type { Identifier } from '../domain/codes.js';
import type { ReportContent } from '../domain/report.js';
import { toBase64Url, utf8 } from '../encoding/bytes.js';
import type { SchemeSecrets } from '../protocol/keys.js';
import { matchingToken } from '../protocol/matching-token.js';
import type { RelayClient } from '../relay-client.js';
import { reportIdentifiers } from './alert-draft.js';
import { HANDLED_STATUSES, type ReportStatus } from './report-status.js';

/**
 * Cross-scheme blind matching for staff (issue 8, docs/staff.md "Blind matching"). While a
 * scheme holds a report unpublished, it publishes the keyed tokens of the report's identifiers
 * under a ref; opening a report asks the relay which OTHER schemes hold any of its tokens.
 *
 * - Tokens are made from identifiers normalised by shared/identifiers (`readIdentifierAs`, via
 *   `reportIdentifiers`), so "07700 900321" and "+44 7700 900 321" give the same token.
 * - Tokens are published only when the reporter agreed to sharing with other schemes or to a
 *   worker alert: a token reveals only "some report names this identifier", but a reporter who
 *   said no to both expects the report to stay inside the scheme.
 * - The ref is derived from the report id with a key only this scheme holds, so every staff
 *   device of the scheme uses the same ref (one withdraws what another published) and the relay,
 *   which knows report ids, cannot link a ref to a report.
 * - Published sets expire after {@link TOKEN_LIFETIME_MS}; each unlock publishes again, so a
 *   report still open is refreshed and a forgotten one drops out on its own.
 */

/** How long a published token set lives on the relay unless published again. */
export const TOKEN_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

/** One identifier of a report with its token. */
export interface TokenisedIdentifier {
  identifier: Identifier;
  token: string;
}

/** An identifier of the opened report that other schemes also hold unpublished reports about. */
export interface CrossSchemeMatch {
  identifier: Identifier;
  /** Scheme ids, never this scheme. */
  schemes: string[];
}

/** The outcome of asking about a report (expected failures are results, not throws). */
export type CrossSchemeAnswer =
  | { status: 'ok'; matches: CrossSchemeMatch[] }
  /** This vault predates the network matching key: staff must unlock a re-keyed vault. */
  | { status: 'no-key' }
  /** The relay could not be asked; matches are unknown. */
  | { status: 'offline' };

/** What publishing one report's tokens did. */
export type PublishOutcome = 'published' | 'withdrawn' | 'skipped' | 'no-key' | 'offline';

/** True when the reporter's consent allows publishing the report's tokens. */
export function mayPublishTokens(report: ReportContent): boolean {
  return report.consent.otherSchemes || report.consent.workerAlert;
}

/** The report's matchable identifiers and their tokens (partial or unreadable ones left out). */
export function reportTokens(
  report: ReportContent,
  matchingKey: Uint8Array,
): TokenisedIdentifier[] {
  const out: TokenisedIdentifier[] = [];
  for (const identifier of reportIdentifiers(report).identifiers) {
    const token = matchingToken(identifier, matchingKey);
    if (token) out.push({ identifier, token });
  }
  return out;
}

/** The relay ref of a report's token set: stable per scheme, unlinkable to the report id. */
export function matchRef(secrets: SchemeSecrets, reportId: string): string {
  const key = labelledHash('match-ref-key', secrets.box.secretKey);
  try {
    return toBase64Url(hmac(sha256, key, utf8(`umn1:match-ref\n${reportId}`)).subarray(0, 16));
  } finally {
    key.fill(0);
  }
}

/** The report facts publishing needs. */
export interface MatchableReport {
  id: string;
  status: ReportStatus;
  report: ReportContent | null;
  /** When its status last changed (InboxEntry.updatedAt): a snapshot older than a withdrawal is stale. */
  updatedAt?: number;
}

/** Publishes, refreshes or withdraws reports' tokens, and asks about an opened report. */
export interface BlindMatcher {
  /**
   * Publishes one report's tokens when it is open (not alerted, referred or closed), its consent
   * allows and it names a matchable identifier; once per unlock. A report this session published
   * that is no longer so is withdrawn. Anything else sends nothing.
   */
  sync(entry: MatchableReport): Promise<PublishOutcome>;
  /**
   * Withdraws a report's tokens whoever published them (any staff device of this scheme uses
   * the same ref): call when staff alert, refer or close it.
   */
  withdraw(reportId: string): Promise<PublishOutcome>;
  /** {@link sync} for many reports, one after another; the count of each outcome. */
  syncAll(entries: readonly MatchableReport[]): Promise<Record<PublishOutcome, number>>;
  /** Which other schemes hold unpublished reports naming this report's identifiers. */
  query(report: ReportContent): Promise<CrossSchemeAnswer>;
}

/** Creates the matcher of one unlocked session. */
export function createBlindMatcher(
  relay: Pick<RelayClient, 'putMatchTokens' | 'deleteMatchTokens' | 'queryMatches'>,
  secrets: SchemeSecrets,
  now: () => number = Date.now,
): BlindMatcher {
  // Reports this session published, so a repeat sync costs nothing.
  const published = new Set<string>();
  // When this session withdrew each report: an older snapshot must not publish it again.
  const withdrawnAt = new Map<string, number>();
  // One relay call at a time per report, so a withdrawal never overtakes a publication in flight.
  const queues = new Map<string, Promise<unknown>>();

  function serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(id) ?? Promise.resolve()).then(task, task);
    const settled = run.catch(() => undefined);
    queues.set(id, settled);
    void settled.then(() => {
      if (queues.get(id) === settled) queues.delete(id);
    });
    return run;
  }

  function withdraw(id: string): Promise<PublishOutcome> {
    if (!secrets.matchingKey) return Promise.resolve('no-key');
    withdrawnAt.set(id, now());
    return serial(id, async () => {
      try {
        await relay.deleteMatchTokens(secrets, matchRef(secrets, id));
      } catch {
        return 'offline';
      }
      published.delete(id);
      return 'withdrawn';
    });
  }

  function sync(entry: MatchableReport): Promise<PublishOutcome> {
    const key = secrets.matchingKey;
    if (!key) return Promise.resolve('no-key');
    const report = entry.report;
    const open = !HANDLED_STATUSES.includes(entry.status);
    const withdrawn = withdrawnAt.get(entry.id);
    const stale = withdrawn !== undefined && (entry.updatedAt ?? 0) <= withdrawn;
    const tokens =
      open && !stale && report && mayPublishTokens(report) ? reportTokens(report, key) : [];
    if (tokens.length === 0) {
      return published.has(entry.id) && !stale ? withdraw(entry.id) : Promise.resolve('skipped');
    }
    return serial(entry.id, async () => {
      if (published.has(entry.id)) return 'skipped';
      try {
        await relay.putMatchTokens(
          secrets,
          matchRef(secrets, entry.id),
          tokens.map((t) => t.token),
          now() + TOKEN_LIFETIME_MS,
        );
      } catch {
        return 'offline';
      }
      published.add(entry.id);
      return 'published';
    });
  }

  return {
    sync,
    withdraw,
    async syncAll(entries) {
      const counts: Record<PublishOutcome, number> = {
        published: 0,
        withdrawn: 0,
        skipped: 0,
        'no-key': 0,
        offline: 0,
      };
      for (const entry of entries) counts[await sync(entry)]++;
      return counts;
    },
    async query(report) {
      const key = secrets.matchingKey;
      if (!key) return { status: 'no-key' };
      const tokens = reportTokens(report, key);
      if (tokens.length === 0) return { status: 'ok', matches: [] };
      let answer: Awaited<ReturnType<RelayClient['queryMatches']>>;
      try {
        answer = await relay.queryMatches(
          secrets,
          tokens.map((t) => t.token),
        );
      } catch {
        return { status: 'offline' };
      }
      const byToken = new Map(answer.matches.map((m) => [m.token, m.schemes]));
      const matches: CrossSchemeMatch[] = [];
      for (const { identifier, token } of tokens) {
        const schemes = (byToken.get(token) ?? []).filter((s) => s !== secrets.scheme);
        if (schemes.length > 0) matches.push({ identifier, schemes });
      }
      return { status: 'ok', matches };
    },
  };
}
