import { describe, expect, it } from 'vitest';
import { isAlertContent } from '../../../shared/domain/alert.js';
import {
  correctionOf,
  draftAlertFromReport,
  draftProblems,
  expiryOf,
  finaliseAlert,
} from '../../../shared/staff/alert-draft.js';
import { sampleReport } from './staff-fixtures.js';

const NOW = Date.UTC(2026, 11, 1);

describe('draftAlertFromReport', () => {
  it('refuses to draft anything without the reporter consent to a worker alert', () => {
    expect(
      draftAlertFromReport(sampleReport('north-east', { workerAlert: false }), ['Leeds'], NOW),
    ).toEqual({
      ok: false,
      reason: 'no-worker-consent',
    });
  });

  it('starts from consented, coded fields with normalised, de-duplicated identifiers', () => {
    const started = draftAlertFromReport(sampleReport(), ['Leeds'], NOW);
    if (!started.ok) throw new Error('expected a draft');
    const { draft } = started;
    expect(draft.identifiers).toEqual([
      { kind: 'phone', value: '+447700900123' },
      { kind: 'phone', value: '+447700900456' },
      { kind: 'email', value: 'client@example.com' },
      { kind: 'plate', value: 'XX21ABC' },
    ]);
    expect(draft).toMatchObject({
      area: 'Leeds city centre',
      incidentDate: '2026-11-20',
      setting: 'outcall',
      severity: 'high',
      regions: ['Leeds'],
      description: '',
      revision: 1,
    });
    const text = JSON.stringify(draft);
    for (const secret of ['threatened', 'Dave', 'beard', 'reporter@example.org']) {
      expect(text).not.toContain(secret);
    }
    expect(isAlertContent(draft)).toBe(true);
  });

  it('reports identifiers it could not read by kind and position, never by value', () => {
    const report = sampleReport();
    report.who.phones = ['call me maybe', '07700 900123'];
    const started = draftAlertFromReport(report, ['Leeds'], NOW);
    if (!started.ok) throw new Error('expected a draft');
    expect(started.unread).toEqual([{ kind: 'phone', index: 0 }]);
  });

  it('keeps what the reporter knew of a number or plate as the part it is', () => {
    const report = sampleReport();
    report.who.phones = ['900789'];
    report.who.vehicle.plate = 'starts XX12';
    const started = draftAlertFromReport(report, ['Leeds'], NOW);
    if (!started.ok) throw new Error('expected a draft');
    expect(started.unread).toEqual([]);
    expect(started.draft.identifiers).toEqual(
      expect.arrayContaining([
        { kind: 'partial-phone', value: '*900789*' },
        { kind: 'partial-plate', value: 'XX12*' },
      ]),
    );
  });
});

describe('draftProblems', () => {
  const base = () => {
    const started = draftAlertFromReport(sampleReport(), ['Leeds'], NOW);
    if (!started.ok) throw new Error('expected a draft');
    return started.draft;
  };

  it.each([
    ['a complete draft', {}, []],
    ['no incident type', { incidentTypes: [] }, ['no-incident-type']],
    ['no region', { regions: [] }, ['no-region']],
    ['expiry in the past', { expiresAt: NOW - 1 }, ['expired']],
    ['a description too long', { description: 'x'.repeat(2001) }, ['description-too-long']],
  ])('%s', (_name, patch, problems) => {
    expect(draftProblems({ ...base(), ...patch }, NOW)).toEqual(problems);
  });
});

describe('corrections and expiry', () => {
  it('keeps the id, raises the revision, and expiry ends the alert within a minute', () => {
    const started = draftAlertFromReport(sampleReport(), ['Leeds'], NOW);
    if (!started.ok) throw new Error('expected a draft');
    const published = finaliseAlert(started.draft, NOW);
    const corrected = correctionOf(published, { area: 'Leeds' });
    expect(corrected).toMatchObject({ id: published.id, revision: 2, area: 'Leeds' });
    const expired = expiryOf(corrected, NOW + 5);
    expect(expired).toMatchObject({
      id: published.id,
      revision: 3,
      issuedAt: NOW + 5,
      expiresAt: NOW + 60_005,
    });
    expect(isAlertContent(expired)).toBe(true);
  });
});
