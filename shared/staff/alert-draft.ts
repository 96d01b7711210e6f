import { readIdentifierAs } from '../identifiers/index.js';
import { isAlertContent, type AlertContent } from '../domain/alert.js';
import {
  defaultSeverity,
  PARTIAL_KIND_OF,
  type Identifier,
  type IdentifierKind,
} from '../domain/codes.js';
import type { ReportContent } from '../domain/report.js';
import { toBase64Url } from '../encoding/bytes.js';
import { randomBytes } from '../crypto/random.js';

/**
 * The alert editor's logic. A draft starts from the report's consented fields only: nothing is
 * drafted at all unless the reporter agreed to an anonymised alert for workers. The reporter's
 * narrative, name used, description and contact never enter a draft: staff write the public
 * description themselves (USERS.md: staff "sanitise" every report).
 */

/** Default lifetime of an alert: long enough to matter, short enough to stay defensible. */
export const DEFAULT_ALERT_DAYS = 90;

const DAY = 86_400_000;

/** An identifier from the report that could not be read as its kind (shown, never logged). */
export interface UnreadIdentifier {
  kind: IdentifierKind;
  /** Position in the report's list of that kind, so the UI can point at it. */
  index: number;
}

/** The result of starting a draft from a report. */
export type DraftStart =
  | { ok: true; draft: AlertContent; unread: UnreadIdentifier[] }
  | { ok: false; reason: 'no-worker-consent' };

/**
 * Starts an alert draft from a report: area, date, setting, incident types, the default
 * severity and the normalised identifiers, tagged with the scheme's regions.
 */
export function draftAlertFromReport(
  report: ReportContent,
  regions: readonly string[],
  now = Date.now(),
): DraftStart {
  if (!report.consent.workerAlert) return { ok: false, reason: 'no-worker-consent' };

  const { identifiers, unread } = reportIdentifiers(report);
  const draft: AlertContent = {
    v: 1,
    kind: 'alert',
    id: toBase64Url(randomBytes(16)),
    scheme: report.scheme,
    revision: 1,
    issuedAt: now,
    expiresAt: now + DEFAULT_ALERT_DAYS * DAY,
    regions: regions.slice(0, 20),
    area: report.where.area.slice(0, 200),
    incidentDate: report.when.date,
    severity: defaultSeverity(report.incidentTypes),
    incidentTypes: [...report.incidentTypes],
    setting: report.where.setting,
    identifiers,
    advice: [],
    description: '',
  };
  return { ok: true, draft, unread };
}

/**
 * Reads every identifier in a report as its kind (or as part of one), dropping duplicates after
 * normalising.
 */
export function reportIdentifiers(report: ReportContent): {
  identifiers: Identifier[];
  unread: UnreadIdentifier[];
} {
  const typed: [IdentifierKind, string[]][] = [
    ['phone', report.who.phones],
    ['email', report.who.emails],
    ['handle', report.who.handles],
    ['plate', report.who.vehicle.plate ? [report.who.vehicle.plate] : []],
  ];
  const identifiers: Identifier[] = [];
  const unread: UnreadIdentifier[] = [];
  const seen = new Set<string>();

  for (const [kind, values] of typed) {
    values.forEach((raw, index) => {
      if (!raw.trim()) return;
      // What the reporter knew of a number or plate ("900789", the last digits) is kept as
      // the part it is, which workers' checks of whole numbers match.
      let reading = readIdentifierAs(kind, raw);
      const part = PARTIAL_KIND_OF[kind];
      if (!reading.ok && part) {
        const partial = readIdentifierAs(part, raw);
        if (partial.ok) reading = partial;
      }
      if (!reading.ok) {
        unread.push({ kind, index });
        return;
      }
      const key = `${reading.identifier.kind}:${reading.identifier.value}`;
      if (seen.has(key)) return;
      seen.add(key);
      identifiers.push(reading.identifier);
    });
  }
  return { identifiers: identifiers.slice(0, 30), unread };
}

/** A reason a draft cannot be published yet. */
export type DraftProblem =
  | 'no-incident-type'
  | 'no-region'
  | 'expired'
  | 'description-too-long'
  | 'area-too-long'
  | 'malformed';

/**
 * Checks a draft before the preview: returns what staff must fix, or an empty list. Publishing
 * stamps `issuedAt` (see finaliseAlert), so expiry is checked against `now`.
 */
export function draftProblems(draft: AlertContent, now = Date.now()): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.incidentTypes.length === 0) problems.push('no-incident-type');
  if (draft.regions.length === 0) problems.push('no-region');
  if (draft.expiresAt <= now) problems.push('expired');
  if (draft.description.length > 2000) problems.push('description-too-long');
  if (draft.area.length > 200) problems.push('area-too-long');
  if (problems.length === 0 && !isAlertContent(finaliseAlert(draft, now))) {
    problems.push('malformed');
  }
  return problems;
}

/** The alert as it will be signed: issued now. */
export function finaliseAlert(draft: AlertContent, now = Date.now()): AlertContent {
  return { ...draft, issuedAt: now };
}

/**
 * A correction: the same alert id with the next revision, issued now. Workers keep the highest
 * revision, so the correction replaces the original everywhere.
 */
export function correctionOf(
  published: AlertContent,
  changes: Partial<AlertContent>,
): AlertContent {
  return {
    ...published,
    ...changes,
    v: 1,
    kind: 'alert',
    id: published.id,
    scheme: published.scheme,
    revision: published.revision + 1,
  };
}

/** An expiry: a revision whose lifetime ends a minute from now (the feed then drops it). */
export function expiryOf(published: AlertContent, now = Date.now()): AlertContent {
  return { ...correctionOf(published, {}), issuedAt: now, expiresAt: now + 60_000 };
}
