import { emptyReport, type Consent, type ReportContent } from '../domain/report.js';
import { toBase64Url } from '../encoding/bytes.js';

/**
 * The state of one report being written: the report itself, the step the reporter is on, and
 * which consent questions they have answered (a question nobody answered is not a "no" they
 * chose, so the form asks rather than assuming). Plain immutable values changed by pure
 * functions; the form holds them in one hook (plain Preact hooks rather than signals keep the
 * widget's first load inside its 25 KB budget).
 */

/** The form's steps, in order. */
export const STEPS = ['what', 'when', 'where', 'who', 'story', 'consent', 'review'] as const;
/** One step's name. */
export type Step = (typeof STEPS)[number];

/** The consent questions, in the order the form asks them. */
export const CONSENT_KEYS = [
  'workerAlert',
  'otherSchemes',
  'policeIntelligence',
  'policeIdentified',
  'reply',
] as const satisfies readonly (keyof Consent)[];
/** One consent question's key in `ReportContent.consent`. */
export type ConsentKey = (typeof CONSENT_KEYS)[number];

/** The form's state; also what the draft store keeps between visits. */
export interface FormDraft {
  report: ReportContent;
  step: number;
  answered: ConsentKey[];
}

/**
 * A fresh report id: 16 random bytes, base64url (22 characters, the relay's id shape). Straight
 * from WebCrypto (not tweetnacl) so the form renders before the crypto chunk loads; throws where
 * there is no secure random source (fail closed).
 */
export function newReportId(): string {
  if (!globalThis.crypto?.getRandomValues) throw new Error('No secure random source.');
  return toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

/** A new form for `scheme`, or the saved draft when it belongs to the same scheme. */
export function createFormState(scheme: string, language: string, draft?: FormDraft): FormDraft {
  if (draft && draft.report?.scheme === scheme) {
    return {
      report: draft.report,
      step: Math.min(Math.max(Math.trunc(draft.step) || 0, 0), STEPS.length - 1),
      answered: CONSENT_KEYS.filter((k) => draft.answered?.includes(k)),
    };
  }
  return { report: emptyReport(newReportId(), scheme, language), step: 0, answered: [] };
}

/** The form with `change` applied to a copy of its report. */
export function withReport(form: FormDraft, change: (draft: ReportContent) => void): FormDraft {
  const report = structuredClone(form.report);
  change(report);
  return { ...form, report };
}

/** The form with one consent question answered. "No" to an identified police report also
 * forgets the contact details typed for it. */
export function withAnswer(form: FormDraft, key: ConsentKey, yes: boolean): FormDraft {
  const next = withReport(form, (r) => {
    r.consent[key] = yes;
    if (key === 'policeIdentified' && !yes) r.reporterContact = '';
  });
  return form.answered.includes(key) ? next : { ...next, answered: [...form.answered, key] };
}
