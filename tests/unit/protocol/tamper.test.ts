import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  createInvite,
  createReceipt,
  createStaffVault,
  enrolmentKey,
  inviteId,
  openAlert,
  openDeviceEnrolment,
  openInvite,
  openKeyGrant,
  openReply,
  openReport,
  recipientId,
  sealAlert,
  sealDeviceEnrolment,
  sealKeyGrant,
  sealReply,
  sealReport,
  signDirectory,
  signRequest,
  unlockStaffVault,
  verifyAlertEnvelope,
  verifyDirectory,
  verifyKeyGrantEnvelope,
  verifyRequest,
  replyKeyPair,
} from '../../../shared/protocol/index.js';
import {
  acceptedFlips,
  alert,
  directory,
  fixedId,
  london,
  membersKey,
  NOW,
  north,
  report,
  retraction,
  root,
  seed,
} from './fixtures.js';

/**
 * Every signed or encrypted object: each byte of its JSON text flipped in turn must be refused
 * (STYLE.md, "crypto with tamper cases"), and the wrong key must be refused with a typed result.
 */

/** Positions in `text` of the characters of the string value of `field`. */
function valuePositions(text: string, field: string): number[] {
  const start = text.indexOf(`"${field}":"`) + field.length + 4;
  const end = text.indexOf('"', start);
  return Array.from({ length: end - start }, (_, i) => start + i);
}

const device = nacl.box.keyPair.fromSecretKey(seed(31));
const otherDevice = nacl.box.keyPair.fromSecretKey(seed(32));
const signingKeyOf = (s: string) => (s === 'north-east' ? north.signing.publicKey : undefined);

describe('flip each byte: refused', () => {
  it('signed directory', async () => {
    const text = JSON.stringify(signDirectory(directory, root.secretKey));
    const check = async (v: unknown) => (await verifyDirectory(v, root.publicKey)).ok;
    expect(await check(JSON.parse(text))).toBe(true);
    expect(await acceptedFlips(text, check)).toEqual([]);
  });

  it('report envelope', async () => {
    const text = JSON.stringify(sealReport(report, north.box.publicKey));
    const check = (v: unknown) => openReport(v, north.box.secretKey) !== null;
    expect(check(JSON.parse(text))).toBe(true);
    expect(await acceptedFlips(text, check)).toEqual([]);
  });

  it.each([
    ['alert', alert],
    ['retraction', retraction],
  ] as const)(
    '%s envelope: relay check refuses all; members refuse all but the outer signature',
    async (_name, message) => {
      const text = JSON.stringify(sealAlert(message, north.signing.secretKey, membersKey));
      const relay = (v: unknown) => verifyAlertEnvelope(v as never, north.signing.publicKey);
      const member = async (v: unknown) => (await openAlert(v, [membersKey], directory)).ok;
      expect(await relay(JSON.parse(text))).toBe(true);
      expect(await member(JSON.parse(text))).toBe(true);
      expect(await acceptedFlips(text, relay)).toEqual([]);
      // Members trust the inner signature only; the outer one is the relay's check of the sender
      // and a member gains nothing from a changed copy of it (docs/protocol.md, "Alerts").
      const accepted = await acceptedFlips(text, member);
      const outer = valuePositions(text, 'signature');
      expect(accepted.every((i) => outer.includes(i))).toBe(true);
    },
  );

  it('signed request: every header, the method, the path and the body', async () => {
    const facts = { method: 'POST', path: '/v1/alerts?x=1', body: '{"v":1}' };
    const headers = signRequest(facts, 'north-east', north.signing.secretKey, NOW);
    const lookup = (s: string) => (s === 'north-east' ? north.signing.publicKey : undefined);
    const check = async (v: unknown) => {
      const { facts: f, headers: h } = v as { facts: typeof facts; headers: typeof headers };
      if (typeof f?.method !== 'string' || typeof h !== 'object' || h === null) return false;
      return (await verifyRequest(f, (n) => h[n], lookup, NOW)).ok;
    };
    const text = JSON.stringify({ facts, headers });
    expect(await check(JSON.parse(text))).toBe(true);
    const accepted = await acceptedFlips(text, check);
    // Flipping the case bit of the method is the same request (methods are upper-cased).
    const method = valuePositions(text, 'method');
    expect(accepted.every((i) => method.includes(i))).toBe(true);
  });

  it('invite record as redeemed', async () => {
    const { code, record } = createInvite('north-east', [membersKey], NOW + 86_400_000);
    const text = JSON.stringify({ nonce: record.nonce, box: record.box });
    const check = (v: unknown) => openInvite(code, v as never, NOW) !== null;
    expect(check(JSON.parse(text))).toBe(true);
    expect(await acceptedFlips(text, check)).toEqual([]);
  });

  it('reply envelope', async () => {
    const receipt = createReceipt();
    const reply = { v: 1 as const, scheme: 'north-east', sentAt: NOW, text: 'We are here.' };
    const text = JSON.stringify(
      sealReply(reply, replyKeyPair(receipt.code).publicKey, north.signing.secretKey),
    );
    const check = async (v: unknown) => (await openReply(v, receipt.code, signingKeyOf)) !== null;
    expect(await check(JSON.parse(text))).toBe(true);
    expect(await acceptedFlips(text, check)).toEqual([]);
  }, 30_000);

  it('staff vault (header bound into the key)', async () => {
    const cost = { logN: 10, r: 1, p: 1 };
    const text = JSON.stringify(
      await createStaffVault(north, 'correct horse battery', fixedId(2), cost),
    );
    const check = async (v: unknown) => (await unlockStaffVault(v, 'correct horse battery')).ok;
    expect(await check(JSON.parse(text))).toBe(true);
    expect(await acceptedFlips(text, check)).toEqual([]);
  }, 30_000);

  it('key grant: relay check refuses all; the device refuses all but the outer signature', async () => {
    const envelope = sealKeyGrant(
      'members',
      { epoch: 2, key: seed(41) },
      device.publicKey,
      'north-east',
      north.signing.secretKey,
      NOW,
    );
    const text = JSON.stringify(envelope);
    const relay = (v: unknown) => verifyKeyGrantEnvelope(v, north.signing.publicKey);
    const member = async (v: unknown) => (await openKeyGrant(v, device, directory, 'members')).ok;
    expect(await relay(envelope)).toBe(true);
    expect(await member(envelope)).toBe(true);
    expect(await acceptedFlips(text, relay)).toEqual([]);
    const accepted = await acceptedFlips(text, member);
    const outer = valuePositions(text, 'signature');
    expect(accepted.every((i) => outer.includes(i))).toBe(true);
  });

  it('device enrolment', async () => {
    const { code } = createInvite('north-east', [membersKey], NOW + 86_400_000);
    const id = inviteId(code);
    const text = JSON.stringify(
      sealDeviceEnrolment(code, 'north-east', device.publicKey, north.box.publicKey, NOW),
    );
    const keyOf = (invite: string) => (invite === id ? enrolmentKey(code) : undefined);
    const check = (v: unknown) => openDeviceEnrolment(v, north.box.secretKey, keyOf).ok;
    expect(check(JSON.parse(text))).toBe(true);
    expect(await acceptedFlips(text, check)).toEqual([]);
  });
});

describe('wrong key: a typed refusal, never a throw', () => {
  it('directory signed by a scheme key instead of the root', async () => {
    const forged = signDirectory(directory, north.signing.secretKey);
    expect(await verifyDirectory(forged, root.publicKey)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('report opened by another scheme', () => {
    expect(openReport(sealReport(report, north.box.publicKey), london.box.secretKey)).toBeNull();
  });

  it('alert under a members key of another epoch or another value', async () => {
    const envelope = sealAlert(alert, north.signing.secretKey, membersKey);
    expect(await openAlert(envelope, [{ epoch: 2, key: membersKey.key }], directory)).toEqual({
      ok: false,
      reason: 'unknown-epoch',
    });
    expect(await openAlert(envelope, [{ epoch: 1, key: seed(99) }], directory)).toEqual({
      ok: false,
      reason: 'does-not-open',
    });
    expect(await verifyAlertEnvelope(envelope, london.signing.publicKey)).toBe(false);
  });

  it('invite, reply, vault, grant and enrolment with the wrong secret', async () => {
    const { record } = createInvite('north-east', [membersKey], NOW + 86_400_000);
    const other = createInvite('north-east', [membersKey], NOW + 86_400_000).code;
    expect(openInvite(other, record, NOW)).toBeNull();

    const receipt = createReceipt();
    const reply = { v: 1 as const, scheme: 'north-east', sentAt: NOW, text: 'Hello.' };
    const sealed = sealReply(reply, replyKeyPair(receipt.code).publicKey, north.signing.secretKey);
    expect(await openReply(sealed, createReceipt().code, signingKeyOf)).toBeNull();
    expect(await openReply(sealed, receipt.code, () => london.signing.publicKey)).toBeNull();

    const vault = await createStaffVault(north, 'correct horse battery', fixedId(2), {
      logN: 10,
      r: 1,
      p: 1,
    });
    expect(await unlockStaffVault(vault, 'correct horse battery!')).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });

    const grant = sealKeyGrant(
      'members',
      membersKey,
      device.publicKey,
      'north-east',
      north.signing.secretKey,
      NOW,
    );
    expect(await openKeyGrant(grant, otherDevice, directory, 'members')).toEqual({
      ok: false,
      reason: 'not-for-this-key',
    });
    const spoofed = { ...grant, recipient: recipientId(otherDevice.publicKey) };
    expect(await openKeyGrant(spoofed, otherDevice, directory, 'members')).toEqual({
      ok: false,
      reason: 'does-not-open',
    });

    const { code } = createInvite('north-east', [membersKey], NOW + 86_400_000);
    const enrolment = sealDeviceEnrolment(
      code,
      'north-east',
      device.publicKey,
      north.box.publicKey,
      NOW,
    );
    expect(openDeviceEnrolment(enrolment, london.box.secretKey, () => enrolmentKey(code))).toEqual({
      ok: false,
      reason: 'does-not-open',
    });
    expect(openDeviceEnrolment(enrolment, north.box.secretKey, () => seed(50))).toEqual({
      ok: false,
      reason: 'bad-mac',
    });
    expect(openDeviceEnrolment(enrolment, north.box.secretKey, () => undefined)).toEqual({
      ok: false,
      reason: 'unknown-invite',
    });
  });
});
