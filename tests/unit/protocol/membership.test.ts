import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  addMembersKey,
  createDeviceKey,
  createInvite,
  createMatchingKey,
  createStaffVault,
  currentMembersKey,
  enrolmentKey,
  inviteId,
  matchingToken,
  matchingTokens,
  openAlert,
  openDeviceEnrolment,
  openInvite,
  openKeyGrant,
  parseCode,
  parseReplyKey,
  rotateMembersKey,
  schemeSecretsFromJson,
  schemeSecretsToJson,
  sealAlert,
  sealDeviceEnrolment,
  sealKeyGrant,
  unlockStaffVault,
  wipeSchemeSecrets,
} from '../../../shared/protocol/index.js';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import { alert, directory, entry, fixedId, london, membersKey, NOW, north } from './fixtures.js';

/**
 * The membership journey of issue 4: invite → device enrolment → key rotation sealed to each
 * device → a removed member can no longer read new alerts.
 */
describe("members' key epochs", () => {
  it('rotates: enrolled devices get the new epoch, a left-out device cannot read new alerts', async () => {
    const { code, record } = createInvite('north-east', [membersKey], NOW + 86_400_000);
    const staffKeeps = { [inviteId(code)]: enrolmentKey(code) };

    // Worker: types the code, opens the grant, makes a device key and enrols it.
    const typed = parseCode(code.text.toLowerCase());
    if (!typed.ok) throw new Error('setup');
    const grant = openInvite(typed.code, record, NOW);
    expect(grant?.members).toEqual([membersKey]);
    const kept = createDeviceKey();
    const removed = createDeviceKey();
    const enrolment = sealDeviceEnrolment(
      typed.code,
      'north-east',
      kept.publicKey,
      north.box.publicKey,
      NOW,
    );

    // Staff: open the enrolment, rotate, seal the new epoch to the kept device only.
    const opened = openDeviceEnrolment(enrolment, north.box.secretKey, (id) => staffKeeps[id]);
    expect(opened.ok && opened.enrolment.devicePublicKey).toEqual(kept.publicKey);
    const next = rotateMembersKey([membersKey]);
    expect(next.epoch).toBe(2);
    const sealed = sealKeyGrant(
      'members',
      next,
      kept.publicKey,
      'north-east',
      north.signing.secretKey,
      NOW,
    );

    // Kept device: verifies, adds the epoch; new alerts use it.
    const received = await openKeyGrant(sealed, kept, directory, 'members');
    expect(received.ok).toBe(true);
    if (!received.ok) return;
    const added = addMembersKey(grant!.members, received.grant);
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    const held = added.keys;
    expect(currentMembersKey(held).epoch).toBe(2);
    const envelope = sealAlert(
      alert,
      north.signing.secretKey,
      currentMembersKey([membersKey, next]),
    );
    expect(await openAlert(envelope, held, directory)).toMatchObject({ ok: true });

    // Left-out device: the grant is not for it, and with epoch 1 only it cannot read.
    expect(await openKeyGrant(sealed, removed, directory, 'members')).toEqual({
      ok: false,
      reason: 'not-for-this-key',
    });
    expect(await openAlert(envelope, [membersKey], directory)).toEqual({
      ok: false,
      reason: 'unknown-epoch',
    });
  });

  it('refuses a second, different key for an epoch already held', () => {
    const other = { epoch: 1, key: nacl.randomBytes(32) };
    expect(addMembersKey([membersKey], other)).toEqual({ ok: false, reason: 'conflict' });
    expect(addMembersKey([membersKey], { ...membersKey, key: membersKey.key.slice() })).toEqual({
      ok: true,
      keys: [membersKey],
      added: false,
    });
  });

  it('a member device refuses the matching key; grants from a suspended scheme are refused', async () => {
    const device = createDeviceKey();
    const matching = { epoch: 0, key: createMatchingKey() };
    const toDevice = sealKeyGrant(
      'matching',
      matching,
      device.publicKey,
      'north-east',
      north.signing.secretKey,
      NOW,
    );
    expect(await openKeyGrant(toDevice, device, directory, 'members')).toEqual({
      ok: false,
      reason: 'wrong-kind',
    });
    const toScheme = sealKeyGrant(
      'matching',
      matching,
      london.box.publicKey,
      'north-east',
      north.signing.secretKey,
      NOW,
    );
    const atLondon = await openKeyGrant(toScheme, london.box, directory, 'matching');
    expect(atLondon.ok && atLondon.grant.key).toEqual(matching.key);

    const suspended = { ...directory, schemes: [entry(north, 'suspended'), entry(london)] };
    const grant = sealKeyGrant(
      'members',
      membersKey,
      device.publicKey,
      'north-east',
      north.signing.secretKey,
      NOW,
    );
    expect(await openKeyGrant(grant, device, suspended, 'members')).toEqual({
      ok: false,
      reason: 'suspended-scheme',
    });
  });

  it("a grant forged by london in north-east's name is refused", async () => {
    const device = createDeviceKey();
    const forged = sealKeyGrant(
      'members',
      membersKey,
      device.publicKey,
      'north-east',
      london.signing.secretKey,
      NOW,
    );
    expect(await openKeyGrant(forged, device, directory, 'members')).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses to seal to a small-order key', () => {
    expect(() =>
      sealKeyGrant(
        'members',
        membersKey,
        new Uint8Array(32),
        'north-east',
        north.signing.secretKey,
        NOW,
      ),
    ).toThrow(/small order/);
  });
});

describe('reply keys from reports', () => {
  it('are read only when 32 bytes and not of small order', () => {
    const good = createDeviceKey().publicKey;
    expect(parseReplyKey(toBase64Url(good))).toEqual(good);
    expect(parseReplyKey('')).toBeNull();
    expect(parseReplyKey(toBase64Url(new Uint8Array(32)))).toBeNull();
    expect(parseReplyKey(toBase64Url(good.subarray(1)))).toBeNull();
    expect(parseReplyKey(42)).toBeNull();
  });
});

describe('blind matching tokens', () => {
  const key = createMatchingKey();

  it('match across schemes for the same normalised identifier, differ across kinds and keys', () => {
    const phone = { kind: 'phone' as const, value: '+447700900123' };
    expect(matchingToken(phone, key)).toBe(matchingToken({ ...phone }, key));
    expect(matchingToken(phone, key)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(matchingToken(phone, key)).not.toBe(
      matchingToken({ ...phone, value: '+447700900124' }, key),
    );
    expect(matchingToken(phone, key)).not.toBe(
      matchingToken({ kind: 'handle', value: phone.value }, key),
    );
    expect(matchingToken(phone, key)).not.toBe(matchingToken(phone, createMatchingKey()));
  });

  it('refuses partial identifiers and empty values; throws on a bad key', () => {
    expect(matchingToken({ kind: 'partial-phone', value: '900123' }, key)).toBeNull();
    expect(matchingToken({ kind: 'email', value: '' }, key)).toBeNull();
    expect(() => matchingToken({ kind: 'phone', value: '+447700900123' }, key.subarray(1))).toThrow(
      TypeError,
    );
    const tokens = matchingTokens(
      [
        { kind: 'phone', value: '+447700900123' },
        { kind: 'phone', value: '+447700900123' },
        { kind: 'partial-plate', value: 'ZZ9' },
        { kind: 'email', value: 'client@example.com' },
      ],
      key,
    );
    expect(tokens).toHaveLength(2);
  });

  it('the key travels in the staff vault; vaults without it still open', async () => {
    const cost = { logN: 10, r: 1, p: 1 };
    const withKey = await createStaffVault(north, 'correct horse battery', fixedId(1), cost);
    const opened = await unlockStaffVault(withKey, 'correct horse battery');
    expect(opened.ok && opened.secrets.matchingKey).toEqual(north.matchingKey);

    const legacy = { ...north };
    delete legacy.matchingKey;
    const json = schemeSecretsToJson(legacy);
    expect(Object.keys(json)).not.toContain('matchingKey');
    expect(schemeSecretsFromJson(json)?.matchingKey).toBeUndefined();
    expect(schemeSecretsFromJson({ ...json, surprise: 1 })).toBeNull();
  });

  it('wipes scheme secrets in place', () => {
    const copy = schemeSecretsFromJson(schemeSecretsToJson(north))!;
    wipeSchemeSecrets(copy);
    expect(copy.box.secretKey.every((b) => b === 0)).toBe(true);
    expect(copy.signing.secretKey.every((b) => b === 0)).toBe(true);
    expect(copy.matchingKey!.every((b) => b === 0)).toBe(true);
    expect(copy.members.every((m) => m.key.every((b) => b === 0))).toBe(true);
  });
});
