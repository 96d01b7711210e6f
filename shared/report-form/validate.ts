import type { ReportContent } from '../domain/report.js';
import { CONSENT_KEYS, type ConsentKey, type Step } from './form-state.js';

/**
 * Field-level checks for each step, as pure functions: each problem names the field it belongs
 * to and a message key that tells the reporter what to do (shared/i18n `form` catalogue). Only
 * what would stop the report from being sealed, or would mislead staff, blocks a step; a number
 * we cannot read is a warning shown beside the field, never a reason to refuse the report.
 */

/** One problem with one field. */
export interface FieldProblem {
  /** The field's id in the form (`incidentTypes`, `phone-0`, `consent-reply`, ...). */
  field: string;
  /** Message key in the `form` catalogue. */
  message: string;
  vars?: Record<string, string | number>;
  /**
   * Message key of the question the problem is about, where the message alone does not say
   * (five "Choose yes or no." in a summary): the summary shows it before the message.
   */
  question?: string;
}

/** The limits isReportContent enforces (shared/domain/report.ts), checked here first. */
export const LIMITS = { short: 200, list: 10, description: 2000, narrative: 20000 } as const;

/** Problems that stop the reporter leaving `step`; empty when the step is fine. */
export function validateStep(
  step: Step,
  report: ReportContent,
  answered: readonly ConsentKey[],
  today: string,
): FieldProblem[] {
  switch (step) {
    case 'what':
      return report.incidentTypes.length === 0
        ? [{ field: 'incidentTypes', message: 'what.error-none' }]
        : [];
    case 'when':
      return validateDate(report.when.date, today);
    case 'where':
      return tooLong('area', report.where.area, LIMITS.short);
    case 'who':
      return validateWho(report);
    case 'story':
      return tooLong('narrative', report.narrative, LIMITS.narrative);
    case 'consent':
      return validateConsent(report, answered);
    case 'review':
      return [];
  }
}

/** Every problem in the report, step by step (what the review step checks before sending). */
export function validateReport(
  report: ReportContent,
  answered: readonly ConsentKey[],
  today: string,
): { step: Step; problems: FieldProblem[] } | null {
  const steps: Step[] = ['what', 'when', 'where', 'who', 'story', 'consent'];
  for (const step of steps) {
    const problems = validateStep(step, report, answered, today);
    if (problems.length > 0) return { step, problems };
  }
  return null;
}

function validateDate(date: string, today: string): FieldProblem[] {
  if (date === '') return [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    return [{ field: 'date', message: 'when.error-invalid' }];
  }
  return date > today ? [{ field: 'date', message: 'when.error-future' }] : [];
}

function validateWho(report: ReportContent): FieldProblem[] {
  const { who } = report;
  const problems: FieldProblem[] = [];
  const lists = [
    ['phone', who.phones],
    ['email', who.emails],
    ['handle', who.handles],
  ] as const;
  for (const [kind, values] of lists) {
    if (values.filter((v) => v.trim() !== '').length > LIMITS.list) {
      problems.push({ field: `${kind}-0`, message: 'who.too-many', vars: { count: LIMITS.list } });
    }
    values.forEach((v, i) => problems.push(...tooLong(`${kind}-${i}`, v, LIMITS.short)));
  }
  problems.push(...tooLong('vehicle-make', who.vehicle.make, LIMITS.short));
  problems.push(...tooLong('vehicle-colour', who.vehicle.colour, LIMITS.short));
  problems.push(...tooLong('vehicle-plate', who.vehicle.plate, LIMITS.short));
  problems.push(...tooLong('name-used', who.nameUsed, LIMITS.short));
  problems.push(...tooLong('description', who.description, LIMITS.description));
  return problems;
}

function validateConsent(report: ReportContent, answered: readonly ConsentKey[]): FieldProblem[] {
  const problems: FieldProblem[] = CONSENT_KEYS.filter((k) => !answered.includes(k)).map((k) => ({
    field: `consent-${k}`,
    message: 'consent.error-unanswered',
    question: `consent.${k}`,
  }));
  if (report.consent.policeIdentified && report.reporterContact.trim() === '') {
    problems.push({ field: 'reporterContact', message: 'consent.reporterContact-required' });
  }
  problems.push(...tooLong('reporterContact', report.reporterContact, LIMITS.short));
  return problems;
}

function tooLong(field: string, value: string, max: number): FieldProblem[] {
  return value.length > max ? [{ field, message: 'who.too-long', vars: { count: max } }] : [];
}

/** True when `value` looks like an email address; a warning, never a block. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

/** Today's date in the reporter's time zone, as `YYYY-MM-DD` (what a date input holds). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
