import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createInvite,
  createSchemeSecrets,
  createStaffVault,
  matchingToken,
  openAlert,
  openAlerts,
  openDeviceEnrolment,
  openKeyGrant,
  openReport,
  receiptId,
  sealAlert,
  sealDeviceEnrolment,
  sealKeyGrant,
  sealReply,
  sealReport,
  signDirectory,
  signRequest,
  updateDirectoryState,
  verifyAlertEnvelope,
  verifyDirectory,
  verifyKeyGrantEnvelope,
  type Code,
} from '../../../shared/protocol/index.js';
import { alert, directory, membersKey, NOW, north, report, root } from './fixtures.js';

/**
 * Misuse (a key of the wrong length or type, a malformed message to seal) is a programming error:
 * it throws a TypeError or RangeError before any work, which we observe as "no random bytes were
 * drawn". Expected failures (a box that does not open) are typed results, tested elsewhere.
 */
const short = new Uint8Array(31);
const long = new Uint8Array(33);
const text = 'k'.repeat(32) as unknown as Uint8Array;
const array = Array.from({ length: 32 }, () => 1) as unknown as Uint8Array;
const code = { text: 'X', data: 'K7QD3MXP9RTAWF2H8B' } as Code;
const reply = { v: 1 as const, scheme: 'north-east', sentAt: NOW, text: 'Hi.' };

const cases: [string, (key: Uint8Array) => unknown][] = [
  ['sealReport box key', (k) => sealReport(report, k)],
  ['openReport box secret', (k) => openReport({}, k)],
  ['sealAlert signing key', (k) => sealAlert(alert, k, membersKey)],
  ['sealAlert members key', (k) => sealAlert(alert, north.signing.secretKey, { epoch: 1, key: k })],
  ['openAlert members key', (k) => openAlert({}, [{ epoch: 1, key: k }], directory)],
  ['verifyAlertEnvelope key', (k) => verifyAlertEnvelope({} as never, k)],
  ['signDirectory root key', (k) => signDirectory(directory, k)],
  ['verifyDirectory root key', (k) => verifyDirectory({}, k)],
  ['updateDirectoryState root key', (k) => updateDirectoryState(null, {}, k)],
  ['signRequest key', (k) => signRequest({ method: 'GET', path: '/', body: '' }, 'x', k)],
  ['sealReply reply key', (k) => sealReply(reply, k, north.signing.secretKey)],
  ['sealReply signing key', (k) => sealReply(reply, north.box.publicKey, k)],
  ['receiptId key', (k) => receiptId(k)],
  ['createInvite members key', (k) => createInvite('north-east', [{ epoch: 1, key: k }], NOW)],
  [
    'sealKeyGrant recipient',
    (k) => sealKeyGrant('members', membersKey, k, 'north-east', north.signing.secretKey),
  ],
  [
    'sealKeyGrant granted key',
    (k) =>
      sealKeyGrant(
        'members',
        { epoch: 1, key: k },
        north.box.publicKey,
        'north-east',
        north.signing.secretKey,
      ),
  ],
  [
    'openKeyGrant recipient',
    (k) => openKeyGrant({}, { publicKey: k, secretKey: k }, directory, 'members'),
  ],
  ['verifyKeyGrantEnvelope key', (k) => verifyKeyGrantEnvelope({}, k)],
  [
    'sealDeviceEnrolment device key',
    (k) => sealDeviceEnrolment(code, 'north-east', k, north.box.publicKey),
  ],
  ['openDeviceEnrolment secret', (k) => openDeviceEnrolment({}, k, () => undefined)],
  ['matchingToken key', (k) => matchingToken({ kind: 'phone', value: '+447700900123' }, k)],
  ['createSchemeSecrets matching key', (k) => createSchemeSecrets('north-east', [], k)],
];

afterEach(() => vi.restoreAllMocks());

describe('misuse throws before any work', () => {
  for (const [name, call] of cases) {
    it.each([
      ['31 bytes', short],
      ['33 bytes', long],
      ['a string', text],
      ['a plain array', array],
    ])(`${name}: %s`, async (_what, key) => {
      const random = vi.spyOn(globalThis.crypto, 'getRandomValues');
      const run = async () => call(key);
      await expect(run()).rejects.toThrow(TypeError);
      expect(random).not.toHaveBeenCalled();
    });
  }

  it('refuses malformed content and impossible parameters before drawing randomness', async () => {
    const random = vi.spyOn(globalThis.crypto, 'getRandomValues');
    expect(() => sealReport({ ...report, extra: 1 } as never, north.box.publicKey)).toThrow(
      TypeError,
    );
    expect(() => sealAlert({ ...alert, revision: 0 }, north.signing.secretKey, membersKey)).toThrow(
      TypeError,
    );
    const forever = { ...alert, expiresAt: alert.issuedAt + 400 * 86_400_000 };
    expect(() => sealAlert(forever, north.signing.secretKey, membersKey)).toThrow(RangeError);
    expect(() =>
      sealAlert(alert, north.signing.secretKey, { epoch: -1, key: membersKey.key }),
    ).toThrow(TypeError);
    expect(() => signDirectory({ ...directory, version: 0 }, root.secretKey)).toThrow(TypeError);
    expect(() => createInvite('North East', [], NOW)).toThrow(TypeError);
    await expect(createStaffVault(north, 'short', 'AAAAAAAAAAAAAAAAAAAAAA')).rejects.toThrow(
      RangeError,
    );
    const huge = { logN: 20, r: 8, p: 1 };
    await expect(
      createStaffVault(north, 'long enough passphrase', 'AAAAAAAAAAAAAAAAAAAAAA', huge),
    ).rejects.toThrow(RangeError);
    expect(random).not.toHaveBeenCalled();
  });

  it('refuses an alert too large for the largest bucket', () => {
    const big = {
      ...alert,
      description: '\u0001'.repeat(2000),
      identifiers: Array.from({ length: 30 }, () => ({
        kind: 'handle' as const,
        value: '\u0002'.repeat(200),
      })),
    };
    expect(() => sealAlert(big, north.signing.secretKey, membersKey)).toThrow(/too large/);
  });
});

describe('openAlerts misuse', () => {
  it('throws once, before opening anything, for a bad members key', async () => {
    const envelope = sealAlert(alert, north.signing.secretKey, membersKey);
    const open = vi.spyOn(await import('tweetnacl').then((m) => m.default.secretbox), 'open');
    await expect(
      openAlerts([envelope, envelope], [{ epoch: 1, key: short }], directory),
    ).rejects.toThrow(TypeError);
    expect(open).not.toHaveBeenCalled();
  });
});
