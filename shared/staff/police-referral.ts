import type { ReportContent } from '../domain/report.js';
import { displayText } from '../text/index.js';

/**
 * Police referrals. Consent is enforced here, not in the UI: a referral of a kind the reporter
 * did not agree to cannot be built. Anonymous intelligence never carries the reporter's contact
 * or reply key; an identified referral adds the contact the reporter gave for police. Each
 * document states the consent it rests on and when it was given.
 */

/** The two kinds of police sharing a reporter can agree to, separately. */
export type ReferralKind = 'intelligence' | 'identified';

/** One labelled line of a referral. Labels are fixed English; values are the reporter's words. */
export interface ReferralField {
  label: string;
  value: string;
}

/** A referral ready to print or save. */
export interface ReferralDocument {
  kind: ReferralKind;
  title: string;
  schemeName: string;
  generatedAt: number;
  consentStatement: string;
  fields: ReferralField[];
}

/** Which kinds of referral a report allows (the UI shows a button only for these). */
export function allowedReferrals(report: ReportContent): ReferralKind[] {
  const kinds: ReferralKind[] = [];
  if (report.consent.policeIntelligence) kinds.push('intelligence');
  if (report.consent.policeIdentified) kinds.push('identified');
  return kinds;
}

/** The outcome of building a referral. */
export type ReferralBuild =
  { ok: true; document: ReferralDocument } | { ok: false; reason: 'no-consent' };

/** Builds a referral of `kind`, or refuses when the reporter did not consent to that kind. */
export function buildReferral(
  report: ReportContent,
  kind: ReferralKind,
  schemeName: string,
  options: { includeNarrative?: boolean; now?: number } = {},
): ReferralBuild {
  if (!allowedReferrals(report).includes(kind)) return { ok: false, reason: 'no-consent' };

  const who = report.who;
  const vehicle = [who.vehicle.colour, who.vehicle.make, who.vehicle.plate].filter(Boolean);
  const fields: ReferralField[] = [
    { label: 'Incident types', value: report.incidentTypes.join(', ') },
    { label: 'Date', value: [report.when.date, report.when.timeOfDay].filter(Boolean).join(' ') },
    { label: 'Area', value: report.where.area },
    { label: 'Setting', value: report.where.setting },
    { label: 'Phone numbers used', value: who.phones.join(', ') },
    { label: 'Emails used', value: who.emails.join(', ') },
    { label: 'Online handles', value: who.handles.join(', ') },
    { label: 'Vehicle', value: vehicle.join(' ') },
    { label: 'Name used', value: who.nameUsed },
    { label: 'Description of the person', value: who.description },
  ];
  if (options.includeNarrative) fields.push({ label: 'Account', value: report.narrative });
  if (kind === 'identified') {
    fields.push({ label: 'Reporter contact (for police)', value: report.reporterContact });
  }

  const consentDate = new Date(report.createdAt).toISOString().slice(0, 10);
  const consentStatement =
    kind === 'identified'
      ? `On ${consentDate} the reporter agreed to an identified report to police, ` +
        'including the contact details below.'
      : `On ${consentDate} the reporter agreed to share this as anonymous intelligence with ` +
        'police. It contains no details of the reporter. Do not ask the scheme to identify them.';

  return {
    ok: true,
    document: {
      kind,
      title:
        kind === 'identified' ? 'Identified report to police' : 'Anonymous intelligence for police',
      schemeName,
      generatedAt: options.now ?? Date.now(),
      consentStatement,
      fields: fields
        .map((f) => ({ ...f, value: displayText(f.value) }))
        .filter((f) => f.value.trim() !== ''),
    },
  };
}

/** The referral as a plain-text file (the "file" staff attach or hand over). */
export function referralText(document: ReferralDocument): string {
  const lines = [
    document.title,
    `From: ${document.schemeName}`,
    `Prepared: ${new Date(document.generatedAt).toISOString().slice(0, 10)}`,
    '',
    `Consent: ${document.consentStatement}`,
    '',
    ...document.fields.map((f) => `${f.label}: ${f.value}`),
    '',
  ];
  return lines.join('\n');
}
