import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import type { AlertContent } from '../../../shared/domain/alert.js';
import { sealAlert, type AlertEnvelope } from '../../../shared/protocol/alert-envelope.js';
import type { Directory } from '../../../shared/protocol/directory.js';
import { createMembersKey, createSchemeSecrets } from '../../../shared/protocol/keys.js';
import { fetchAlertFeed } from '../../../shared/staff/alert-feed.js';
import { retractionOf } from '../../../shared/staff/alert-publish.js';
import { bulletinAlerts } from '../../../shared/staff/bulletin.js';
import { matchingAlerts } from '../../../shared/staff/report-matches.js';
import { newId, sampleReport } from './staff-fixtures.js';

const NOW = Date.UTC(2026, 11, 1);
const members = [createMembersKey(1)];
const north = createSchemeSecrets('north-east', members);
const york = createSchemeSecrets('yorkshire', members);
const directory: Directory = {
  v: 1,
  network: 'Test',
  version: 1,
  issuedAt: NOW,
  schemes: [north, york].map((s) => ({
    id: s.scheme,
    name: s.scheme,
    regions: ['Leeds'],
    boxKey: toBase64Url(s.box.publicKey),
    signingKey: toBase64Url(s.signing.publicKey),
    status: 'active' as const,
  })),
};

function alert(scheme: string, patch: Partial<AlertContent> = {}): AlertContent {
  return {
    v: 1,
    kind: 'alert',
    id: newId(),
    scheme,
    revision: 1,
    issuedAt: NOW - 1000,
    expiresAt: NOW + 86_400_000,
    regions: ['Leeds'],
    area: 'Leeds',
    incidentDate: '',
    severity: 'high',
    incidentTypes: ['robbery'],
    setting: '',
    identifiers: [{ kind: 'phone', value: '+447700900123' }],
    advice: [],
    description: '',
    ...patch,
  };
}

function feed(envelopes: AlertEnvelope[]) {
  return {
    alerts: async (after = 0) => ({
      alerts: envelopes
        .map((envelope, i) => ({ seq: i + 1, envelope }))
        .filter((a) => a.seq > after),
      cursor: envelopes.length,
    }),
  };
}
const seal = (message: Parameters<typeof sealAlert>[0], by = north) =>
  sealAlert(message, by.signing.secretKey, members[0]!);

describe('fetchAlertFeed', () => {
  it('keeps the highest revision, honours only the publisher retraction, drops expired and forged', async () => {
    const first = alert('north-east');
    const corrected = { ...first, revision: 2, area: 'Leeds centre' };
    const retracted = alert('north-east');
    const yorks = alert('yorkshire');
    const expired = alert('north-east', { expiresAt: NOW - 1, issuedAt: NOW - 2 });
    const forged = alert('north-east');
    const envelopes = [
      seal(corrected),
      seal(first),
      seal(retracted),
      seal(retractionOf(retracted, NOW)),
      seal(yorks, york),
      // Another scheme cannot withdraw north-east's alert: its retraction names its own scheme.
      seal({ ...retractionOf(yorks, NOW), alertId: first.id }, york),
      seal(expired),
      seal(forged, york),
    ];
    const state = await fetchAlertFeed(feed(envelopes), members, directory, NOW);
    expect(state.alerts.map((a) => a.id).sort()).toEqual([first.id, yorks.id].sort());
    expect(state.alerts.find((a) => a.id === first.id)?.area).toBe('Leeds centre');
    expect(state.refused).toBe(1);
  });
});

describe('matchingAlerts and bulletinAlerts', () => {
  it('matches a report number written another way, and orders a region bulletin by severity', () => {
    const report = sampleReport();
    report.who.phones = ['+44 (0)7700 900 123'];
    report.who.emails = [];
    report.who.vehicle.plate = '';
    const hit = alert('yorkshire');
    const miss = alert('north-east', {
      identifiers: [{ kind: 'phone', value: '+447700900999' }],
      severity: 'critical',
    });
    expect(matchingAlerts(report, [hit, miss]).map((a) => a.id)).toEqual([hit.id]);
    const elsewhere = alert('north-east', { regions: ['York'] });
    expect(bulletinAlerts([hit, miss, elsewhere], 'Leeds', NOW).map((a) => a.id)).toEqual([
      miss.id,
      hit.id,
    ]);
  });
});
