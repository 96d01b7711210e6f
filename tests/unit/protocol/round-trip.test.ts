import { describe, expect, it } from 'vitest';
import { fromBase64UrlExact, toBase64Url } from '../../../shared/encoding/bytes.js';
import { emptyReport } from '../../../shared/domain/report.js';
import type { AlertContent } from '../../../shared/domain/alert.js';
import {
  createInvite,
  createMembersKey,
  createReceipt,
  createSchemeSecrets,
  createSigningKeyPair,
  createStaffVault,
  openAlert,
  openInvite,
  openReply,
  openReport,
  parseCode,
  replyKeyPair,
  sealAlert,
  sealReply,
  sealReport,
  signDirectory,
  signRequest,
  unlockStaffVault,
  verifyAlertEnvelope,
  verifyDirectory,
  verifyRequest,
  type Directory,
} from '../../../shared/protocol/index.js';

const root = createSigningKeyPair();
const members = [createMembersKey(1)];
const scheme = createSchemeSecrets('north-east', members);
const directory: Directory = {
  v: 1,
  network: 'Test network',
  version: 1,
  issuedAt: 1,
  schemes: [
    {
      id: 'north-east',
      name: 'North East Ugly Mugs',
      regions: ['north-east'],
      boxKey: toBase64Url(scheme.box.publicKey),
      signingKey: toBase64Url(scheme.signing.publicKey),
      status: 'active',
    },
  ],
};
const id = toBase64Url(new Uint8Array(16).fill(7));

describe('protocol round trips', () => {
  it('verifies a signed directory and refuses rollback and tampering', async () => {
    const signed = signDirectory(directory, root.secretKey);
    expect(await verifyDirectory(signed, root.publicKey)).toMatchObject({ ok: true });
    expect(await verifyDirectory(signed, root.publicKey, 2)).toEqual({
      ok: false,
      reason: 'rollback',
    });
    const forged = { ...signed, directory: { ...directory, network: 'Other' } };
    expect(await verifyDirectory(forged, root.publicKey)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const extra = { ...signed, directory: { ...directory, extra: 1 } };
    expect(await verifyDirectory(extra, root.publicKey)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('seals a report only the scheme can open, padded to a bucket', () => {
    const report = { ...emptyReport(id, 'north-east', 'en'), narrative: 'He refused to pay.' };
    const envelope = sealReport(report, scheme.box.publicKey);
    expect(fromBase64UrlExact(envelope.box, (envelope.box.length * 3) >> 2)!.length).toBe(
      1024 + 16,
    );
    expect(openReport(envelope, scheme.box.secretKey)).toEqual(report);
    expect(openReport(envelope, createSchemeSecrets('x', []).box.secretKey)).toBeNull();
  });

  it('signs and encrypts an alert that members verify against the directory', async () => {
    const alert: AlertContent = {
      v: 1,
      kind: 'alert',
      id,
      scheme: 'north-east',
      revision: 1,
      issuedAt: 1000,
      expiresAt: 2000,
      regions: ['north-east'],
      area: 'Newcastle',
      incidentDate: '2026-11-30',
      severity: 'high',
      incidentTypes: ['robbery'],
      setting: 'outcall',
      identifiers: [{ kind: 'phone', value: '+447700900123' }],
      advice: ['do-not-book'],
      description: 'Took money back by force.',
    };
    const envelope = sealAlert(alert, scheme.signing.secretKey, members[0]!);
    expect(await verifyAlertEnvelope(envelope, scheme.signing.publicKey)).toBe(true);
    expect(await openAlert(envelope, members, directory)).toEqual({ ok: true, message: alert });

    const suspended = {
      ...directory,
      schemes: [{ ...directory.schemes[0]!, status: 'suspended' as const }],
    };
    expect(await openAlert(envelope, members, suspended)).toMatchObject({ ok: false });
  });

  it('signs relay requests and refuses stale ones', async () => {
    const facts = { method: 'GET', path: '/v1/schemes/north-east/reports', body: '' };
    const headers = signRequest(facts, 'north-east', scheme.signing.secretKey, 10_000_000);
    const lookup = () => scheme.signing.publicKey;
    const header = (name: string) => headers[name];
    expect(await verifyRequest(facts, header, lookup, 10_000_000)).toMatchObject({ ok: true });
    expect(await verifyRequest(facts, header, lookup, 20_000_000)).toEqual({
      ok: false,
      reason: 'stale',
    });
    const other = { ...facts, path: '/v1/schemes/london/reports' };
    expect(await verifyRequest(other, header, lookup, 10_000_000)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('opens an invite with the typed code, catching a typo first', () => {
    const { code, record } = createInvite('north-east', members, Date.now() + 60_000);
    const typed = code.text.toLowerCase().replace(/-/g, ' ');
    const parsed = parseCode(typed);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(openInvite(parsed.code, record)?.members[0]?.key).toEqual(members[0]!.key);

    const last = code.text.at(-1) === '0' ? '1' : '0';
    expect(parseCode(code.text.slice(0, -1) + last)).toEqual({ ok: false, problem: 'typo' });
  });

  it('wraps staff secrets with a passphrase and says "wrong passphrase" cleanly', async () => {
    const cost = { logN: 10, r: 8, p: 1 };
    const staff = toBase64Url(new Uint8Array(16).fill(1));
    const vault = await createStaffVault(scheme, 'correct horse battery', staff, cost);
    const unlocked = await unlockStaffVault(vault, 'correct horse battery');
    expect(unlocked.ok && unlocked.secrets.signing.publicKey).toEqual(scheme.signing.publicKey);
    expect(await unlockStaffVault(vault, 'wrong horse battery')).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
  });

  it('lets the scheme reply to a receipt holder', async () => {
    const receipt = createReceipt();
    const replyKey = fromBase64UrlExact(receipt.replyKey, 32)!;
    const reply = {
      v: 1 as const,
      scheme: 'north-east',
      sentAt: 5,
      text: 'We have warned others.',
    };
    const envelope = sealReply(reply, replyKey, scheme.signing.secretKey);
    const opened = await openReply(envelope, receipt.code, () => scheme.signing.publicKey);
    expect(opened).toEqual(reply);
    expect(replyKeyPair(receipt.code).publicKey).toEqual(replyKey);
  });
});
