import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyReport } from '../../../shared/domain/report.js';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import { createBoxKeyPair, createSigningKeyPair } from '../../../shared/protocol/keys.js';
import { signDirectory, type Directory } from '../../../shared/protocol/directory.js';
import { openReport } from '../../../shared/protocol/report-envelope.js';
import { createOutbox } from '../../../shared/outbox.js';
import { createSchemeDirectory } from '../../../shared/report-form/scheme-directory.js';
import { finalReport, submitReport } from '../../../shared/report-form/submit-report.js';
import type { ReportEnvelope } from '../../../shared/protocol/report-envelope.js';

const root = createSigningKeyPair();
const box = createBoxKeyPair();

function directory(version: number, status: 'active' | 'suspended' = 'active'): Directory {
  return {
    v: 1,
    network: 'Test network',
    version,
    issuedAt: 1,
    schemes: [
      {
        id: 'north-east',
        name: 'North East Ugly Mugs',
        regions: ['north-east'],
        boxKey: toBase64Url(box.publicKey),
        signingKey: toBase64Url(createSigningKeyPair().publicKey),
        status,
      },
    ],
  };
}

function memoryCache() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
}

let db = 0;

describe('scheme directory', () => {
  it('uses the relay directory when it verifies, and caches it for offline use', async () => {
    const cache = memoryCache();
    const signed = signDirectory(directory(3), root.secretKey);
    const online = createSchemeDirectory({
      relay: { directory: async () => signed },
      rootKey: root.publicKey,
      scheme: 'north-east',
      cache,
    });
    expect(await online.keys()).toMatchObject({ ok: true, name: 'North East Ugly Mugs' });

    const offline = createSchemeDirectory({
      relay: { directory: async () => Promise.reject(new Error('offline')) },
      rootKey: root.publicKey,
      scheme: 'north-east',
      cache,
    });
    expect(await offline.keys()).toMatchObject({ ok: true });
  });

  it.each([
    [
      'a forged directory',
      () => signDirectory(directory(3), createSigningKeyPair().secretKey),
      'unverified',
    ],
    [
      'a suspended scheme',
      () => signDirectory(directory(3, 'suspended'), root.secretKey),
      'suspended',
    ],
  ])('refuses %s', async (_name, make, problem) => {
    const reader = createSchemeDirectory({
      relay: { directory: async () => make() },
      rootKey: root.publicKey,
      scheme: 'north-east',
    });
    expect(await reader.keys()).toEqual({ ok: false, problem });
  });

  it('refuses to go back to an older directory than the cached one (rollback)', async () => {
    const cache = memoryCache();
    const newer = createSchemeDirectory({
      relay: { directory: async () => signDirectory(directory(5, 'suspended'), root.secretKey) },
      rootKey: root.publicKey,
      scheme: 'north-east',
      cache,
    });
    expect(await newer.keys()).toEqual({ ok: false, problem: 'suspended' });

    const rolledBack = createSchemeDirectory({
      relay: { directory: async () => signDirectory(directory(4), root.secretKey) },
      rootKey: root.publicKey,
      scheme: 'north-east',
      cache,
    });
    // The older "active" directory is refused; the cached newer one still says suspended.
    expect(await rolledBack.keys()).toEqual({ ok: false, problem: 'suspended' });
  });

  it('says offline when there is neither relay nor cache', async () => {
    const reader = createSchemeDirectory({
      relay: { directory: async () => Promise.reject(new Error('offline')) },
      rootKey: root.publicKey,
      scheme: 'north-east',
    });
    expect(await reader.keys()).toEqual({ ok: false, problem: 'offline' });
  });
});

describe('finalReport', () => {
  const base = emptyReport('r'.repeat(22), 'north-east', 'en');

  it('drops empty list entries and trims', () => {
    const report = { ...base, who: { ...base.who, phones: [' 07700 900123 ', '', '  '] } };
    expect(finalReport(report, 'k'.repeat(43), 9).who.phones).toEqual(['07700 900123']);
  });

  it.each([
    [{ reply: true, policeIdentified: true }, 'k'.repeat(43), 'me@example.org'],
    [{ reply: false, policeIdentified: true }, '', 'me@example.org'],
    [{ reply: true, policeIdentified: false }, 'k'.repeat(43), ''],
    [{ reply: false, policeIdentified: false }, '', ''],
  ])('consent %j → replyKey %s, contact %s', (consent, replyKey, contact) => {
    const report = {
      ...base,
      consent: { ...base.consent, ...consent },
      reporterContact: 'me@example.org',
    };
    const final = finalReport(report, 'k'.repeat(43), 9);
    expect(final.replyKey).toBe(replyKey);
    expect(final.reporterContact).toBe(contact);
    expect(final.createdAt).toBe(9);
  });
});

describe('submitReport', () => {
  it('seals to the scheme box key, queues, sends, and gives a receipt code', async () => {
    const sent: ReportEnvelope[] = [];
    const outbox = createOutbox({
      relay: { submitReport: async (e) => (sent.push(e), { id: e.id, receivedAt: 1 }) },
      dbName: `submit-${++db}`,
    });
    const reader = createSchemeDirectory({
      relay: { directory: async () => signDirectory(directory(1), root.secretKey) },
      rootKey: root.publicKey,
      scheme: 'north-east',
    });
    const report = {
      ...emptyReport('s'.repeat(22), 'north-east', 'pl'),
      incidentTypes: ['robbery' as const],
      narrative: 'Zabrał pieniądze.',
      consent: { ...emptyReport('x', 'y', 'en').consent, reply: true },
    };
    const outcome = await submitReport(report, { directory: reader, outbox });
    expect(outcome).toMatchObject({ ok: true, delivered: true });
    expect(outcome.ok && outcome.receiptCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);

    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).not.toContain('Zabra');
    const opened = openReport(sent[0], box.secretKey)!;
    expect(opened.narrative).toBe('Zabrał pieniądze.');
    expect(opened.replyKey).toHaveLength(43);
  });

  it('queues without sending when offline, and says so', async () => {
    const outbox = createOutbox({
      relay: {
        submitReport: async () => {
          const { RelayError } = await import('../../../shared/relay-client.js');
          throw new RelayError('offline', 0, 'offline');
        },
      },
      dbName: `submit-${++db}`,
    });
    const reader = createSchemeDirectory({
      relay: { directory: async () => signDirectory(directory(1), root.secretKey) },
      rootKey: root.publicKey,
      scheme: 'north-east',
    });
    const report = {
      ...emptyReport('t'.repeat(22), 'north-east', 'en'),
      incidentTypes: ['threats' as const],
    };
    expect(await submitReport(report, { directory: reader, outbox })).toMatchObject({
      ok: true,
      delivered: false,
    });
    expect(await outbox.waiting()).toHaveLength(1);
  });
});
