import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { fromBase64UrlExact, toBase64Url } from '../../../shared/encoding/bytes.js';
import { signValue, verifyValue } from '../../../shared/crypto/signing.js';
import {
  createReplayGuard,
  isDirectoryStale,
  decideAlertUpdate,
  loadDirectoryState,
  openAlert,
  openAlerts,
  REQUEST_WINDOW,
  sealAlert,
  sealReply,
  signDirectory,
  signRequest,
  updateDirectoryState,
  verifyAlertEnvelope,
  verifyRequest,
  verifyRequestOnce,
  openReply,
  createReceipt,
  replyKeyPair,
  type AlertEnvelope,
  type Directory,
} from '../../../shared/protocol/index.js';
import {
  alert,
  DAY,
  directory,
  entry,
  fixedId,
  london,
  membersKey,
  NOW,
  north,
  retraction,
  root,
} from './fixtures.js';

const lookup = (s: string) =>
  s === 'north-east'
    ? north.signing.publicKey
    : s === 'london'
      ? london.signing.publicKey
      : undefined;

function withVersion(version: number, changes: Partial<Directory> = {}): Directory {
  return { ...directory, version, ...changes };
}

describe('directory rollback and equivocation', () => {
  it('keeps the highest version and refuses a lower one', async () => {
    const v3 = signDirectory(withVersion(3), root.secretKey);
    const v4 = signDirectory(withVersion(4), root.secretKey);
    const first = await updateDirectoryState(null, v3, root.publicKey);
    expect(first).toMatchObject({ ok: true, changed: true });
    if (!first.ok) return;
    const second = await updateDirectoryState(first.state, v4, root.publicKey);
    expect(second).toMatchObject({ ok: true, changed: true });
    if (!second.ok) return;
    expect(await updateDirectoryState(second.state, v3, root.publicKey)).toEqual({
      ok: false,
      reason: 'rollback',
    });
    expect(await updateDirectoryState(second.state, v4, root.publicKey)).toMatchObject({
      ok: true,
      changed: false,
    });
  });

  it('refuses a different directory under the version already held', async () => {
    const v4 = signDirectory(withVersion(4), root.secretKey);
    const fork = signDirectory(withVersion(4, { network: 'Forked network' }), root.secretKey);
    const held = await updateDirectoryState(null, v4, root.publicKey);
    if (!held.ok) throw new Error('setup');
    expect(await updateDirectoryState(held.state, fork, root.publicKey)).toEqual({
      ok: false,
      reason: 'conflict',
    });
  });

  it('reports schemes that became suspended or were removed', async () => {
    const v4 = signDirectory(withVersion(4), root.secretKey);
    const v5 = signDirectory(
      withVersion(5, { schemes: [entry(north, 'suspended')] }),
      root.secretKey,
    );
    const held = await updateDirectoryState(null, v4, root.publicKey);
    if (!held.ok) throw new Error('setup');
    const next = await updateDirectoryState(held.state, v5, root.publicKey);
    expect(next).toMatchObject({ ok: true, suspended: ['north-east', 'london'] });
  });

  it('re-verifies a stored state and refuses one below the remembered minimum', async () => {
    const v4 = signDirectory(withVersion(4), root.secretKey);
    const held = await updateDirectoryState(null, v4, root.publicKey);
    if (!held.ok) throw new Error('setup');
    const stored = JSON.parse(JSON.stringify(held.state)) as unknown;
    expect(await loadDirectoryState(stored, root.publicKey, 4)).toEqual(held.state);
    expect(await loadDirectoryState(stored, root.publicKey, 5)).toBeNull();
    const edited = JSON.parse(JSON.stringify(held.state)) as { signed: { directory: Directory } };
    edited.signed.directory.schemes[0]!.status = 'suspended';
    expect(await loadDirectoryState(edited, root.publicKey)).toBeNull();
  });

  it('says when the directory held is too old to trust as current (frozen by the relay)', async () => {
    const held = await updateDirectoryState(
      null,
      signDirectory(directory, root.secretKey),
      root.publicKey,
    );
    if (!held.ok) throw new Error('setup');
    expect(isDirectoryStale(held.state, directory.issuedAt + DAY)).toBe(false);
    expect(isDirectoryStale(held.state, directory.issuedAt + 31 * DAY)).toBe(true);
    expect(isDirectoryStale(null)).toBe(true);
  });

  it('refuses a directory whose unknown fields a lax verifier would skip', async () => {
    const signed = signDirectory(directory, root.secretKey);
    const withExtra = { ...signed, directory: { ...directory, mirror: 'https://example.org' } };
    const extraSigned = {
      directory: withExtra.directory,
      signature: toBase64Url(signValue('directory', withExtra.directory, root.secretKey)),
    };
    expect(await updateDirectoryState(null, extraSigned, root.publicKey)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('cross-scheme signature swap', () => {
  it("refuses london's envelope signature on a north-east alert", async () => {
    const ours = sealAlert(alert, north.signing.secretKey, membersKey);
    const theirs = sealAlert({ ...alert, scheme: 'london' }, london.signing.secretKey, membersKey);
    const swapped: AlertEnvelope = { ...ours, signature: theirs.signature };
    expect(await verifyAlertEnvelope(swapped, north.signing.publicKey)).toBe(false);
    expect(await verifyAlertEnvelope(swapped, london.signing.publicKey)).toBe(false);
    const relabelled: AlertEnvelope = { ...ours, scheme: 'london' };
    expect(await verifyAlertEnvelope(relabelled, london.signing.publicKey)).toBe(false);
    expect(await openAlert(relabelled, [membersKey], directory)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it("refuses an alert naming north-east but signed by london's key", async () => {
    const forged = sealAlert(alert, london.signing.secretKey, membersKey);
    expect(await openAlert(forged, [membersKey], directory)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it("refuses london's retraction of a north-east alert", () => {
    const existing = { scheme: 'north-east', revision: 1, retracted: false };
    const foreign = { ...retraction, scheme: 'london' };
    expect(decideAlertUpdate(foreign, existing, NOW)).toEqual({
      action: 'ignore',
      reason: 'foreign-scheme',
    });
  });

  it("refuses a request signed by london presented as north-east's", async () => {
    const facts = { method: 'GET', path: '/v1/schemes/north-east/reports', body: '' };
    const headers = signRequest(facts, 'london', london.signing.secretKey, NOW);
    const spoofed: Record<string, string> = { ...headers, 'x-umn-scheme': 'north-east' };
    expect(await verifyRequest(facts, (n) => spoofed[n], lookup, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a reply claiming north-east but signed by london', async () => {
    const receipt = createReceipt();
    const reply = { v: 1 as const, scheme: 'north-east', sentAt: NOW, text: 'Hello.' };
    const sealed = sealReply(reply, replyKeyPair(receipt.code).publicKey, london.signing.secretKey);
    expect(await openReply(sealed, receipt.code, lookup)).toBeNull();
  });

  it("refuses a genuine reply re-sealed by its receipt holder to someone else's receipt", async () => {
    const mine = createReceipt();
    const theirs = createReceipt();
    const reply = { v: 1 as const, scheme: 'north-east', sentAt: NOW, text: 'For you only.' };
    const sealed = sealReply(reply, replyKeyPair(mine.code).publicKey, north.signing.secretKey);
    expect(await openReply(sealed, mine.code, lookup)).toEqual(reply);

    const box = fromBase64UrlExact(sealed.box, (sealed.box.length * 3) >> 2)!;
    const inner = nacl.box.open(
      box,
      fromBase64UrlExact(sealed.nonce, 24)!,
      fromBase64UrlExact(sealed.epk, 32)!,
      replyKeyPair(mine.code).secretKey,
    )!;
    const ephemeral = nacl.box.keyPair();
    const nonce = nacl.randomBytes(24);
    const resealed = {
      v: 1,
      epk: toBase64Url(ephemeral.publicKey),
      nonce: toBase64Url(nonce),
      box: toBase64Url(
        nacl.box(inner, nonce, replyKeyPair(theirs.code).publicKey, ephemeral.secretKey),
      ),
    };
    expect(await openReply(resealed, theirs.code, lookup)).toBeNull();
  });

  it('a signature made under one label is refused under every other', async () => {
    const labels = ['directory', 'alert', 'alert-envelope', 'request', 'reply', 'key-grant'];
    for (const made of labels) {
      const signature = signValue(made, directory, root.secretKey);
      for (const checked of labels) {
        expect(await verifyValue(checked, directory, signature, root.publicKey)).toBe(
          made === checked,
        );
      }
    }
    const wrong = {
      directory,
      signature: toBase64Url(signValue('alert', directory, root.secretKey)),
    };
    expect(await updateDirectoryState(null, wrong, root.publicKey)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });
});

describe('replay', () => {
  const facts = { method: 'POST', path: '/v1/alerts', body: '{}' };

  it('accepts a signed request once, refuses the replay, forgets it after the window', async () => {
    const guard = createReplayGuard();
    const headers = signRequest(facts, 'north-east', north.signing.secretKey, NOW);
    const header = (n: string) => headers[n];
    expect(await verifyRequestOnce(facts, header, lookup, guard, NOW)).toMatchObject({ ok: true });
    expect(await verifyRequestOnce(facts, header, lookup, guard, NOW + 1000)).toEqual({
      ok: false,
      reason: 'replayed',
    });
    const later = NOW + REQUEST_WINDOW + 1;
    expect(await verifyRequestOnce(facts, header, lookup, guard, later)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(guard.accept('north-east', 'fresh', later, later)).toBe(true);
    expect(guard.size()).toBe(1);
  });

  it('keeps nonces per scheme and fails closed when full', () => {
    const guard = createReplayGuard({ maxEntries: 2 });
    expect(guard.accept('north-east', 'n1', NOW, NOW)).toBe(true);
    expect(guard.accept('london', 'n1', NOW, NOW)).toBe(true);
    expect(guard.accept('london', 'n2', NOW, NOW)).toBe(false);
    expect(guard.accept('london', 'n1', NOW, NOW)).toBe(false);
  });

  it('a replayed alert or an older revision changes nothing', () => {
    const held = { scheme: 'north-east', revision: 2, retracted: false };
    expect(decideAlertUpdate({ ...alert, revision: 2 }, held, NOW)).toEqual({
      action: 'ignore',
      reason: 'older-revision',
    });
    expect(decideAlertUpdate({ ...alert, revision: 1 }, held, NOW)).toMatchObject({
      action: 'ignore',
    });
    expect(decideAlertUpdate({ ...alert, revision: 3 }, held, NOW)).toMatchObject({
      action: 'store',
      record: { revision: 3 },
    });
  });

  it('a retraction is final, even when it arrives first or the alert is replayed', () => {
    const first = decideAlertUpdate(retraction, undefined, NOW);
    expect(first).toMatchObject({ action: 'retract', keepUntil: retraction.issuedAt + 400 * DAY });
    if (first.action !== 'retract') return;
    expect(decideAlertUpdate(alert, first.record, NOW)).toEqual({
      action: 'ignore',
      reason: 'retracted',
    });
    expect(decideAlertUpdate({ ...alert, revision: 9 }, first.record, NOW)).toMatchObject({
      action: 'ignore',
    });
    expect(first.keepUntil).toBeGreaterThan(alert.issuedAt + 366 * DAY);
  });

  it('an expired alert is not stored', () => {
    expect(decideAlertUpdate(alert, undefined, alert.expiresAt)).toEqual({
      action: 'ignore',
      reason: 'expired',
    });
  });
});

describe('suspension', () => {
  it("refuses a suspended scheme's new alerts and retractions, whatever date they claim", async () => {
    const suspended = { ...directory, schemes: [entry(north, 'suspended'), entry(london)] };
    const backdated = { ...alert, issuedAt: NOW - 100 * DAY, expiresAt: NOW + DAY };
    for (const message of [alert, backdated, retraction]) {
      const envelope = sealAlert(message, north.signing.secretKey, membersKey);
      expect(await openAlert(envelope, [membersKey], suspended)).toEqual({
        ok: false,
        reason: 'suspended-scheme',
      });
    }
    const gone = { ...directory, schemes: [entry(london)] };
    const envelope = sealAlert(alert, north.signing.secretKey, membersKey);
    expect(await openAlert(envelope, [membersKey], gone)).toEqual({
      ok: false,
      reason: 'unknown-scheme',
    });
  });

  it('opens a batch in order, one bad envelope refusing only itself', async () => {
    const good = sealAlert(alert, north.signing.secretKey, membersKey);
    const other = sealAlert({ ...alert, id: fixedId(11) }, north.signing.secretKey, membersKey);
    const results = await openAlerts([good, { nonsense: true }, other], [membersKey], directory, 2);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
  });
});
