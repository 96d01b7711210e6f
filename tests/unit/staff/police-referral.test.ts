import { describe, expect, it } from 'vitest';
import {
  allowedReferrals,
  buildReferral,
  referralText,
} from '../../../shared/staff/police-referral.js';
import { sampleReport } from './staff-fixtures.js';

describe('police referral', () => {
  it.each([
    [{ policeIntelligence: false, policeIdentified: false }, []],
    [{ policeIntelligence: true, policeIdentified: false }, ['intelligence']],
    [{ policeIntelligence: false, policeIdentified: true }, ['identified']],
    [{ policeIntelligence: true, policeIdentified: true }, ['intelligence', 'identified']],
  ])('consent %o allows %o', (consent, kinds) => {
    const report = sampleReport('north-east', consent);
    expect(allowedReferrals(report)).toEqual(kinds);
    for (const kind of ['intelligence', 'identified'] as const) {
      const built = buildReferral(report, kind, 'North East');
      expect(built.ok).toBe((kinds as string[]).includes(kind));
      if (!built.ok) expect(built.reason).toBe('no-consent');
    }
  });

  it('leaves the reporter out of anonymous intelligence and puts their contact in an identified one', () => {
    const report = sampleReport();
    const intelligence = buildReferral(report, 'intelligence', 'North East', { now: 0 });
    const identified = buildReferral(report, 'identified', 'North East', { now: 0 });
    if (!intelligence.ok || !identified.ok) throw new Error('expected referrals');
    expect(referralText(intelligence.document)).not.toContain('reporter@example.org');
    expect(referralText(identified.document)).toContain('reporter@example.org');
    expect(referralText(intelligence.document)).toContain('07700 900123');
    expect(intelligence.document.consentStatement).toContain('2026-11-21');
    expect(intelligence.document.consentStatement).toContain('anonymous intelligence');
  });

  it('includes the reporter account only when staff choose to', () => {
    const report = sampleReport();
    const without = buildReferral(report, 'intelligence', 'North East');
    const withIt = buildReferral(report, 'intelligence', 'North East', { includeNarrative: true });
    if (!without.ok || !withIt.ok) throw new Error('expected referrals');
    expect(referralText(without.document)).not.toContain('threatened');
    expect(referralText(withIt.document)).toContain('threatened');
  });

  it('shows reporter text without bidi controls that could reorder it for police', () => {
    const report = sampleReport();
    report.who.nameUsed = '\u202Eelbbod\u202C Dave';
    report.narrative = 'He called from \u202E321009 00770';
    const built = buildReferral(report, 'intelligence', 'North East', { includeNarrative: true });
    if (!built.ok) throw new Error('expected a referral');
    const text = referralText(built.document);
    expect(text).toContain('Name used: elbbod Dave');
    expect(text).toContain('He called from 321009 00770');
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
  });
});
