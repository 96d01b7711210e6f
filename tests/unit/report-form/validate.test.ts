import { describe, expect, it } from 'vitest';
import { emptyReport, type ReportContent } from '../../../shared/domain/report.js';
import {
  CONSENT_KEYS,
  createFormState,
  withAnswer,
} from '../../../shared/report-form/form-state.js';
import { localToday, validateReport, validateStep } from '../../../shared/report-form/validate.js';

const TODAY = '2026-12-04';
const blank = () => emptyReport('v'.repeat(22), 'north-east', 'en');
const withChange = (change: (r: ReportContent) => void) => {
  const r = blank();
  change(r);
  return r;
};

describe('validateStep', () => {
  it.each([
    ['what', blank(), [], ['incidentTypes:what.error-none']],
    ['what', withChange((r) => (r.incidentTypes = ['robbery'])), [], []],
    ['when', blank(), [], []],
    ['when', withChange((r) => (r.when.date = '2026-12-05')), [], ['date:when.error-future']],
    ['when', withChange((r) => (r.when.date = '2026-12-04')), [], []],
    ['when', withChange((r) => (r.when.date = '2026-13-40')), [], ['date:when.error-invalid']],
    ['where', withChange((r) => (r.where.area = 'x'.repeat(201))), [], ['area:who.too-long']],
    [
      'who',
      withChange((r) => (r.who.phones = Array(11).fill('07700 900123'))),
      [],
      ['phone-0:who.too-many'],
    ],
    ['who', withChange((r) => (r.who.phones = ['', '', ''])), [], []],
    [
      'story',
      withChange((r) => (r.narrative = 'x'.repeat(20_001))),
      [],
      ['narrative:who.too-long'],
    ],
    ['consent', blank(), [...CONSENT_KEYS], []],
    [
      'consent',
      withChange((r) => (r.consent.policeIdentified = true)),
      [...CONSENT_KEYS],
      ['reporterContact:consent.reporterContact-required'],
    ],
  ] as const)('%s step of a report → %j', (step, report, answered, expected) => {
    const problems = validateStep(step, report, answered, TODAY);
    expect(problems.map((p) => `${p.field}:${p.message}`)).toEqual(expected);
  });

  it('asks every unanswered consent question rather than assuming "no"', () => {
    const problems = validateStep('consent', blank(), ['reply'], TODAY);
    expect(problems.map((p) => p.field)).toEqual([
      'consent-workerAlert',
      'consent-otherSchemes',
      'consent-policeIntelligence',
      'consent-policeIdentified',
    ]);
  });

  it('validateReport names the first step with a problem', () => {
    const report = withChange((r) => (r.incidentTypes = ['spiking']));
    expect(validateReport(report, [], TODAY)?.step).toBe('consent');
    expect(validateReport(report, [...CONSENT_KEYS], TODAY)).toBeNull();
  });

  it('localToday uses the local calendar date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('form state', () => {
  it('answering "no" to an identified police report forgets the contact typed for it', () => {
    let form = createFormState('north-east', 'en');
    form = withAnswer(form, 'policeIdentified', true);
    form = { ...form, report: { ...form.report, reporterContact: 'me@example.org' } };
    form = withAnswer(form, 'policeIdentified', false);
    expect(form.report.reporterContact).toBe('');
    expect(form.answered).toEqual(['policeIdentified']);
  });

  it('restores a draft only for the same scheme, clamping the step', () => {
    const draft = { ...createFormState('north-east', 'en'), step: 99 };
    expect(createFormState('north-east', 'en', draft).step).toBe(6);
    expect(createFormState('london', 'en', draft).report.id).not.toBe(draft.report.id);
  });
});
