import { describe, expect, it } from 'vitest';
import { createStaffVault } from '../../../shared/protocol/staff-vault.js';
import { memorySessionArea } from '../../../shared/staff/session-area.js';
import {
  ACTIVE_KEY,
  SESSION_KEY,
  lockIfIdle,
  lockSession,
  readSession,
  startSession,
  touchSession,
  unlockFromVaults,
} from '../../../shared/staff/staff-session.js';
import { schemeSecrets } from './staff-fixtures.js';

const CHEAP = { logN: 10, r: 8, p: 1 };
const MINUTE = 60_000;

describe('unlockFromVaults', () => {
  it('opens with any staff member own passphrase and says which vault opened', async () => {
    const secrets = schemeSecrets();
    const vaults = [
      await createStaffVault(
        secrets,
        'first staff passphrase words',
        'AAAAAAAAAAAAAAAAAAAAAA',
        CHEAP,
      ),
      await createStaffVault(
        secrets,
        'second staff passphrase words',
        'BBBBBBBBBBBBBBBBBBBBBB',
        CHEAP,
      ),
    ];
    const second = await unlockFromVaults(vaults, 'second staff passphrase words');
    expect(second.ok && second.staff).toBe('BBBBBBBBBBBBBBBBBBBBBB');
    expect(second.ok && second.secrets.box.secretKey).toEqual(secrets.box.secretKey);
    const first = await unlockFromVaults(
      vaults,
      'first staff passphrase words',
      'BBBBBBBBBBBBBBBBBBBBBB',
    );
    expect(first.ok && first.staff).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    // Each passphrase yields its own journal seed; the same one again yields the same seed.
    const again = await unlockFromVaults(vaults, 'second staff passphrase words');
    expect(second.ok && first.ok && second.staffSeed).not.toEqual(first.ok && first.staffSeed);
    expect(again.ok && again.staffSeed).toEqual(second.ok && second.staffSeed);
  });

  it('answers wrong-passphrase and no-vaults as results, never throwing', async () => {
    const vault = await createStaffVault(
      schemeSecrets(),
      'the right passphrase',
      'AAAAAAAAAAAAAAAAAAAAAA',
      CHEAP,
    );
    await expect(unlockFromVaults([vault], 'not the right one')).resolves.toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
    await expect(unlockFromVaults([], 'anything')).resolves.toEqual({
      ok: false,
      reason: 'no-vaults',
    });
  });
});

describe('staff session', () => {
  const unlocked = () => ({
    staff: 'AAAAAAAAAAAAAAAAAAAAAA',
    secrets: schemeSecrets(),
    staffSeed: new Uint8Array(32).fill(7),
  });

  it('round-trips the secrets through the session area as plain JSON', async () => {
    const area = memorySessionArea();
    const u = unlocked();
    await startSession(area, u, { now: 1_000, idleMinutes: 15 });
    const stored = await area.get(SESSION_KEY);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    const session = await readSession(area, 1_000 + 14 * MINUTE);
    expect(session?.secrets.signing.secretKey).toEqual(u.secrets.signing.secretKey);
    expect(session?.staff).toBe(u.staff);
  });

  it('locks after the idle limit, and activity moves the limit', async () => {
    const area = memorySessionArea();
    await startSession(area, unlocked(), { now: 0, idleMinutes: 15 });
    expect(await touchSession(area, 10 * MINUTE)).toBe(true);
    expect(await lockIfIdle(area, 24 * MINUTE)).toBe(false);
    expect(await readSession(area, 24 * MINUTE)).not.toBeNull();
    expect(await lockIfIdle(area, 26 * MINUTE)).toBe(true);
    expect(await area.get(SESSION_KEY)).toBeUndefined();
    expect(await touchSession(area, 26 * MINUTE)).toBe(false);
  });

  it('treats an idle session found by a reader as locked and removes it', async () => {
    const area = memorySessionArea();
    await startSession(area, unlocked(), { now: 0, idleMinutes: 5 });
    expect(await readSession(area, 6 * MINUTE)).toBeNull();
    expect(await area.get(SESSION_KEY)).toBeUndefined();
  });

  it('removes a damaged session instead of using it', async () => {
    const area = memorySessionArea();
    await area.set(SESSION_KEY, { v: 1, scheme: 'north-east' });
    expect(await readSession(area)).toBeNull();
    expect(await area.get(SESSION_KEY)).toBeUndefined();
  });

  it('locks on demand and refuses an idle limit outside 1..120 minutes', async () => {
    const area = memorySessionArea();
    await startSession(area, unlocked());
    await lockSession(area);
    expect(await readSession(area)).toBeNull();
    await expect(startSession(area, unlocked(), { idleMinutes: 0 })).rejects.toThrow(RangeError);
    await expect(startSession(area, unlocked(), { idleMinutes: 121 })).rejects.toThrow(RangeError);
  });

  it('never brings a locked session back when a touch races the lock', async () => {
    const area = memorySessionArea();
    await startSession(area, unlocked(), { now: 0 });
    const racing = touchSession(area, MINUTE);
    await lockSession(area);
    await racing;
    await touchSession(area, 2 * MINUTE);
    expect(await area.get(SESSION_KEY)).toBeUndefined();
    expect(await readSession(area, 2 * MINUTE)).toBeNull();
  });

  it('does not count activity from before this unlock', async () => {
    const area = memorySessionArea();
    await area.set(ACTIVE_KEY, 100 * MINUTE);
    await startSession(area, unlocked(), { now: 0, idleMinutes: 5 });
    expect(await readSession(area, 6 * MINUTE)).toBeNull();
  });
});
