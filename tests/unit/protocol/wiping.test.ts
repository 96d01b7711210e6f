import nacl from 'tweetnacl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createInvite,
  createReceipt,
  createStaffVault,
  openAlert,
  openInvite,
  openKeyGrant,
  openReply,
  openReport,
  replyKeyPair,
  sealAlert,
  sealKeyGrant,
  sealReply,
  sealReport,
  unlockStaffVault,
} from '../../../shared/protocol/index.js';
import { alert, directory, fixedId, membersKey, NOW, north, report, seed } from './fixtures.js';

/**
 * Key material and plaintexts we hold in byte arrays are overwritten once used. Observed by
 * capturing the arrays tweetnacl and the random source hand us, then checking they are zero.
 */
const zero = (bytes: Uint8Array) => bytes.every((b) => b === 0);

afterEach(() => vi.restoreAllMocks());

function captureOpened(kind: 'secretbox' | 'box') {
  const opened: Uint8Array[] = [];
  const keys: Uint8Array[] = [];
  const target = kind === 'secretbox' ? nacl.secretbox : nacl.box;
  const original = target.open;
  vi.spyOn(target, 'open').mockImplementation(((...args: Uint8Array[]) => {
    const result = (original as (...a: Uint8Array[]) => Uint8Array | null)(...args);
    if (result) opened.push(result);
    keys.push(args[args.length - 1]!);
    return result;
  }) as never);
  return { opened, keys };
}

describe('wiping', () => {
  it('the decrypted alert and report plaintexts', async () => {
    const envelope = sealAlert(alert, north.signing.secretKey, membersKey);
    const sealed = sealReport(report, north.box.publicKey);
    // nacl.box.open finishes in nacl.secretbox.open, so one spy sees both plaintexts.
    const secretbox = captureOpened('secretbox');
    expect(await openAlert(envelope, [membersKey], directory)).toMatchObject({ ok: true });
    expect(openReport(sealed, north.box.secretKey)).toEqual(report);
    expect(secretbox.opened).toHaveLength(2);
    expect(secretbox.opened.every(zero)).toBe(true);
  });

  it('the ephemeral secret of a sealed report, grant and reply', () => {
    const drawn: Uint8Array[] = [];
    const original = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(((a: Uint8Array) => {
      drawn.push(a);
      return original(a);
    }) as never);
    sealReport(report, north.box.publicKey);
    const device = nacl.box.keyPair.fromSecretKey(seed(33));
    sealKeyGrant('members', membersKey, device.publicKey, 'north-east', north.signing.secretKey);
    sealReply(
      { v: 1, scheme: 'north-east', sentAt: NOW, text: 'Hello.' },
      device.publicKey,
      north.signing.secretKey,
    );
    const secrets = drawn.filter((d) => d.length === 32);
    expect(secrets).toHaveLength(3);
    expect(secrets.every(zero)).toBe(true);
  });

  it('the invite key, the reply key pair and the vault key after use', async () => {
    const { code, record } = createInvite('north-east', [membersKey], NOW + 86_400_000);
    const secretbox = captureOpened('secretbox');
    expect(openInvite(code, record, NOW)).not.toBeNull();
    expect(zero(secretbox.keys[0]!) && zero(secretbox.opened[0]!)).toBe(true);

    const receipt = createReceipt();
    const reply = sealReply(
      { v: 1, scheme: 'north-east', sentAt: NOW, text: 'Hello.' },
      replyKeyPair(receipt.code).publicKey,
      north.signing.secretKey,
    );
    const box = captureOpened('box');
    expect(await openReply(reply, receipt.code, () => north.signing.publicKey)).not.toBeNull();
    expect(zero(box.keys[0]!) && zero(box.opened[0]!)).toBe(true);

    const vault = await createStaffVault(north, 'correct horse battery', fixedId(4), {
      logN: 10,
      r: 1,
      p: 1,
    });
    expect((await unlockStaffVault(vault, 'correct horse battery')).ok).toBe(true);
    expect(zero(secretbox.keys.at(-1)!) && zero(secretbox.opened.at(-1)!)).toBe(true);
  });

  it('the opened key grant', async () => {
    const device = nacl.box.keyPair.fromSecretKey(seed(34));
    const grant = sealKeyGrant(
      'members',
      membersKey,
      device.publicKey,
      'north-east',
      north.signing.secretKey,
    );
    const box = captureOpened('box');
    expect((await openKeyGrant(grant, device, directory, 'members')).ok).toBe(true);
    expect(zero(box.opened[0]!)).toBe(true);
  });
});
