import { toBase64Url } from '../../../shared/encoding/bytes.js';
import { randomBytes } from '../../../shared/crypto/random.js';
import { emptyReport, type ReportContent } from '../../../shared/domain/report.js';
import {
  createMembersKey,
  createSchemeSecrets,
  type SchemeSecrets,
} from '../../../shared/protocol/keys.js';

/** Fixtures for the staff unit tests. Fictional identifiers only (Ofcom drama ranges). */

/** A fresh random id as clients make them. */
export function newId(): string {
  return toBase64Url(randomBytes(16));
}

/** Secrets of a scheme sharing one members' key. */
export function schemeSecrets(scheme = 'north-east'): SchemeSecrets {
  return createSchemeSecrets(scheme, [createMembersKey(1)]);
}

/** A report with every consent given, unless `consent` says otherwise. */
export function sampleReport(
  scheme = 'north-east',
  consent: Partial<ReportContent['consent']> = {},
): ReportContent {
  const report = emptyReport(newId(), scheme, 'en');
  report.createdAt = Date.UTC(2026, 10, 21, 9);
  report.incidentTypes = ['robbery', 'threats'];
  report.when = { date: '2026-11-20', timeOfDay: 'night' };
  report.where = { area: 'Leeds city centre', setting: 'outcall' };
  report.who.phones = ['07700 900123', '+44 7700 900123', '07700 900456'];
  report.who.emails = ['client@example.com'];
  report.who.vehicle = { make: 'Ford', colour: 'grey', plate: 'XX21 ABC' };
  report.who.nameUsed = 'Dave';
  report.who.description = 'Tall, beard';
  report.narrative = 'He took the money back and threatened me.';
  report.reporterContact = 'reporter@example.org';
  report.consent = {
    workerAlert: true,
    otherSchemes: true,
    policeIntelligence: true,
    policeIdentified: true,
    reply: true,
    ...consent,
  };
  return report;
}
